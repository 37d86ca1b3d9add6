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

/**
 * Per deducted case decided in [from, to) and person its findings concern: the case, the decision
 * time and the sum of the person's findings' amounts in it (the person's part of the case).
 */
export async function deductedCasesByPerson(ex: Executor, from: Date, to: Date) {
  return ex
    .selectFrom("supervision_cases as c")
    .innerJoin("case_events as e", (j) => j.onRef("e.case_id", "=", "c.id").on("e.action", "=", "deducted"))
    .innerJoin("case_findings as cf", "cf.case_id", "c.id")
    .innerJoin("audit_findings as f", "f.id", "cf.finding_id")
    .innerJoin("visits as v", "v.id", "f.visit_id")
    .innerJoin("persons as p", "p.id", "v.person_id")
    .select((eb) => [
      "c.case_no",
      "e.at",
      "p.psn_no",
      "p.name",
      "p.region_code",
      eb.fn.sum<string>("f.amount").as("amount"),
    ])
    .where("c.status", "=", "deducted")
    .where("e.at", ">=", from)
    .where("e.at", "<", to)
    .groupBy(["c.id", "c.case_no", "e.at", "p.psn_no", "p.name", "p.region_code"])
    .orderBy("e.at")
    .orderBy("c.id")
    .execute();
}

/**
 * Per deducted case decided in [from, to) and attending doctor (atddr_no) of the visits its
 * findings concern: the case, the decision time, the institution and the doctor's part of the
 * findings' amounts. `institution` limits it to one institution's visits.
 */
export async function deductedCasesByDoctor(ex: Executor, from: Date, to: Date, institution: string | null) {
  let q = ex
    .selectFrom("supervision_cases as c")
    .innerJoin("case_events as e", (j) => j.onRef("e.case_id", "=", "c.id").on("e.action", "=", "deducted"))
    .innerJoin("case_findings as cf", "cf.case_id", "c.id")
    .innerJoin("audit_findings as f", "f.id", "cf.finding_id")
    .innerJoin("visits as v", "v.id", "f.visit_id")
    .select((eb) => [
      "c.case_no",
      "e.at",
      "v.atddr_no",
      "v.institution_code",
      eb.fn.sum<string>("f.amount").as("amount"),
    ])
    .where("c.status", "=", "deducted")
    .where("e.at", ">=", from)
    .where("e.at", "<", to)
    .where("v.atddr_no", "is not", null);
  if (institution !== null) q = q.where("v.institution_code", "=", institution);
  return q
    .groupBy(["c.id", "c.case_no", "e.at", "v.atddr_no", "v.institution_code"])
    .orderBy("e.at")
    .orderBy("c.id")
    .execute();
}
