import { sql } from "kysely";
import type { Executor } from "../../db/database.ts";
import type { CaseStatus, SupervisionCaseTable } from "./supervision.table.ts";

export const CASE_COLUMNS = [
  "id",
  "case_no",
  "source",
  "institution_code",
  "summary",
  "amount_at_issue",
  "status",
  "assigned_to",
  "deduction",
  "deducted_year",
  "deducted_run_id",
  "created_by",
  "created_at",
  "updated_at",
] as const;

export async function findingsByIds(ex: Executor, ids: bigint[]) {
  return ex
    .selectFrom("audit_findings as f")
    .leftJoin("audit_jobs as j", "j.id", "f.job_id")
    .leftJoin("case_findings as cf", "cf.finding_id", "f.id")
    .select(["f.id", "f.institution_code", "f.amount", "f.rule", "j.kind", "cf.case_id"])
    .where("f.id", "in", ids)
    .execute();
}

/** A new case: its number is JG + the year + its id (案件编号), fixed when it is opened. */
export async function insertCase(
  ex: Executor,
  c: Pick<
    SupervisionCaseTable,
    "source" | "institution_code" | "summary" | "amount_at_issue" | "assigned_to" | "created_by"
  >,
  year: number,
) {
  const { rows } = await sql<{ id: string }>`select nextval('supervision_cases_id_seq') as id`.execute(ex);
  const id = BigInt(rows[0]!.id);
  return ex
    .insertInto("supervision_cases")
    .values({ ...c, id, case_no: `JG${year}${String(id).padStart(6, "0")}`, status: "open" })
    .returning(CASE_COLUMNS)
    .executeTakeFirstOrThrow();
}

export async function linkFindings(ex: Executor, caseId: bigint, findingIds: bigint[]) {
  await ex
    .insertInto("case_findings")
    .values(findingIds.map((finding_id) => ({ case_id: caseId, finding_id })))
    .execute();
}

export async function appendEvent(
  ex: Executor,
  e: {
    caseId: bigint;
    action: string;
    login: string;
    role: string;
    note: string;
    amount: bigint | null;
    at: Date;
  },
) {
  await ex
    .insertInto("case_events")
    .values({
      case_id: e.caseId,
      action: e.action,
      actor_login: e.login,
      actor_role: e.role,
      note: e.note,
      amount: e.amount,
      at: e.at,
    })
    .execute();
}

export async function findCase(ex: Executor, id: bigint) {
  return ex.selectFrom("supervision_cases").select(CASE_COLUMNS).where("id", "=", id).executeTakeFirst();
}

/** Moves a case on when it is in one of `from` (and, for an institution, its own); undefined otherwise. */
export async function moveCase(
  ex: Executor,
  id: bigint,
  from: CaseStatus[],
  set: Partial<Pick<SupervisionCaseTable, "status" | "assigned_to" | "deduction">> & { status: CaseStatus },
  at: Date,
  institution: string | null,
) {
  let q = ex
    .updateTable("supervision_cases")
    .set({ ...set, updated_at: at })
    .where("id", "=", id)
    .where("status", "in", from);
  if (institution !== null) q = q.where("institution_code", "=", institution);
  return q.returning(CASE_COLUMNS).executeTakeFirst();
}

export interface CaseFilter {
  institution?: string;
  status?: CaseStatus;
  assignedTo?: string;
}

export async function listCases(ex: Executor, f: CaseFilter, limit: number) {
  let q = ex.selectFrom("supervision_cases").select(CASE_COLUMNS);
  if (f.institution) q = q.where("institution_code", "=", f.institution);
  if (f.status) q = q.where("status", "=", f.status);
  if (f.assignedTo) q = q.where("assigned_to", "=", f.assignedTo);
  return q.orderBy("id", "desc").limit(limit).execute();
}

export async function caseEvents(ex: Executor, caseId: bigint) {
  return ex
    .selectFrom("case_events")
    .select(["action", "actor_login", "actor_role", "note", "amount", "at"])
    .where("case_id", "=", caseId)
    .orderBy("id")
    .execute();
}

/** A case's findings with the fee lines they cite (the evidence). */
export async function caseFindings(ex: Executor, caseId: bigint) {
  return ex
    .selectFrom("case_findings as cf")
    .innerJoin("audit_findings as f", "f.id", "cf.finding_id")
    .select([
      "f.id",
      "f.visit_id",
      "f.mdtrt_id",
      "f.rule",
      "f.rule_code",
      "f.result",
      "f.severity",
      "f.lines",
      "f.amount",
      "f.evidence",
    ])
    .where("cf.case_id", "=", caseId)
    .orderBy("f.id")
    .execute();
}

export async function evidenceLines(ex: Executor, visitIds: bigint[]) {
  if (visitIds.length === 0) return [];
  return ex
    .selectFrom("fee_lines")
    .select(["visit_id", "feedetl_sn", "code", "name", "price", "quantity", "amount", "fee_time"])
    .where("visit_id", "in", visitIds)
    .orderBy("id")
    .execute();
}

/**
 * Decided deductions (扣款) that a year's liquidation of these hospitals takes: the ones no
 * liquidation took yet, and the ones this year's took before (a re-run gives the same statement).
 */
export async function deductionsFor(ex: Executor, codes: string[], year: number) {
  if (codes.length === 0) return [];
  return ex
    .selectFrom("supervision_cases")
    .select(["id", "case_no", "institution_code", "deduction"])
    .where("status", "=", "deducted")
    .where("institution_code", "in", codes)
    .where((eb) => eb.or([eb("deducted_year", "is", null), eb("deducted_year", "=", year)]))
    .orderBy("case_no")
    .execute();
}

export async function markDeducted(ex: Executor, caseIds: bigint[], year: number, runId: bigint) {
  if (caseIds.length === 0) return;
  await ex
    .updateTable("supervision_cases")
    .set({ deducted_year: year, deducted_run_id: runId })
    .where("id", "in", caseIds)
    .execute();
}
