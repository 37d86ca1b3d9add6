import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { fenToYuan, formatScaled, yuanToFen } from "@yibao/core/money";
import { Type } from "typebox";
import { actorOf, requireRole } from "../../http/context.ts";
import { answers } from "../../http/schemas.ts";
import { findJob } from "./audit-job.repository.ts";
import { createAuditJob, jobFields, runAuditJob } from "./audit-job.service.ts";
import { caseEvents, caseFindings, evidenceLines, findCase, listCases } from "./case.repository.ts";
import {
  answerCase,
  decideCase,
  openCase,
  openCaseFromFindings,
  ownInstitution,
  reviewCase,
} from "./case.service.ts";
import { findingsByRule, listFindings } from "./finding.repository.ts";
import { listKbVersions } from "./kb.repository.ts";
import { importKbVersion, publishKbVersion } from "./kb.service.ts";
import { forgetSettleRules } from "./settle-audit.service.ts";
import { doctorCredit, institutionCredit, personCredit } from "./credit.service.ts";
import { canSeePii } from "../registry/person.view.ts";
import {
  CreditQuery,
  InstitutionCredit,
  PersonCredit,
  PersonCreditQuery,
  DoctorCredit,
  DoctorCreditQuery,
  AnswerBody,
  Case,
  CaseDetail,
  CaseFromFindingsBody,
  CaseQuery,
  DecideBody,
  Finding,
  FindingQuery,
  IdParams,
  Job,
  JobBody,
  KbImportBody,
  KbVersion,
  ReportBody,
  ReviewBody,
  Warning,
  WarningQuery,
} from "./supervision.schemas.ts";
import { DEFAULT_THRESHOLDS, earlyWarnings, parseThresholds } from "./early-warning.service.ts";
import { maskName } from "@yibao/core/pii";
import { YibaoError } from "@yibao/core/errors";
import type { Db } from "../../db/database.ts";

const tags = ["supervision"];
const ACTORS = ["auditor", "supervisor"] as const; // supervision staff act; leaders read elsewhere

type KbRow = Awaited<ReturnType<typeof listKbVersions>>[number];
const kbOut = (v: KbRow) => ({
  id: String(v.id),
  label: v.label,
  status: v.status,
  createdBy: v.created_by,
  createdAt: v.created_at,
  publishedBy: v.published_by,
  publishedAt: v.published_at,
});

async function jobOut(db: Db, id: bigint) {
  const j = await findJob(db, id);
  if (!j) throw new YibaoError("NOT_FOUND", `No audit job ${id}`, { field: "id" });
  return {
    ...jobFields(j),
    byRule: (await findingsByRule(db, j.id)).map((r) => ({
      rule: r.rule,
      result: r.result,
      findings: Number(r.n),
      amount: fenToYuan(BigInt(r.amount)),
    })),
  };
}

type CaseRow = NonNullable<Awaited<ReturnType<typeof findCase>>>;
const caseOut = (c: CaseRow) => ({
  id: String(c.id),
  caseNo: c.case_no,
  source: c.source,
  institution: c.institution_code,
  summary: c.summary,
  amountAtIssue: fenToYuan(c.amount_at_issue),
  status: c.status,
  assignedTo: c.assigned_to,
  deduction: c.deduction === null ? null : fenToYuan(c.deduction),
  deductedYear: c.deducted_year,
  createdBy: c.created_by,
  createdAt: c.created_at,
  updatedAt: c.updated_at,
});

/** A case with its history and its findings' evidence lines, for staff or its own institution. */
async function caseDetail(db: Db, id: bigint, own: string | null) {
  const c = await findCase(db, id);
  if (!c || (own !== null && c.institution_code !== own))
    throw new YibaoError("NOT_FOUND", `No case ${id}`, { field: "id" });
  const findings = await caseFindings(db, id);
  const lines = await evidenceLines(db, [...new Set(findings.map((f) => f.visit_id))]);
  return {
    case: caseOut(c),
    events: (await caseEvents(db, id)).map((e) => ({
      action: e.action,
      by: e.actor_login,
      role: e.actor_role,
      note: e.note,
      amount: e.amount === null ? null : fenToYuan(e.amount),
      at: e.at,
    })),
    findings: findings.map((f) => ({
      id: String(f.id),
      mdtrtId: f.mdtrt_id,
      rule: f.rule,
      ruleCode: f.rule_code,
      result: f.result,
      severity: f.severity,
      amount: fenToYuan(f.amount),
      evidence: f.evidence,
      lines: lines
        .filter((l) => l.visit_id === f.visit_id && f.lines.includes(l.feedetl_sn))
        .map((l) => ({
          feedetlSn: l.feedetl_sn,
          code: l.code,
          name: l.name,
          price: formatScaled(l.price, 6),
          quantity: formatScaled(l.quantity, 4),
          amount: fenToYuan(l.amount),
          feeTime: l.fee_time,
        })),
    })),
  };
}

