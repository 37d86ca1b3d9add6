import { type Insertable, sql } from "kysely";
import type { Executor } from "../../db/database.ts";
import type { AgreementTerminationTable, InstitutionAgreementTable } from "./agreement.table.ts";

/** An institution's agreements with their terminations, oldest first. */
export function agreementsOf(ex: Executor, code: string) {
  return ex
    .selectFrom("institution_agreements as a")
    .leftJoin("agreement_terminations as t", "t.agreement_id", "a.id")
    .select([
      "a.id",
      "a.agreement_no",
      "a.valid_from",
      "a.valid_to",
      "a.scope",
      "a.recorded_by",
      "a.recorded_at",
      "t.last_day",
      "t.reason",
      "t.recorded_by as terminated_by",
      "t.recorded_at as terminated_at",
    ])
    .where("a.institution_code", "=", code)
    .orderBy("a.valid_from")
    .orderBy("a.id")
    .execute();
}

export type AgreementRow = Awaited<ReturnType<typeof agreementsOf>>[number];

export function insertAgreement(ex: Executor, row: Insertable<InstitutionAgreementTable>) {
  return ex.insertInto("institution_agreements").values(row).returningAll().executeTakeFirstOrThrow();
}

export function insertTermination(ex: Executor, row: Insertable<AgreementTerminationTable>) {
  return ex.insertInto("agreement_terminations").values(row).returningAll().executeTakeFirstOrThrow();
}

export async function agreementNoTaken(ex: Executor, no: string): Promise<boolean> {
  const r = await ex
    .selectFrom("institution_agreements")
    .select("id")
    .where("agreement_no", "=", no)
    .executeTakeFirst();
  return r !== undefined;
}

/** The institution row, locked: its agreements change one writer at a time. */
export function lockInstitution(ex: Executor, code: string) {
  return ex.selectFrom("institutions").selectAll().where("code", "=", code).forUpdate().executeTakeFirst();
}

export function setAgreementWindow(ex: Executor, code: string, from: string, to: string | null) {
  return ex
    .updateTable("institutions")
    .set({ agreement_from: from, agreement_to: to })
    .where("code", "=", code)
    .execute();
}

/**
 * Records, for every institution without one, its agreement days as its first agreement,
 * numbered from its code and start (as migration 0920 did): for institutions loaded in bulk.
 */
export async function recordFirstAgreements(ex: Executor, by: string) {
  await ex
    .insertInto("institution_agreements")
    .columns(["institution_code", "agreement_no", "valid_from", "valid_to", "recorded_by"])
    .expression((eb) =>
      eb
        .selectFrom("institutions as i")
        .select([
          "i.code",
          sql<string>`'XY' || i.code || to_char(i.agreement_from, 'YYYYMMDD')`.as("agreement_no"),
          "i.agreement_from",
          "i.agreement_to",
          sql.lit(by).as("recorded_by"),
        ])
        .where((w) =>
          w.not(
            w.exists(
              w
                .selectFrom("institution_agreements as a")
                .select("a.id")
                .whereRef("a.institution_code", "=", "i.code"),
            ),
          ),
        )
        .orderBy("i.code"),
    )
    .execute();
}
