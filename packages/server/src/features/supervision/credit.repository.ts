import type { Executor } from "../../db/database.ts";

/** Cases decided as a deduction in [from, to), with their decision time, in decision order. */
export async function deductedCases(ex: Executor, from: Date, to: Date) {
  return ex
    .selectFrom("supervision_cases as c")
    .innerJoin("case_events as e", (j) => j.onRef("e.case_id", "=", "c.id").on("e.action", "=", "deducted"))
    .select(["c.case_no", "c.institution_code", "c.deduction", "e.at"])
    .where("c.status", "=", "deducted")
    .where("e.at", ">=", from)
    .where("e.at", "<", to)
    .orderBy("e.at")
    .orderBy("c.id")
    .execute();
}
