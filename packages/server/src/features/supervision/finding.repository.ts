import { sql } from "kysely";
import type { Executor } from "../../db/database.ts";

/** A finding's columns as the lists answer them (alias f). */
export const FINDING_COLUMNS = [
  "f.id",
  "f.job_id",
  "f.stage",
  "f.settle_action",
  "f.mdtrt_id",
  "f.institution_code",
  "f.rule",
  "f.rule_code",
  "f.family",
  "f.result",
  "f.severity",
  "f.lines",
  "f.amount",
  "f.evidence",
] as const;

/** Findings, newest first, by job, institution and rule, with the case each belongs to. */
export async function listFindings(
  ex: Executor,
  f: { jobId?: bigint; institution?: string; rule?: string; psnNo?: string },
  limit: number,
) {
  let q = ex
    .selectFrom("audit_findings as f")
    .leftJoin("case_findings as cf", "cf.finding_id", "f.id")
    .select([...FINDING_COLUMNS, "cf.case_id"]);
  if (f.jobId !== undefined) q = q.where("f.job_id", "=", f.jobId);
  if (f.institution) q = q.where("f.institution_code", "=", f.institution);
  if (f.rule) q = q.where("f.rule", "=", f.rule);
  // one person's: the findings on their visits (the person page)
  if (f.psnNo)
    q = q.where("f.mdtrt_id", "in", (eb) =>
      eb
        .selectFrom("visits as v")
        .innerJoin("persons as p", "p.id", "v.person_id")
        .select("v.mdtrt_id")
        .where("p.psn_no", "=", f.psnNo!),
    );
  return q.orderBy("f.id", "desc").limit(limit).execute();
}

/** What a job found, by rule: the test bench's summary of what a draft would have found. */
export async function findingsByRule(ex: Executor, jobId: bigint) {
  return ex
    .selectFrom("audit_findings")
    .select(["rule", "result", sql<string>`count(*)`.as("n"), sql<string>`sum(amount)`.as("amount")])
    .where("job_id", "=", jobId)
    .groupBy(["rule", "result"])
    .orderBy("rule")
    .execute();
}
