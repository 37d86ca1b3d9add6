import { type Static, Type } from "typebox";
import { DateText, IdText, Money, PsnNo } from "../../http/schemas.ts";
import { DayOut, IdOut, Nullable, StringEnum, Timestamp, YuanOut } from "../../http/schemas.ts";

/** Request and answer schemas of the supervision routes (supervision.routes.ts). */
const KB_FILES = [
  "items",
  "item_pairs",
  "dx_sex",
  "dx_age",
  "dx_support",
  "chronic_dx",
  "params",
  "rules",
  "stock",
];
/** A file as its lines (a body's texts are at most 10,000 characters each: http/input-guard.ts). */
const Csv = Type.Array(Type.String({ maxLength: 10_000 }), {
  maxItems: 100_000,
  description: "the file's CSV text (AUDIT-CONTRACT section 3), one entry per line",
});

export const KbImportBody = Type.Object({
  label: Type.String({ minLength: 1, maxLength: 100 }),
  files: Type.Object(Object.fromEntries(KB_FILES.map((f) => [f, Type.Optional(Csv)])), {
    additionalProperties: false,
  }),
});

export const KbVersion = Type.Object({
  id: IdOut,
  label: Type.String(),
  status: StringEnum(["draft", "published", "retired"]),
  createdBy: Type.String(),
  createdAt: Timestamp,
  publishedBy: Nullable(Type.String()),
  publishedAt: Nullable(Timestamp),
});

export const IdParams = Type.Object({ id: IdText });

export const JobBody = Type.Object({
  from: DateText,
  to: DateText,
  kind: Type.Optional(Type.Union([Type.Literal("audit"), Type.Literal("trial")])),
  kbVersionId: Type.Optional(IdText),
  lookbackDays: Type.Optional(Type.Integer({ minimum: 0, maximum: 366 })),
});

export const Job = Type.Object({
  id: IdOut,
  kind: StringEnum(["audit", "trial"]),
  kbVersionId: IdOut,
  from: DayOut,
  to: DayOut,
  lookbackDays: Type.Integer(),
  status: StringEnum(["running", "done"]),
  visits: Type.Integer(),
  lines: Type.String({ description: "fee lines audited" }),
  findings: Type.Integer(),
  seconds: Type.Number(),
  linesPerMinute: Type.Integer({ description: "the job's own rate" }),
  byRule: Type.Array(
    Type.Object({ rule: Type.String(), result: Type.String(), findings: Type.Integer(), amount: YuanOut }),
  ),
  createdBy: Type.String(),
  createdAt: Timestamp,
  finishedAt: Nullable(Timestamp),
});

export const FindingQuery = Type.Object({
  jobId: Type.Optional(IdText),
  institution: Type.Optional(Type.String({ maxLength: 30 })),
  rule: Type.Optional(Type.String({ maxLength: 60 })),
  psnNo: Type.Optional(PsnNo),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
});

export const Finding = Type.Object({
  id: IdOut,
  jobId: Nullable(IdOut),
  stage: StringEnum(["before", "during", "after"]),
  settleAction: Nullable(StringEnum(["warn", "hold"], "during settlement: warned or held the 2207")),
  mdtrtId: Type.String(),
  institution: Type.String({ description: "fixmedins_code" }),
  rule: Type.String(),
  ruleCode: Type.String(),
  family: Type.String(),
  result: StringEnum(["definite", "suspicious"]),
  severity: Type.String(),
  lines: Type.Array(Type.String(), { description: "cited feedetl_sn" }),
  amount: YuanOut,
  evidence: Type.String(),
  caseId: Nullable(IdOut),
});

const Note = Type.String({ maxLength: 2000 });

export const CaseFromFindingsBody = Type.Object({
  findingIds: Type.Array(IdText, { minItems: 1, maxItems: 500 }),
  summary: Type.String({ minLength: 1, maxLength: 500 }),
  assignedTo: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
});

export const ReportBody = Type.Object({
  source: Type.Optional(Type.Union([Type.Literal("report"), Type.Literal("inspection")])),
  institutionCode: Type.String({ minLength: 1, maxLength: 30 }),
  summary: Type.String({ minLength: 1, maxLength: 2000 }),
  amount: Type.Optional(Money),
});

