import { Auditor, type Finding, type KnowledgeBase, type Visit } from "@yibao/core/audit";
import { fieldError, YibaoError } from "@yibao/core/errors";
import { addDays, beijingMidnight, checkDate } from "@yibao/core/time";
import { type Actor, recordAudit } from "../../audit/audit.ts";
import type { Db } from "../../db/database.ts";
import { type FindingRow, findJob, finishJob, insertJob, saveBatch } from "./audit-job.repository.ts";
import { visitFromRows } from "./audit-visit.ts";
import { knowledgeBaseOf, publishedKnowledgeBase } from "./kb.service.ts";
import {
  type FeeLineRow,
  type VisitKey,
  type VisitRow,
  feeLinesOf,
  settledVisitsPage,
} from "./visit-source.repository.ts";

/**
 * The batch audit after settlement (事后审核) over the database: every settled visit that began in
 * the period, in the contract's order (begin time, then id), against the history of the visits
 * before it (from `lookbackDays` before the period, so a readmission or a repeat prescription
 * across the period's start is seen). Each page's findings commit with the job's cursor, so an
 * interrupted job resumes after the last visit written: the visits before the cursor are audited
 * again only to rebuild the history, and write nothing.
 */
export interface JobProgress {
  visits: number; // visits of the period audited by this run
  lines: number;
  findings: number;
  linesPerMinute: number;
}

export interface RunOptions {
  pageSize?: number;
  progress?: (p: JobProgress) => void;
  /** stop after this many pages were written (tests of resumption) */
  stopAfterPages?: number;
}

const MAX_PERIOD_DAYS = 366;
const MAX_LOOKBACK_DAYS = 366;

export async function createAuditJob(
  db: Db,
  actor: Actor,
  input: { from: string; to: string; kind: "audit" | "trial"; kbVersionId?: bigint; lookbackDays?: number },
) {
  const from = checkDate(input.from, "from");
  const to = checkDate(input.to, "to");
  if (to < from) throw fieldError("FIELD_INVALID", "to", "to is before from");
  if (addDays(from, MAX_PERIOD_DAYS) <= to)
    throw fieldError("FIELD_INVALID", "to", `a period is at most ${MAX_PERIOD_DAYS} days`);
  const lookbackDays = input.lookbackDays ?? 90;
  if (lookbackDays < 0 || lookbackDays > MAX_LOOKBACK_DAYS)
    throw fieldError("FIELD_INVALID", "lookbackDays", `lookbackDays is 0-${MAX_LOOKBACK_DAYS}`);
  // an audit runs the published version; a trial names the draft it tries
  let kbVersionId: bigint;
  if (input.kind === "trial" && input.kbVersionId !== undefined) {
    await knowledgeBaseOf(db, input.kbVersionId); // it exists and loads
    kbVersionId = input.kbVersionId;
  } else kbVersionId = (await publishedKnowledgeBase(db)).id;
  return db.transaction().execute(async (trx) => {
    const job = await insertJob(trx, {
      kind: input.kind,
      kbVersionId,
      from,
      to,
      lookbackDays,
      createdBy: actor.login,
    });
    await recordAudit(trx, actor, {
      action: `supervision.job.${input.kind}`,
      entity: "audit_jobs",
      entityId: job.id,
      after: { from, to, kbVersionId, lookbackDays },
    });
    return job;
  });
}

function byVisit(rows: FeeLineRow[]): Map<bigint, FeeLineRow[]> {
  const out = new Map<bigint, FeeLineRow[]>();
  for (const r of rows) {
    const list = out.get(r.visit_id);
    if (list) list.push(r);
    else out.set(r.visit_id, [r]);
  }
  return out;
}

const isAfter = (v: VisitRow, k: VisitKey | null) =>
  k === null || v.begntime > k.begntime || (v.begntime.getTime() === k.begntime.getTime() && v.id > k.id);

function findingRows(jobId: bigint, row: VisitRow, visit: Visit, findings: Finding[]): FindingRow[] {
  return findings.map((f) => ({
    job_id: jobId,
    visit_id: row.id,
    mdtrt_id: row.mdtrt_id,
    institution_code: row.institution_code,
    rule: f.rule,
    rule_code: f.code,
    family: f.family,
    result: f.result,
    severity: f.severity,
    lines: f.lines.map((i) => visit.lines[i]!.id),
    amount: f.amount,
    evidence: f.evidence,
  }));
}

