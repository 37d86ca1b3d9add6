import type { Executor } from "../../db/database.ts";
import { FINDING_COLUMNS } from "./finding.repository.ts";
import { JOB_COLUMNS } from "./audit-job.repository.ts";

/**
 * The console's reads of supervision (supervision-read.routes.ts): audit jobs as a list, findings
 * page by page with the filters of the findings page.
 */
export async function listJobs(
  ex: Executor,
  f: { kind?: "audit" | "trial"; status?: "running" | "done"; kbVersionId?: bigint },
  limit: number,
) {
  let q = ex.selectFrom("audit_jobs").select(JOB_COLUMNS);
  if (f.kind) q = q.where("kind", "=", f.kind);
  if (f.status) q = q.where("status", "=", f.status);
  if (f.kbVersionId !== undefined) q = q.where("kb_version_id", "=", f.kbVersionId);
  return q.orderBy("id", "desc").limit(limit).execute();
}

export interface FindingPageFilter {
  jobId?: bigint;
  institution?: string;
  rule?: string;
  severity?: string;
  result?: "definite" | "suspicious";
  /** true: only findings in a case; false: only those in none */
  inCase?: boolean;
  /** the last id of the page before (newest first) */
  before: bigint | null;
}

/** Findings newest first, `limit + 1` of them (http/paging.ts pageOf), with their case's number. */
export async function findingPage(ex: Executor, f: FindingPageFilter, limit: number) {
  let q = ex
    .selectFrom("audit_findings as f")
    .leftJoin("case_findings as cf", "cf.finding_id", "f.id")
    .leftJoin("supervision_cases as c", "c.id", "cf.case_id")
    .select([...FINDING_COLUMNS, "f.created_at", "cf.case_id", "c.case_no", "c.status as case_status"]);
  if (f.jobId !== undefined) q = q.where("f.job_id", "=", f.jobId);
  if (f.institution) q = q.where("f.institution_code", "=", f.institution);
  if (f.rule) q = q.where("f.rule", "=", f.rule);
  if (f.severity) q = q.where("f.severity", "=", f.severity);
  if (f.result) q = q.where("f.result", "=", f.result);
  if (f.inCase === true) q = q.where("cf.case_id", "is not", null);
  if (f.inCase === false) q = q.where("cf.case_id", "is", null);
  if (f.before !== null) q = q.where("f.id", "<", f.before);
  return q
    .orderBy("f.id", "desc")
    .limit(limit + 1)
    .execute();
}
