import type { Accumulators } from "@yibao/core/settlement";
import type { Executor } from "../../db/database.ts";
import { accumulatorValues } from "./accumulator.repository.ts";

/** Whether the person has any settlement (or reversal) in the year. */
export async function hasSettlementIn(ex: Executor, personId: bigint, year: number): Promise<boolean> {
  const row = await ex
    .selectFrom("settlements")
    .select("id")
    .where("person_id", "=", personId)
    .where("year", "=", year)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/** Sets the year's accumulators as carried from the old system, keeping the opening document. */
export async function setOpeningAccumulators(
  ex: Executor,
  personId: bigint,
  year: number,
  ytd: Accumulators,
  opening: object,
) {
  await ex
    .updateTable("person_accumulators")
    .set({ ...accumulatorValues(ytd), opening: JSON.stringify(opening) })
    .where("person_id", "=", personId)
    .where("year", "=", year)
    .execute();
}

/** Benefits of the person's active enrolments without a start date run from `day`. */
export async function startWaitingBenefits(ex: Executor, personId: bigint, day: string) {
  await ex
    .updateTable("enrolments")
    .set({ benefit_start_date: day })
    .where("person_id", "=", personId)
    .where("status", "=", "active")
    .where("benefit_start_date", "is", null)
    .execute();
}
