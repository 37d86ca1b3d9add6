import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { fenToYuan } from "@yibao/core/money";
import { maskIdNumber } from "@yibao/core/pii";
import { Type } from "typebox";
import { citizenOf, requireCitizen } from "../../http/context.ts";
import { PageQuery, decodeCursor, encodeCursor } from "../../http/paging.ts";
import { IdText, answers } from "../../http/schemas.ts";
import { findAttachment, listApplications, listItems } from "../services/services.repository.ts";
import {
  ApplicationFormSchema,
  ApplicationPage,
  ApplicationSchema,
  FilingSchema,
  ServiceItemSchema,
  itemView,
} from "../services/services.schemas.ts";
import {
  MAX_ATTACHMENT_BYTES,
  applicationSummary,
  applicationView,
  apply,
  attach,
  filingView,
  ownApplication,
  rate,
} from "../services/services.service.ts";
import { sendFile } from "../services/services.routes.ts";
import { filingsOf } from "../services/services.repository.ts";
import { requestCode, signIn, signOut } from "./citizen-login.ts";
import { insuredOverview } from "./overview.ts";
import { accountLedger, contributionsOf, employerOf, staffOf } from "./selfservice.repository.ts";
import {
  ContributionPage,
  Credential,
  EmployerSchema,
  Kind,
  LedgerPage,
  MeSchema,
  StaffPage,
} from "./selfservice.schemas.ts";
import { YibaoError } from "@yibao/core/errors";

const tags = ["selfservice"];
const Ok = Type.Object({ ok: Type.Boolean() });
const CodeBody = Type.Object({ kind: Kind, credential: Credential });
const LoginBody = Type.Object({
  kind: Kind,
  credential: Credential,
  code: Type.String({ pattern: "^\\d{6}$", maxLength: 6 }),
});
const ApplyBody = Type.Object({ itemCode: Type.String({ maxLength: 40 }), form: ApplicationFormSchema });
const RateBody = Type.Object({
  score: Type.Integer({ minimum: 1, maximum: 5 }),
  comment: Type.Optional(Type.String({ maxLength: 500 })),
});
const IdParams = Type.Object({ id: IdText });
const AttachmentParams = Type.Object({ id: IdText, attachmentId: IdText });
const UPLOAD_TYPES = ["image/jpeg", "image/png", "application/pdf"];

const INSURED = requireCitizen("insured");
const EMPLOYER = requireCitizen("employer");
const EITHER = requireCitizen("insured", "employer");

/**
 * Online services for insured persons and employers (mobile first, 适老): sign-in with a one-time
 * code, their own coverage, account and settlements, applications for public-service items with
 * invoice uploads and ratings; an employer's staff and contributions. Nobody sees anyone else's.
 */
