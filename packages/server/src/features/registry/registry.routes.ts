import { beijingDay } from "@yibao/core/time";
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { fenToYuan } from "@yibao/core/money";
import { Type } from "typebox";
import { YibaoError } from "@yibao/core/errors";
import type { FastifyRequest } from "fastify";
import { STAFF_ROLES, actorOf, requireRole } from "../../http/context.ts";
import { PageQuery, decodeCursor, pageOf } from "../../http/paging.ts";
import { DateText, IdText, PsnNo, RegionCode, answers } from "../../http/schemas.ts";
import { changeStatus, enrol, enrolNewborn, registerAndEnrol, transfer } from "./enrolment.service.ts";
import { assertImported, importCsv } from "./import.service.ts";
import { createEmployer, createPerson, updateContact } from "./person.service.ts";
import { personView } from "./person.view.ts";
import { listEmployers } from "./registry.repository.ts";
import { personRecord, searchPersons } from "./person-lookup.service.ts";
import { enrolmentView, statusChangeView } from "./enrolment.view.ts";
import { regionScope } from "../platform/region-scope.ts";
import { CSV_BODY_LIMIT } from "./csv.ts";
import { findImport, listImports } from "./import-history.repository.ts";
import { importView } from "./import-history.view.ts";
import {
  EmployerAnswer,
  EmployerPage,
  EnrolmentAnswer,
  ImportAnswer,
  ImportPage,
  ImportRecordAnswer,
  NewbornAnswer,
  PersonAnswer,
  PersonEnrolmentAnswer,
  PersonDetailAnswer,
  PersonPage,
  TransferAnswer,
} from "./registry.responses.ts";

const Date_ = DateText;
const PersonBody = Type.Object({
  certno: Type.String({ maxLength: 18 }),
  name: Type.String({ maxLength: 50 }),
  phone: Type.Optional(Type.String({ maxLength: 20 })),
  address: Type.Optional(Type.String({ maxLength: 200 })),
  householdNo: Type.Optional(Type.String({ maxLength: 40 })),
  regionCode: RegionCode,
});
const ContactBody = Type.Object({
  phone: Type.Optional(Type.Union([Type.String({ maxLength: 20 }), Type.Null()])),
  address: Type.Optional(Type.Union([Type.String({ maxLength: 200 }), Type.Null()])),
  householdNo: Type.Optional(Type.Union([Type.String({ maxLength: 40 }), Type.Null()])),
});
const EmployerBody = Type.Object({
  uscc: Type.String({ maxLength: 18 }),
  name: Type.String({ maxLength: 50 }), // checkName: 1-50 characters
  regionCode: RegionCode,
});
const EnrolBody = Type.Object({
  psnNo: PsnNo,
  insutype: Type.String({ maxLength: 3 }),
  psnType: Type.String({ maxLength: 4 }),
  regionCode: RegionCode,
  employerUscc: Type.Optional(Type.String({ maxLength: 18 })),
  flexible: Type.Optional(Type.Boolean()),
  startDate: Date_,
});
/** 参保登记: a person and their enrolment in one request (the enrolment's region is the person's). */
const PersonEnrolmentBody = Type.Object({
  ...PersonBody.properties,
  insutype: EnrolBody.properties.insutype,
  psnType: EnrolBody.properties.psnType,
  employerUscc: EnrolBody.properties.employerUscc,
  flexible: EnrolBody.properties.flexible,
  startDate: Date_,
});
const StatusBody = Type.Object({
  status: Type.Union([Type.Literal("active"), Type.Literal("suspended"), Type.Literal("terminated")]),
  effectiveDate: Date_,
  reason: Type.Optional(Type.String({ maxLength: 200 })),
});
const TransferBody = Type.Object({ toRegion: RegionCode, date: Date_ });
const NewbornBody = Type.Object({
  certno: Type.String({ maxLength: 18 }),
  name: Type.String({ maxLength: 50 }),
  startDate: Date_,
});
const PersonsQuery = Type.Intersect([
  PageQuery,
  Type.Object({
    regionCode: Type.Optional(RegionCode),
    householdNo: Type.Optional(Type.String({ maxLength: 40 })),
    certno: Type.Optional(Type.String({ maxLength: 18 })),
  }),
]);
const PsnParams = Type.Object({ psnNo: PsnNo });
const IdParams = Type.Object({ id: IdText });
const ImportQuery = Type.Object({
  fileName: Type.Optional(
    Type.String({ maxLength: 200, description: "the uploaded file's name, kept in the history" }),
  ),
});
const ImportParams = Type.Object({
  kind: Type.Union([
    Type.Literal("persons"),
    Type.Literal("employers"),
    Type.Literal("enrolments"),
    Type.Literal("assistance"),
  ]),
});