/** Runs (or resumes) a job to its end, or until `stopAfterPages`. Returns the job as stored. */
export async function runAuditJob(db: Db, jobId: bigint, now: () => Date, options: RunOptions = {}) {
  const job = await findJob(db, jobId);
  if (!job) throw new YibaoError("NOT_FOUND", `No audit job ${jobId}`, { field: "id" });
  if (job.status === "done") return job;
  const kb: KnowledgeBase = await knowledgeBaseOf(db, job.kb_version_id);
  const auditor = new Auditor(kb, { stage: "after" });
  const periodStart = beijingMidnight(job.period_from);
  const range = {
    from: beijingMidnight(addDays(job.period_from, -job.lookback_days)),
    to: beijingMidnight(addDays(job.period_to, 1)),
  };
  const cursor: VisitKey | null =
    job.cursor_time && job.cursor_visit_id !== null
      ? { begntime: job.cursor_time, id: job.cursor_visit_id }
      : null;
  const done: JobProgress = { visits: 0, lines: 0, findings: 0, linesPerMinute: 0 };
  let started = process.hrtime.bigint();
  let spent = 0; // seconds of this run, for its rate
  let pages = 0;
  let after: VisitKey | null = null;
  for (;;) {
    const page = await settledVisitsPage(db, range, after, options.pageSize ?? 500);
    if (page.length === 0) break;
    const lines = byVisit(
      await feeLinesOf(
        db,
        page.map((v) => v.id),
      ),
    );
    const out: FindingRow[] = [];
    let audited = 0;
    let auditedLines = 0;
    for (const row of page) {
      const visit = visitFromRows(kb, row, lines.get(row.id) ?? []);
      if (visit === null) continue;
      const findings = auditor.audit(visit); // every visit joins the history, written or not
      if (row.begntime < periodStart || !isAfter(row, cursor)) continue;
      audited++;
      auditedLines += visit.lines.length;
      out.push(...findingRows(job.id, row, visit, findings));
    }
    const last = page[page.length - 1]!;
    after = { begntime: last.begntime, id: last.id };
    if (!isAfter(last, cursor) || last.begntime < periodStart) continue; // history only
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    started = process.hrtime.bigint();
    await db.transaction().execute((trx) =>
      saveBatch(trx, job.id, out, {
        cursorTime: last.begntime,
        cursorVisitId: last.id,
        visits: audited,
        lines: auditedLines,
        seconds,
      }),
    );
    done.visits += audited;
    done.lines += auditedLines;
    done.findings += out.length;
    spent += seconds;
    done.linesPerMinute = linesPerMinute(BigInt(done.lines), spent);
    options.progress?.(done);
    if (options.stopAfterPages !== undefined && ++pages >= options.stopAfterPages)
      return (await findJob(db, jobId))!;
  }
  await finishJob(db, job.id, now(), Number(process.hrtime.bigint() - started) / 1e9);
  return (await findJob(db, jobId))!;
}

/** Lines per minute of a job's stored figures (its own rate, next to `yibao audit`'s). */
export const linesPerMinute = (lines: bigint, seconds: number) =>
  seconds > 0 ? Math.round((Number(lines) / seconds) * 60) : 0;

/** A job's fields as the API answers them (its single read and the list share them). */
export function jobFields(j: NonNullable<Awaited<ReturnType<typeof findJob>>>) {
  return {
    id: String(j.id),
    kind: j.kind,
    kbVersionId: String(j.kb_version_id),
    from: j.period_from,
    to: j.period_to,
    lookbackDays: j.lookback_days,
    status: j.status,
    visits: j.visits,
    lines: String(j.lines),
    findings: j.findings,
    seconds: j.seconds,
    linesPerMinute: linesPerMinute(BigInt(j.lines), j.seconds),
    createdBy: j.created_by,
    createdAt: j.created_at,
    finishedAt: j.finished_at,
  };
}
