import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { RULE_CATALOG } from "@yibao/core/audit";
import { YibaoError } from "@yibao/core/errors";
import { fenToYuan } from "@yibao/core/money";
import { parse } from "csv-parse/sync";
import { Type } from "typebox";
import { requireRole } from "../../http/context.ts";
import { decodeCursor, pageOf } from "../../http/paging.ts";
import { IdOut, Nullable, Page, StringEnum, Timestamp, YuanOut, answers } from "../../http/schemas.ts";
import { IdText } from "../../http/schemas.ts";
import { jobFields } from "./audit-job.service.ts";
import { findKbVersion } from "./kb.repository.ts";
import { findingPage, listJobs } from "./supervision-read.repository.ts";
import { IdParams, KbVersion } from "./supervision.schemas.ts";

/**
 * What the console's supervision pages read and supervision.routes.ts does not answer: the rule
 * catalogue (codes and names), a knowledge-base version's contents, audit jobs as a list (with
 * their resumable state) and findings page by page with the findings page's filters.
 */
const tags = ["supervision"];
const ACTORS = ["auditor", "supervisor"] as const;

const RuleInfo = Type.Object({
  key: Type.String(),
  code: Type.String({ description: "GZ1000... (SUPERVISION.md)" }),
  name: Type.String({ description: "Chinese name" }),
  family: StringEnum(["policy", "management", "medical"]),
  result: StringEnum(["definite", "suspicious"]),
  contract: Type.Boolean({ description: "an AUDIT-CONTRACT rule (else a product rule)" }),
  params: Type.Array(Type.String(), { description: "params.csv keys a product rule needs" }),
});

const KbContentsQuery = Type.Object({
  limit: Type.Optional(
    Type.Integer({ minimum: 1, maximum: 5000, description: "rows shown per file (default 500)" }),
  ),
});
const KbContents = Type.Object({
  version: KbVersion,
  files: Type.Array(
    Type.Object({
      name: Type.String({ description: "the contract's file name, without .csv" }),
      header: Type.Array(Type.String()),
      rows: Type.Array(Type.Array(Type.String()), { description: "the first `limit` rows" }),
      total: Type.Integer({ description: "rows in the file" }),
    }),
  ),
});

const JobListQuery = Type.Object({
  kind: Type.Optional(StringEnum(["audit", "trial"])),
  status: Type.Optional(StringEnum(["running", "done"])),
  kbVersionId: Type.Optional(IdText),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
});
const JobSummary = Type.Object({
  id: IdOut,
  kind: StringEnum(["audit", "trial"]),
  kbVersionId: IdOut,
  from: Type.String(),
  to: Type.String(),
  lookbackDays: Type.Integer(),
  status: StringEnum(["running", "done"]),
  visits: Type.Integer(),
  lines: Type.String({ description: "fee lines audited" }),
  findings: Type.Integer(),
  seconds: Type.Number(),
  linesPerMinute: Type.Integer(),
  resumeAfter: Nullable(
    Type.Object(
      { begntime: Timestamp, visitId: IdOut },
      { description: "the cursor of the last page written: a resumed run starts after it" },
    ),
  ),
  createdBy: Type.String(),
  createdAt: Timestamp,
  finishedAt: Nullable(Timestamp),
});