const WRITE = requireRole("agency");
const READ = requireRole(...STAFF_ROLES);
const tags = ["registry"];

/** 参保登记: persons, employers, enrolments, transfers, newborns, imports (institutions: features/institutions). */
export const registryRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db, now } = app.deps;
  const today = () => beijingDay(now());
  const ids = <T extends { id: bigint }>(r: T) => ({ ...r, id: String(r.id) });

  app.post(
    "/persons",
    { schema: { tags, body: PersonBody, response: answers({ 201: PersonAnswer }) }, preHandler: WRITE },
    async (req, reply) => {
      const actor = actorOf(req);
      const p = await createPerson(db, actor, req.body, today());
      return reply.status(201).send(personView(p, actor));
    },
  );

  /** Lookups are recorded in the person access log with the request's time and id. */
  const lookup = (req: FastifyRequest) => ({ at: now(), requestId: req.id });

  app.get(
    "/persons",
    { schema: { tags, querystring: PersonsQuery, response: answers({ 200: PersonPage }) }, preHandler: READ },
    async (req) => {
      const q = req.query;
      const limit = q.limit ?? 50;
      const actor = actorOf(req);
      const filter = {
        regionCode: q.regionCode,
        householdNo: q.householdNo,
        certno: q.certno?.toUpperCase(),
      };
      const rows = await searchPersons(db, actor, filter, decodeCursor(q.cursor), limit + 1, lookup(req));
      const page = pageOf(rows, limit);
      return { items: page.items.map((p) => personView(p, actor)), nextCursor: page.nextCursor };
    },
  );

  app.get(
    "/persons/:psnNo",
    { schema: { tags, params: PsnParams, response: answers({ 200: PersonDetailAnswer }) }, preHandler: READ },
    async (req) => {
      const actor = actorOf(req);
      const r = await personRecord(db, actor, req.params.psnNo, lookup(req));
      return {
        ...personView(r.person, actor),
        enrolments: r.enrolments.map((e) => ({
          ...enrolmentView(e),
          history: e.history.map(statusChangeView),
        })),
        assistance: r.assistance.map((a) => ({
          category: a.category,
          valid_from: a.valid_from,
          valid_to: a.valid_to,
        })),
        accountBalance: r.balance === null ? null : fenToYuan(r.balance),
      };
    },
  );

  app.patch(
    "/persons/:psnNo/contact",
    {
      schema: { tags, params: PsnParams, body: ContactBody, response: answers({ 200: PersonAnswer }) },
      preHandler: WRITE,
    },
    async (req) => {
      const actor = actorOf(req);
      const p = await updateContact(db, actor, req.params.psnNo, req.body);
      return personView(p, actor);
    },
  );

  app.post(
    "/persons/:psnNo/newborns",
    {
      schema: { tags, params: PsnParams, body: NewbornBody, response: answers({ 201: NewbornAnswer }) },
      preHandler: WRITE,
    },
    async (req, reply) => {
      const actor = actorOf(req);
      const body = req.body;
      const r = await enrolNewborn(db, actor, req.params.psnNo, body, today());
      return reply
        .status(201)
        .send({ person: personView(r.person, actor), enrolmentId: String(r.enrolment.id) });
    },
  );

  app.post(
    "/persons/:psnNo/transfer",
    {
      schema: { tags, params: PsnParams, body: TransferBody, response: answers({ 200: TransferAnswer }) },
      preHandler: WRITE,
    },
    async (req) => {
      const body = req.body;
      const r = await transfer(db, actorOf(req), req.params.psnNo, body.toRegion, body.date);
      return {
        terminatedEnrolmentId: String(r.terminated),
        enrolmentId: String(r.enrolment.id),
        carriedMonths: r.carriedMonths,
      };
    },
  );

  app.post(
    "/employers",
    { schema: { tags, body: EmployerBody, response: answers({ 201: EmployerAnswer }) }, preHandler: WRITE },
    async (req, reply) => {
      return reply.status(201).send(ids(await createEmployer(db, actorOf(req), req.body)));
    },
  );

  app.get(
    "/employers",
    { schema: { tags, querystring: PageQuery, response: answers({ 200: EmployerPage }) }, preHandler: READ },
    async (req) => {
      const q = req.query;
      const limit = q.limit ?? 50;
      const scope = await regionScope(db, actorOf(req));
      const page = pageOf(await listEmployers(db, scope, decodeCursor(q.cursor), limit + 1), limit);
      return { items: page.items.map(ids), nextCursor: page.nextCursor };
    },
  );

  app.post(
    "/enrolments",
    { schema: { tags, body: EnrolBody, response: answers({ 201: EnrolmentAnswer }) }, preHandler: WRITE },
    async (req, reply) => {
      const e = await enrol(db, actorOf(req), req.body);
      return reply.status(201).send(enrolmentView(e));
    },
  );

  app.post(
    "/person-enrolments",
    {
      schema: {
        tags,
        summary: "Register a person and enrol them, in one transaction",
        body: PersonEnrolmentBody,
        response: answers({ 201: PersonEnrolmentAnswer }),
      },
      preHandler: WRITE,
    },
    async (req, reply) => {
      const actor = actorOf(req);
      const r = await registerAndEnrol(db, actor, req.body, today());
      return reply
        .status(201)
        .send({ person: personView(r.person, actor), enrolment: enrolmentView(r.enrolment) });
    },
  );

  app.post(
    "/enrolments/:id/status",
    {
      schema: { tags, params: IdParams, body: StatusBody, response: answers({ 200: EnrolmentAnswer }) },
      preHandler: WRITE,
    },
    async (req) => {
      const body = req.body;
      const e = await changeStatus(
        db,
        actorOf(req),
        BigInt(req.params.id),
        body.status,
        body.effectiveDate,
        body.reason ?? null,
      );
      return enrolmentView(e);
    },
  );

  // CSV upload: the body is the file (text/csv). All-or-nothing; the report lists bad rows.
  app.addContentTypeParser("text/csv", { parseAs: "string", bodyLimit: CSV_BODY_LIMIT }, (_req, body, done) =>
    done(null, body),
  );
  app.post(
    "/imports/:kind",
    {
      schema: {
        tags,
        params: ImportParams,
        querystring: ImportQuery,
        summary: "Import a CSV file (text/csv body), all-or-nothing",
        response: answers({ 200: ImportAnswer }),
      },
      preHandler: WRITE,
    },
    async (req) => {
      const { kind } = req.params;
      if (typeof req.body !== "string")
        throw new YibaoError("CSV_MALFORMED", "Send the file as text/csv", { field: "body" });
      const fileName = req.query.fileName ?? null;
      const report = await importCsv(db, actorOf(req), kind, req.body, today(), undefined, fileName);
      assertImported(report);
      return { ...report, id: String(report.id) };
    },
  );

  // The history of imports (accepted and refused files), as far as the operator's scope reaches.
  app.get(
    "/imports",
    { schema: { tags, querystring: PageQuery, response: answers({ 200: ImportPage }) }, preHandler: WRITE },
    async (req) => {
      const q = req.query;
      const limit = q.limit ?? 50;
      const scope = await regionScope(db, actorOf(req));
      const page = pageOf(await listImports(db, scope, decodeCursor(q.cursor), limit + 1), limit);
      return { items: page.items.map(importView), nextCursor: page.nextCursor };
    },
  );

  app.get(
    "/imports/:id",
    { schema: { tags, params: IdParams, response: answers({ 200: ImportRecordAnswer }) }, preHandler: WRITE },
    async (req) => {
      const scope = await regionScope(db, actorOf(req));
      const r = await findImport(db, scope, BigInt(req.params.id));
      if (!r) throw new YibaoError("NOT_FOUND", `No import ${req.params.id}`, { field: "id" });
      return { ...importView(r), errors: r.report };
    },
  );
};