export const selfServiceRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db, now } = app.deps;
  const upper = (s: string) => s.toUpperCase();

  app.post(
    "/selfservice/codes",
    {
      schema: {
        tags,
        body: CodeBody,
        security: [],
        summary: "ask for a one-time sign-in code (demo: printed in the server log)",
        response: answers({ 200: Type.Object({ sent: Type.Boolean(), expiresInSeconds: Type.Integer() }) }),
      },
    },
    async (req) =>
      requestCode(
        db,
        app.deps.login,
        app.deps.citizen,
        app.deps.codes,
        { kind: req.body.kind, credential: upper(req.body.credential), address: req.ip },
        now(),
      ),
  );

  app.post(
    "/selfservice/login",
    {
      schema: {
        tags,
        body: LoginBody,
        security: [],
        response: answers({
          200: Type.Object({ token: Type.String(), kind: Type.String(), expiresAt: Type.String() }),
        }),
      },
    },
    async (req) => {
      const b = req.body;
      const s = await signIn(
        db,
        app.deps.login,
        app.deps.citizen,
        { kind: b.kind, credential: upper(b.credential), code: b.code, address: req.ip, requestId: req.id },
        now(),
      );
      return { token: s.token, kind: s.kind, expiresAt: s.expiresAt.toISOString() };
    },
  );

  app.post(
    "/selfservice/logout",
    { schema: { tags, response: answers({ 200: Ok }) }, preHandler: EITHER },
    async (req) => {
      await signOut(db, req.headers.authorization!.slice(7));
      return { ok: true };
    },
  );

  app.get(
    "/selfservice/me",
    {
      schema: {
        tags,
        summary: "coverage, balance, this year's settlements and limits used",
        response: answers({ 200: MeSchema }),
      },
      preHandler: INSURED,
    },
    async (req) => insuredOverview(db, citizenOf(req, "insured"), now()),
  );

  app.get(
    "/selfservice/account",
    { schema: { tags, querystring: PageQuery, response: answers({ 200: LedgerPage }) }, preHandler: INSURED },
    async (req) => {
      const c = citizenOf(req, "insured");
      const limit = req.query.limit ?? 50;
      const rows = await accountLedger(db, c.personId!, decodeCursor(req.query.cursor), limit + 1);
      const items = rows.slice(0, limit);
      const last = items[items.length - 1];
      const me = await insuredOverview(db, c, now());
      return {
        balance: me.balance,
        items: items.map((r) => ({
          id: String(r.id),
          at: r.at.toISOString(),
          kind: r.kind,
          amount: fenToYuan(r.amount),
          balanceAfter: fenToYuan(r.balance_after),
          refType: r.ref_type,
        })),
        nextCursor: rows.length > limit && last ? encodeCursor(last.id) : null,
      };
    },
  );

  app.get(
    "/selfservice/items",
    { schema: { tags, response: answers({ 200: Type.Array(ServiceItemSchema) }) }, preHandler: EITHER },
    async (req) => {
      const c = citizenOf(req, "insured", "employer");
      return (await listItems(db)).filter((i) => i.applicant === c.kind).map(itemView);
    },
  );

  app.get(
    "/selfservice/applications",
    {
      schema: { tags, querystring: PageQuery, response: answers({ 200: ApplicationPage }) },
      preHandler: EITHER,
    },
    async (req) => {
      const c = citizenOf(req, "insured", "employer");
      const limit = req.query.limit ?? 50;
      const rows = await listApplications(db, {
        ...(c.kind === "insured" ? { personId: c.personId! } : { employerId: c.employerId! }),
        after: decodeCursor(req.query.cursor),
        limit: limit + 1,
      });
      const items = rows.slice(0, limit);
      const last = items[items.length - 1];
      return {
        items: items.map((a) => applicationSummary(a, true, now())),
        nextCursor: rows.length > limit && last ? encodeCursor(last.id) : null,
      };
    },
  );

  app.post(
    "/selfservice/applications",
    { schema: { tags, body: ApplyBody, response: answers({ 201: ApplicationSchema }) }, preHandler: EITHER },
    async (req, reply) => {
      const c = citizenOf(req, "insured", "employer");
      const id = await apply(db, c, req.body, now(), req.id);
      return reply.status(201).send(await applicationView(db, await ownApplication(db, c, id), true, now()));
    },
  );

  app.get(
    "/selfservice/applications/:id",
    { schema: { tags, params: IdParams, response: answers({ 200: ApplicationSchema }) }, preHandler: EITHER },
    async (req) => {
      const c = citizenOf(req, "insured", "employer");
      return applicationView(db, await ownApplication(db, c, BigInt(req.params.id)), true, now());
    },
  );

  app.post(
    "/selfservice/applications/:id/rating",
    {
      schema: {
        tags,
        params: IdParams,
        body: RateBody,
        summary: "好差评: 1 to 5",
        response: answers({ 200: ApplicationSchema }),
      },
      preHandler: EITHER,
    },
    async (req) => {
      const c = citizenOf(req, "insured", "employer");
      const id = BigInt(req.params.id);
      await rate(db, c, id, req.body, now());
      return applicationView(db, await ownApplication(db, c, id), true, now());
    },
  );

  // Uploads: the body is the file (image/jpeg, image/png or application/pdf), at most 2 MiB.
  for (const type of UPLOAD_TYPES)
    app.addContentTypeParser(type, { parseAs: "buffer", bodyLimit: MAX_ATTACHMENT_BYTES }, (_r, body, done) =>
      done(null, body),
    );
  app.post(
    "/selfservice/applications/:id/attachments",
    {
      schema: {
        tags,
        params: IdParams,
        summary: "upload an invoice image or PDF (the file as the body; JPEG, PNG or PDF, at most 2 MiB)",
        response: answers({
          201: Type.Object({
            id: Type.String(),
            contentType: Type.String(),
            size: Type.Integer(),
            uploadedAt: Type.String(),
          }),
        }),
      },
      preHandler: EITHER,
    },
    async (req, reply) => {
      const c = citizenOf(req, "insured", "employer");
      const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      const a = await attach(db, c, BigInt(req.params.id), body, now());
      return reply.status(201).send({
        id: String(a.id),
        contentType: a.content_type,
        size: a.size,
        uploadedAt: a.uploaded_at.toISOString(),
      });
    },
  );

  app.get(
    "/selfservice/applications/:id/attachments/:attachmentId",
    {
      schema: {
        tags,
        params: AttachmentParams,
        response: answers({ 200: Type.Unsafe<Buffer>({ type: "string", format: "binary" }) }),
      },
      preHandler: EITHER,
    },
    async (req, reply) => {
      const c = citizenOf(req, "insured", "employer");
      const id = BigInt(req.params.id);
      await ownApplication(db, c, id);
      const file = await findAttachment(db, id, BigInt(req.params.attachmentId));
      if (!file) throw new YibaoError("SERVICE_ATTACHMENT_UNKNOWN", undefined, { field: "attachmentId" });
      return sendFile(reply, file);
    },
  );

  app.get(
    "/selfservice/filings",
    { schema: { tags, response: answers({ 200: Type.Array(FilingSchema) }) }, preHandler: INSURED },
    async (req) => (await filingsOf(db, citizenOf(req, "insured").personId!)).map(filingView),
  );

  app.get(
    "/selfservice/employer",
    { schema: { tags, response: answers({ 200: EmployerSchema }) }, preHandler: EMPLOYER },
    async (req) => {
      const c = citizenOf(req, "employer");
      const e = await employerOf(db, c.employerId!);
      return {
        uscc: e.uscc,
        name: e.name,
        regionCode: e.region_code,
        regionName: e.region_name,
        activeStaff: String(e.active_staff),
        sessionExpiresAt: c.expiresAt.toISOString(),
      };
    },
  );

  app.get(
    "/selfservice/employer/staff",
    { schema: { tags, querystring: PageQuery, response: answers({ 200: StaffPage }) }, preHandler: EMPLOYER },
    async (req) => {
      const c = citizenOf(req, "employer");
      const limit = req.query.limit ?? 50;
      const rows = await staffOf(db, c.employerId!, decodeCursor(req.query.cursor), limit + 1);
      const items = rows.slice(0, limit);
      const last = items[items.length - 1];
      return {
        items: items.map((r) => ({
          enrolmentId: String(r.id),
          psnNo: r.psn_no,
          name: r.name,
          certno: maskIdNumber(r.certno),
          insutype: r.insutype,
          psnType: r.psn_type,
          status: r.status,
          startDate: r.start_date,
          endDate: r.end_date,
        })),
        nextCursor: rows.length > limit && last ? encodeCursor(last.id) : null,
      };
    },
  );

  app.get(
    "/selfservice/employer/contributions",
    {
      schema: { tags, querystring: PageQuery, response: answers({ 200: ContributionPage }) },
      preHandler: EMPLOYER,
    },
    async (req) => {
      const c = citizenOf(req, "employer");
      const limit = req.query.limit ?? 50;
      const rows = await contributionsOf(
        db,
        { employerId: c.employerId! },
        decodeCursor(req.query.cursor),
        limit + 1,
      );
      const items = rows.slice(0, limit);
      const last = items[items.length - 1];
      return {
        items: items.map(contributionView),
        nextCursor: rows.length > limit && last ? encodeCursor(last.id) : null,
      };
    },
  );
};

export function contributionView(r: Awaited<ReturnType<typeof contributionsOf>>[number]) {
  const paid = BigInt(r.paid);
  return {
    assessmentId: String(r.id),
    kind: r.kind,
    period: r.period,
    psnNo: r.psn_no,
    base: fenToYuan(r.base),
    employerAmount: fenToYuan(r.employer_amount),
    individualAmount: fenToYuan(r.individual_amount),
    assistanceAmount: fenToYuan(r.assistance_amount),
    governmentSubsidy: fenToYuan(r.government_subsidy),
    total: fenToYuan(r.total),
    accountCredit: fenToYuan(r.account_credit),
    paid: fenToYuan(paid),
    owed: fenToYuan(r.total - paid),
  };
}
