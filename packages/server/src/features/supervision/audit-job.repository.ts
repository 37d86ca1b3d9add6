import type { Executor } from "../../db/database.ts";

export const JOB_COLUMNS = [
  "id",
  "kind",
  "kb_version_id",
  "period_from",
  "period_to",
  "lookback_days",
  "status",
  "cursor_time",
  "cursor_visit_id",
  "visits",
  "lines",
  "findings",
  "seconds",
  "created_by",
  "created_at",
  "finished_at",
] as const;

export async function insertJob(
  ex: Executor,
  j: {
    kind: "audit" | "trial";
    kbVersionId: bigint;
    from: string;
    to: string;
    lookbackDays: number;
    createdBy: string;
  },
) {
  return ex
    .insertInto("audit_jobs")
    .values({
      kind: j.kind,
      kb_version_id: j.kbVersionId,
      period_from: j.from,
      period_to: j.to,
      lookback_days: j.lookbackDays,
      status: "running",
      created_by: j.createdBy,
    })
    .returning(JOB_COLUMNS)
    .executeTakeFirstOrThrow();
}

export async function findJob(ex: Executor, id: bigint) {
  return ex.selectFrom("audit_jobs").select(JOB_COLUMNS).where("id", "=", id).executeTakeFirst();
}

export interface FindingRow {
  job_id: bigint;
  visit_id: bigint;
  mdtrt_id: string;
  institution_code: string;
  rule: string;
  rule_code: string;
  family: string;
  result: "definite" | "suspicious";
  severity: string;
  lines: string[];
  amount: bigint;
  evidence: string;
}

const FINDINGS_PER_INSERT = 500;

/** One batch of a job: its findings and the cursor after them, together (a resumed job starts there). */
export async function saveBatch(
  ex: Executor,
  jobId: bigint,
  findings: FindingRow[],
  progress: { cursorTime: Date; cursorVisitId: bigint; visits: number; lines: number; seconds: number },
) {
  // in chunks: one statement's parameters are limited (12 per finding)
  for (let i = 0; i < findings.length; i += FINDINGS_PER_INSERT)
    await ex
      .insertInto("audit_findings")
      .values(
        findings.slice(i, i + FINDINGS_PER_INSERT).map((f) => ({ ...f, lines: JSON.stringify(f.lines) })),
      )
      .execute();
  await ex
    .updateTable("audit_jobs")
    .set((eb) => ({
      cursor_time: progress.cursorTime,
      cursor_visit_id: progress.cursorVisitId,
      visits: eb("visits", "+", progress.visits),
      lines: eb("lines", "+", BigInt(progress.lines)),
      findings: eb("findings", "+", findings.length),
      seconds: eb("seconds", "+", progress.seconds),
    }))
    .where("id", "=", jobId)
    .execute();
}

export async function finishJob(ex: Executor, jobId: bigint, at: Date, seconds: number) {
  await ex
    .updateTable("audit_jobs")
    .set((eb) => ({ status: "done", finished_at: at, seconds: eb("seconds", "+", seconds) }))
    .where("id", "=", jobId)
    .execute();
}