export const CaseQuery = Type.Object({
  status: Type.Optional(StringEnum(["open", "reviewed", "answered", "deducted", "dismissed"])),
  mine: Type.Optional(
    Type.Boolean({ description: "only the cases assigned to the caller (the auditor's queue)" }),
  ),
  institution: Type.Optional(Type.String({ maxLength: 30 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
});

export const ReviewBody = Type.Object({
  note: Note,
  assignedTo: Type.Optional(Type.String({ maxLength: 64 })),
});
export const AnswerBody = Type.Object({
  kind: Type.Union([Type.Literal("explanation"), Type.Literal("appeal")]),
  note: Type.String({ minLength: 1, maxLength: 2000 }),
});
export const DecideBody = Type.Object({
  outcome: Type.Union([Type.Literal("deduct"), Type.Literal("dismiss")]),
  amount: Type.Optional(Money),
  note: Note,
});

export const Case = Type.Object({
  id: IdOut,
  caseNo: Type.String({ description: "案件编号" }),
  source: StringEnum(["finding", "report", "inspection"]),
  institution: Type.String({ description: "fixmedins_code" }),
  summary: Type.String(),
  amountAtIssue: YuanOut,
  status: StringEnum(["open", "reviewed", "answered", "deducted", "dismissed"]),
  assignedTo: Nullable(Type.String()),
  deduction: Nullable(YuanOut),
  deductedYear: Nullable(Type.Integer({ description: "the liquidation year that took the deduction" })),
  createdBy: Type.String(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});

const EvidenceLine = Type.Object({
  feedetlSn: Type.String(),
  code: Type.String(),
  name: Nullable(Type.String()),
  price: Type.String(),
  quantity: Type.String(),
  amount: YuanOut,
  feeTime: Timestamp,
});

export const CaseDetail = Type.Object({
  case: Case,
  events: Type.Array(
    Type.Object({
      action: Type.String(),
      by: Type.String(),
      role: Type.String(),
      note: Type.String(),
      amount: Nullable(YuanOut),
      at: Timestamp,
    }),
  ),
  findings: Type.Array(
    Type.Object({
      id: IdOut,
      mdtrtId: Type.String(),
      rule: Type.String(),
      ruleCode: Type.String(),
      result: Type.String(),
      severity: Type.String(),
      amount: YuanOut,
      evidence: Type.String(),
      lines: Type.Array(EvidenceLine, { description: "the cited fee lines" }),
    }),
  ),
});

export type CaseOut = Static<typeof Case>;

export const WarningQuery = Type.Object({
  year: Type.Integer({ minimum: 2000, maximum: 2199 }),
  thresholds: Type.Optional(
    Type.String({
      pattern: "^\\d{1,15}(\\.\\d{1,2})?(,\\d{1,15}(\\.\\d{1,2})?){0,9}$",
      maxLength: 200,
      description: "yuan, comma-separated (default 5000.00,10000.00,30000.00)",
    }),
  ),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
});

export const Warning = Type.Object({
  psnNo: Type.String(),
  name: Type.String({ description: "masked" }),
  categories: Type.Array(Type.String(), { description: "assistance categories: tk 特困, db 低保, jc 监测" }),
  personalCost: YuanOut,
  medfee: YuanOut,
  threshold: YuanOut,
  settlements: Type.Array(
    Type.Object({
      setlId: Type.String(),
      kind: Type.String(),
      setlTime: Timestamp,
      mdtrtId: Type.String(),
      institution: Nullable(Type.String()),
      medType: Type.String(),
      medfee: YuanOut,
      personalCost: YuanOut,
    }),
  ),
});

export const CreditQuery = Type.Object({
  year: Type.Integer({ minimum: 2000, maximum: 2199 }),
  threshold: Type.Optional(
    Type.Integer({ minimum: 0, maximum: 1000, description: "flagged below (default 800)" }),
  ),
});

export const InstitutionCredit = Type.Object({
  institution: Type.String({ description: "fixmedins_code" }),
  score: Type.Integer({ description: "points: 1000 at the start of the year" }),
  agreementReview: Type.Boolean({
    description: "under the threshold: flagged for agreement review (协议管理)",
  }),
  history: Type.Array(
    Type.Object({
      caseNo: Type.String(),
      at: Type.String({ description: "when the deduction was decided (ISO 8601)" }),
      delta: Type.Integer(),
      score: Type.Integer(),
    }),
  ),
});

export const PersonCreditQuery = Type.Object({
  year: Type.Integer({ minimum: 2000, maximum: 2199 }),
  threshold: Type.Optional(
    Type.Integer({ minimum: 0, maximum: 100, description: "flagged below (default 60)" }),
  ),
});

export const PersonCredit = Type.Object({
  psnNo: Type.String(),
  name: Type.String({ description: "masked unless the role sees personal data" }),
  regionCode: Type.String(),
  score: Type.Integer({ description: "points: 100 at the start of the year" }),
  closerReview: Type.Boolean({ description: "under the threshold: flagged for closer review (重点监控)" }),
  history: Type.Array(
    Type.Object({ caseNo: Type.String(), at: Type.String(), delta: Type.Integer(), score: Type.Integer() }),
  ),
});

export const DoctorCreditQuery = Type.Object({
  year: Type.Integer({ minimum: 2000, maximum: 2199 }),
  threshold: Type.Optional(
    Type.Integer({ minimum: 0, maximum: 12, description: "flagged below (default 3)" }),
  ),
});

export const DoctorCredit = Type.Object({
  doctor: Type.String({ description: "atddr_no: the 医保医师 code" }),
  institutions: Type.Array(Type.String()),
  score: Type.Integer({ description: "points: 12 at the start of the year" }),
  registrationReview: Type.Boolean({
    description: "under the threshold: the 医保医师 registration is reviewed",
  }),
  history: Type.Array(
    Type.Object({ caseNo: Type.String(), at: Type.String(), delta: Type.Integer(), score: Type.Integer() }),
  ),
});
