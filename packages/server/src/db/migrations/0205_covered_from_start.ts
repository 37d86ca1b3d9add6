import { type Kysely, sql } from "kysely";

/**
 * Retirees (12xx, 1300 离休) pay no contributions and newborns (1401) are covered from birth: their
 * benefits start with the enrolment (enrolment.service.ts coveredFromStart). Enrolments imported
 * from CSV before the import applied the same rule were left waiting for a payment that never
 * comes (a retiree's assessment is zero), so settlement refused them (SETL_WAITING_PERIOD): this
 * starts their benefits on the enrolment's start date, as the rule would have.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    update enrolments set benefit_start_date = start_date
    where benefit_start_date is null and status <> 'terminated'
      and (psn_type like '12%' or psn_type in ('1300', '1401'))`.execute(db);
}

export async function down(): Promise<void> {
  // Data repaired, not a schema change: nothing to undo.
}