/**
 * Fund supervision (基金监管): knowledge-base versions (import a draft, try it, publish), audit
 * jobs over settled visits, findings, and cases from finding to deduction or dismissal.
 */
export const supervisionRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db, now } = app.deps;

  app.post(
    "/supervision/kb-versions",
    {
      schema: { tags, body: KbImportBody, response: answers({ 201: KbVersion }) },
      preHandler: requireRole("supervisor"),
    },
    async (req, reply) => {
      const files: Record<string, string> = {};
      for (const [name, lines] of Object.entries(req.body.files)) if (lines) files[name] = lines.join("\n");
      const v = await importKbVersion(db, actorOf(req), { label: req.body.label, files });
      return reply.status(201).send(kbOut(v));
    },
  );

  app.get(
    "/supervision/kb-versions",
    {
      schema: { tags, response: answers({ 200: Type.Array(KbVersion) }) },
      preHandler: requireRole(...ACTORS),
    },
    async () => (await listKbVersions(db)).map(kbOut),
  );

  app.post(
    "/supervision/kb-versions/:id/publish",
    {
      schema: { tags, params: IdParams, response: answers({ 200: KbVersion }) },
      preHandler: requireRole("supervisor"),
    },
    async (req) => {
      const published = await publishKbVersion(db, actorOf(req), BigInt(req.params.id), now());
      forgetSettleRules(app.deps.settlement.reference);
      return kbOut(published);
    },
  );

  app.post(
    "/supervision/audit-jobs",
    {
      schema: { tags, body: JobBody, response: answers({ 201: Job }) },
      preHandler: requireRole(...ACTORS),
    },
    async (req, reply) => {
      const b = req.body;
      const job = await createAuditJob(db, actorOf(req), {
        from: b.from,
        to: b.to,
        kind: b.kind ?? "audit",
        kbVersionId: b.kbVersionId === undefined ? undefined : BigInt(b.kbVersionId),
        lookbackDays: b.lookbackDays,
      });
      await runAuditJob(db, job.id, now);
      return reply.status(201).send(await jobOut(db, job.id));
    },
  );

  app.get(
    "/supervision/audit-jobs/:id",
    {
      schema: { tags, params: IdParams, response: answers({ 200: Job }) },
      preHandler: requireRole(...ACTORS),
    },
    async (req) => jobOut(db, BigInt(req.params.id)),
  );

  app.get(
    "/supervision/findings",
    {
      schema: { tags, querystring: FindingQuery, response: answers({ 200: Type.Array(Finding) }) },
      preHandler: requireRole(...ACTORS),
    },
    async (req) => {
      const q = req.query;
      const rows = await listFindings(
        db,
        {
          jobId: q.jobId === undefined ? undefined : BigInt(q.jobId),
          institution: q.institution,
          rule: q.rule,
          psnNo: q.psnNo,
        },
        q.limit ?? 100,
      );
      return rows.map((f) => ({
        id: String(f.id),
        jobId: f.job_id === null ? null : String(f.job_id),
        stage: f.stage,
        settleAction: f.settle_action,
        mdtrtId: f.mdtrt_id,
        institution: f.institution_code,
        rule: f.rule,
        ruleCode: f.rule_code,
        family: f.family,
        result: f.result,
        severity: f.severity,
        lines: f.lines,
        amount: fenToYuan(f.amount),
        evidence: f.evidence,
        caseId: f.case_id === null ? null : String(f.case_id),
      }));
    },
  );

  app.post(
    "/supervision/cases",
    {
      schema: { tags, body: CaseFromFindingsBody, response: answers({ 201: Case }) },
      preHandler: requireRole(...ACTORS),
    },
    async (req, reply) => {
      const c = await openCaseFromFindings(
        db,
        actorOf(req),
        { ...req.body, findingIds: req.body.findingIds.map(BigInt) },
        now(),
      );
      return reply.status(201).send(caseOut(c));
    },
  );

  app.post(
    "/supervision/reports",
    {
      schema: { tags, body: ReportBody, response: answers({ 201: Case }) },
      preHandler: requireRole(...ACTORS),
    },
    async (req, reply) => {
      const b = req.body;
      const c = await openCase(
        db,
        actorOf(req),
        {
          source: b.source ?? "report",
          institutionCode: b.institutionCode,
          summary: b.summary,
          amount: b.amount === undefined ? undefined : yuanToFen(b.amount, "amount"),
        },
        now(),
      );
      return reply.status(201).send(caseOut(c));
    },
  );

  app.get(
    "/supervision/cases",
    {
      schema: { tags, querystring: CaseQuery, response: answers({ 200: Type.Array(Case) }) },
      preHandler: requireRole(...ACTORS, "institution"),
    },
    async (req) => {
      const actor = actorOf(req);
      const own = ownInstitution(actor);
      const q = req.query;
      const rows = await listCases(
        db,
        {
          institution: own ?? q.institution,
          status: q.status,
          assignedTo: q.mine ? actor.login : undefined,
        },
        q.limit ?? 100,
      );
      return rows.map(caseOut);
    },
  );

  app.get(
    "/supervision/cases/:id",
    {
      schema: { tags, params: IdParams, response: answers({ 200: CaseDetail }) },
      preHandler: requireRole(...ACTORS, "institution"),
    },
    async (req) => caseDetail(db, BigInt(req.params.id), ownInstitution(actorOf(req))),
  );

  app.post(
    "/supervision/cases/:id/review",
    {
      schema: { tags, params: IdParams, body: ReviewBody, response: answers({ 200: Case }) },
      preHandler: requireRole(...ACTORS),
    },
    async (req) => caseOut(await reviewCase(db, actorOf(req), BigInt(req.params.id), req.body, now())),
  );

  app.post(
    "/supervision/cases/:id/answer",
    {
      schema: { tags, params: IdParams, body: AnswerBody, response: answers({ 200: Case }) },
      preHandler: requireRole("institution"),
    },
    async (req) => caseOut(await answerCase(db, actorOf(req), BigInt(req.params.id), req.body, now())),
  );

  app.post(
    "/supervision/cases/:id/decide",
    {
      schema: { tags, params: IdParams, body: DecideBody, response: answers({ 200: Case }) },
      preHandler: requireRole("supervisor"),
    },
    async (req) => {
      const b = req.body;
      const amount = b.amount === undefined ? undefined : yuanToFen(b.amount, "amount");
      return caseOut(
        await decideCase(
          db,
          actorOf(req),
          BigInt(req.params.id),
          { outcome: b.outcome, amount, note: b.note },
          now(),
        ),
      );
    },
  );

  app.get(
    "/supervision/early-warnings",
    {
      schema: { tags, querystring: WarningQuery, response: answers({ 200: Type.Array(Warning) }) },
      preHandler: requireRole("agency", ...ACTORS),
    },
    async (req) => {
      const q = req.query;
      const thresholds = parseThresholds(q.thresholds ? q.thresholds.split(",") : DEFAULT_THRESHOLDS);
      return (await earlyWarnings(db, q.year, thresholds, q.limit ?? 200)).map((w) => ({
        psnNo: w.psn_no,
        name: maskName(w.name),
        categories: w.categories.split("|"),
        personalCost: fenToYuan(w.personalCost),
        medfee: fenToYuan(w.medfee),
        threshold: fenToYuan(w.threshold),
        settlements: w.settlements.map((s) => ({
          setlId: s.setl_id,
          kind: s.kind,
          setlTime: s.setl_time,
          mdtrtId: s.mdtrt_id,
          institution: s.institution_code,
          medType: s.med_type,
          medfee: fenToYuan(s.medfee),
          personalCost: fenToYuan(s.person_part),
        })),
      }));
    },
  );

  app.get(
    "/supervision/credit/institutions",
    {
      schema: { tags, querystring: CreditQuery, response: answers({ 200: Type.Array(InstitutionCredit) }) },
      preHandler: requireRole(...ACTORS),
    },
    async (req) =>
      (await institutionCredit(db, req.query.year, req.query.threshold)).map((c) => ({
        institution: c.subject,
        score: c.score,
        agreementReview: c.flagged,
        history: c.history,
      })),
  );

  app.get(
    "/supervision/credit/persons",
    {
      schema: {
        tags,
        querystring: PersonCreditQuery,
        summary: "insured persons' credit from the deducted cases that concern them",
        response: answers({ 200: Type.Array(PersonCredit) }),
      },
      preHandler: requireRole(...ACTORS),
    },
    async (req) => {
      const actor = actorOf(req);
      const clear = canSeePii(actor);
      return (await personCredit(db, actor, req.query.year, req.query.threshold)).map((c) => ({
        psnNo: c.subject,
        name: clear ? c.name : maskName(c.name),
        regionCode: c.regionCode,
        score: c.score,
        closerReview: c.flagged,
        history: c.history,
      }));
    },
  );

  app.get(
    "/supervision/credit/doctors",
    {
      schema: {
        tags,
        querystring: DoctorCreditQuery,
        summary: "doctors' points (医保医师积分) from the deducted cases of the visits they attended",
        response: answers({ 200: Type.Array(DoctorCredit) }),
      },
      preHandler: requireRole(...ACTORS, "institution"),
    },
    async (req) => {
      // an institution reads its own doctors' points, from its own visits only
      const own = ownInstitution(actorOf(req));
      return (await doctorCredit(db, req.query.year, own, req.query.threshold)).map((c) => ({
        doctor: c.subject,
        institutions: c.institutions,
        score: c.score,
        registrationReview: c.flagged,
        history: c.history,
      }));
    },
  );
};
