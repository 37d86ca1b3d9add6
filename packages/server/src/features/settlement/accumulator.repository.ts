import type { AccumulatorDelta, Accumulators } from "@yibao/core/settlement";
import type { Selectable } from "kysely";
import type { PersonAccumulatorTable } from "./settlement.table.ts";
import type { Executor } from "../../db/database.ts";

export function toAccumulators(
  r: Omit<Selectable<PersonAccumulatorTable>, "person_id" | "year" | "opening">,
): Accumulators {
  return {
    admissions: r.admissions,
    deductiblePaid: r.deductible_paid,
    poolPaid: r.pool_paid,
    largeAmountPaid: r.large_amount_paid,
    ciBurden: r.ci_burden,
    ciPaid: r.ci_paid,
    mafDeductiblePaid: r.maf_deductible_paid,
    mafPaid: r.maf_paid,
  };
}

/**
 * Locks the person's accumulator row for the year (creating it at zero), for writers that hold it
 * across a transaction (opening balances). Settlements lock it in their guarded statement
 * (settle.repository.ts).
 */
export async function lockAccumulators(ex: Executor, personId: bigint, year: number): Promise<Accumulators> {
  await ex
    .insertInto("person_accumulators")
    .values({ person_id: personId, year })
    .onConflict((oc) => oc.columns(["person_id", "year"]).doNothing())
    .execute();
  const r = await ex
    .selectFrom("person_accumulators")
    .selectAll()
    .where("person_id", "=", personId)
    .where("year", "=", year)
    .forUpdate()
    .executeTakeFirstOrThrow();
  return toAccumulators(r);
}

export async function readAccumulators(
  ex: Executor,
  personId: bigint,
  year: number,
): Promise<Accumulators | null> {
  const r = await ex
    .selectFrom("person_accumulators")
    .selectAll()
    .where("person_id", "=", personId)
    .where("year", "=", year)
    .executeTakeFirst();
  if (!r) return null;
  return toAccumulators(r);
}

export function deltaToJson(d: AccumulatorDelta): Record<string, string | number> {
  return {
    admissions: d.admissions,
    deductiblePaid: String(d.deductiblePaid),
    poolPaid: String(d.poolPaid),
    largeAmountPaid: String(d.largeAmountPaid),
    ciBurden: String(d.ciBurden),
    ciPaid: String(d.ciPaid),
    mafDeductiblePaid: String(d.mafDeductiblePaid),
    mafPaid: String(d.mafPaid),
    balance: String(d.balance),
  };
}

export function deltaFromJson(j: Record<string, string | number>): AccumulatorDelta {
  const b = (k: string) => BigInt(j[k] ?? 0);
  return {
    admissions: Number(j.admissions ?? 0),
    deductiblePaid: b("deductiblePaid"),
    poolPaid: b("poolPaid"),
    largeAmountPaid: b("largeAmountPaid"),
    ciBurden: b("ciBurden"),
    ciPaid: b("ciPaid"),
    mafDeductiblePaid: b("mafDeductiblePaid"),
    mafPaid: b("mafPaid"),
    balance: b("balance"),
  };
}
