import type { ColumnType, Generated } from "kysely";

/** A version of the audit knowledge base (知识库、规则库): the contract's CSV files as text. */
export interface AuditKbVersionTable {
  id: Generated<bigint>;
  label: string;
  status: "draft" | "published" | "retired";
  files: ColumnType<Record<string, string>, string, string>;
  created_by: string;
  created_at: Generated<Date>;
  published_by: string | null;
  published_at: Date | null;
}

/** A batch audit over the settled visits of a period (事后审核), or a trial of a draft (test bench). */
export interface AuditJobTable {
  id: Generated<bigint>;
  kind: "audit" | "trial";
  kb_version_id: bigint;
  period_from: string;
  period_to: string;
  lookback_days: number;
  status: "running" | "done";
  cursor_time: Date | null;
  cursor_visit_id: bigint | null;
  visits: Generated<number>;
  lines: Generated<bigint>;
  findings: Generated<number>;
  seconds: Generated<number>;
  created_by: string;
  created_at: Generated<Date>;
  finished_at: Date | null;
}

/** A finding (违规线索) of a job: rule, cited lines (feedetl_sn), amount at issue, why. */
export interface AuditFindingTable {
  id: Generated<bigint>;
  job_id: bigint | null; // null: found during settlement (stage during)
  visit_id: bigint;
  mdtrt_id: string;
  institution_code: string;
  rule: string;
  rule_code: string;
  family: string;
  result: "definite" | "suspicious";
  severity: string;
  lines: ColumnType<string[], string, string>;
  amount: bigint;
  evidence: string;
  stage: Generated<"before" | "during" | "after">;
  settle_action: "warn" | "hold" | null;
  msgid: string | null;
  created_at: Generated<Date>;
}

export type CaseStatus = "open" | "reviewed" | "answered" | "deducted" | "dismissed";

/** A supervision case (案件): from findings, a whistle-blower report (举报) or an inspection. */
export interface SupervisionCaseTable {
  id: Generated<bigint>;
  case_no: string;
  source: "finding" | "report" | "inspection";
  institution_code: string;
  summary: string;
  amount_at_issue: bigint;
  status: CaseStatus;
  assigned_to: string | null;
  deduction: bigint | null;
  deducted_year: number | null;
  deducted_run_id: bigint | null;
  created_by: string;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface CaseFindingTable {
  case_id: bigint;
  finding_id: bigint;
}

/** One step of a case, append-only (a trigger refuses changes): who, when, what. */
export interface CaseEventTable {
  id: Generated<bigint>;
  case_id: bigint;
  action: string;
  actor_login: string;
  actor_role: string;
  note: Generated<string>;
  amount: bigint | null;
  at: Generated<Date>;
}

declare module "../../db/schema.ts" {
  interface DB {
    audit_kb_versions: AuditKbVersionTable;
    audit_jobs: AuditJobTable;
    audit_findings: AuditFindingTable;
    supervision_cases: SupervisionCaseTable;
    case_findings: CaseFindingTable;
    case_events: CaseEventTable;
  }
}
