import type { Insertable } from "kysely";
import type { Executor } from "../../db/database.ts";
import type { ManualStepTable } from "./manual-steps.table.ts";

/** A manual reimbursement, locked, with its person's region, settlement, reversal and steps. */
export async function lockReimbursement(ex: Executor, id: bigint) {
  const row = await ex
    .selectFrom("manual_reimbursements as m")
    .innerJoin("persons as p", "p.id", "m.person_id")
    .innerJoin("settlements as s", "s.id", "m.settlement_id")
    .leftJoin("settlements as rev", "rev.reverses_id", "s.id")
    .select([
      "m.id",
      "m.operator_id",
      "p.region_code",
      "s.setl_id",
      "s.fund_pay",
      "rev.setl_id as reversed_by",
    ])
    .where("m.id", "=", id)
    .forUpdate("m")
    .executeTakeFirst();
  if (!row) return undefined;
  const steps = await stepsOf(ex, [id]);
  return { ...row, steps };
}

export function stepsOf(ex: Executor, ids: bigint[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return ex
    .selectFrom("manual_reimbursement_steps")
    .selectAll()
    .where("reimbursement_id", "in", ids)
    .orderBy("id")
    .execute();
}

export function insertStep(ex: Executor, row: Insertable<ManualStepTable>) {
  return ex.insertInto("manual_reimbursement_steps").values(row).returningAll().executeTakeFirstOrThrow();
}