const FindingPageQuery = Type.Object({
  jobId: Type.Optional(IdText),
  institution: Type.Optional(Type.String({ maxLength: 30 })),
  rule: Type.Optional(Type.String({ maxLength: 60 })),
  severity: Type.Optional(StringEnum(["high", "medium", "low"])),
  result: Type.Optional(StringEnum(["definite", "suspicious"])),
  inCase: Type.Optional(Type.Boolean({ description: "true: in a case; false: in none yet" })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
  cursor: Type.Optional(Type.String({ maxLength: 200 })),
});
const FindingRow = Type.Object({
  id: IdOut,
  jobId: Nullable(IdOut),
  stage: StringEnum(["before", "during", "after"]),
  settleAction: Nullable(StringEnum(["warn", "hold"])),
  mdtrtId: Type.String(),
  institution: Type.String({ description: "fixmedins_code" }),
  rule: Type.String(),
  ruleCode: Type.String(),
  ruleName: Nullable(Type.String({ description: "the catalogue's name; null for a rule it does not know" })),
  family: Type.String(),
  result: StringEnum(["definite", "suspicious"]),
  severity: Type.String(),
  lines: Type.Array(Type.String(), { description: "cited feedetl_sn" }),
  amount: YuanOut,
  evidence: Type.String(),
  createdAt: Timestamp,
  caseId: Nullable(IdOut),
  caseNo: Nullable(Type.String()),
  caseStatus: Nullable(Type.String()),
});

const NAMES = new Map(RULE_CATALOG.map((r) => [r.key, r.name]));

/** A stored CSV text as its header and rows (the version was loaded when imported: it parses). */
function csvRows(text: string): string[][] {
  return parse(text, { relax_column_count: true, skip_empty_lines: true, bom: true }) as string[][];
}

export const supervisionReadRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.deps;

  app.get(
    "/supervision/rule-catalog",
    {
      schema: { tags, response: answers({ 200: Type.Array(RuleInfo) }) },
      // the institution reads the names of the rules its cases cite
      preHandler: requireRole(...ACTORS, "institution"),
    },
    async () => RULE_CATALOG.map((r) => ({ ...r, params: [...r.params] })),
  );

  app.get(
    "/supervision/kb-versions/:id",
    {
      schema: {
        tags,
        params: IdParams,
        querystring: KbContentsQuery,
        response: answers({ 200: KbContents }),
      },
      preHandler: requireRole(...ACTORS),
    },
    async (req) => {
      const v = await findKbVersion(db, BigInt(req.params.id));
      if (!v)
        throw new YibaoError("NOT_FOUND", `No knowledge-base version ${req.params.id}`, { field: "id" });
      const limit = req.query.limit ?? 500;
      return {
        version: {
          id: String(v.id),
          label: v.label,
          status: v.status,
          createdBy: v.created_by,
          createdAt: v.created_at,
          publishedBy: v.published_by,
          publishedAt: v.published_at,
        },
        files: Object.entries(v.files)
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([name, text]) => {
            const [header = [], ...rows] = csvRows(text);
            return { name, header, rows: rows.slice(0, limit), total: rows.length };
          }),
      };
    },
  );

  app.get(
    "/supervision/audit-jobs",
    {
      schema: { tags, querystring: JobListQuery, response: answers({ 200: Type.Array(JobSummary) }) },
      preHandler: requireRole(...ACTORS),
    },
    async (req) => {
      const q = req.query;
      const rows = await listJobs(
        db,
        {
          kind: q.kind,
          status: q.status,
          kbVersionId: q.kbVersionId === undefined ? undefined : BigInt(q.kbVersionId),
        },
        q.limit ?? 50,
      );
      return rows.map((j) => ({
        ...jobFields(j),
        resumeAfter:
          j.cursor_time === null || j.cursor_visit_id === null
            ? null
            : { begntime: j.cursor_time, visitId: String(j.cursor_visit_id) },
      }));
    },
  );

  app.get(
    "/supervision/findings/paged",
    {
      schema: { tags, querystring: FindingPageQuery, response: answers({ 200: Page(FindingRow) }) },
      preHandler: requireRole(...ACTORS),
    },
    async (req) => {
      const q = req.query;
      const limit = q.limit ?? 50;
      const rows = await findingPage(
        db,
        {
          jobId: q.jobId === undefined ? undefined : BigInt(q.jobId),
          institution: q.institution,
          rule: q.rule,
          severity: q.severity,
          result: q.result,
          inCase: q.inCase,
          before: decodeCursor(q.cursor),
        },
        limit,
      );
      const page = pageOf(rows, limit);
      return {
        nextCursor: page.nextCursor,
        items: page.items.map((f) => ({
          id: String(f.id),
          jobId: f.job_id === null ? null : String(f.job_id),
          stage: f.stage,
          settleAction: f.settle_action,
          mdtrtId: f.mdtrt_id,
          institution: f.institution_code,
          rule: f.rule,
          ruleCode: f.rule_code,
          ruleName: NAMES.get(f.rule) ?? null,
          family: f.family,
          result: f.result,
          severity: f.severity,
          lines: f.lines,
          amount: fenToYuan(f.amount),
          evidence: f.evidence,
          createdAt: f.created_at,
          caseId: f.case_id === null ? null : String(f.case_id),
          caseNo: f.case_no,
          caseStatus: f.case_status,
        })),
      };
    },
  );
};
