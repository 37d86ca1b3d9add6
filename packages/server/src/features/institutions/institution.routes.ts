import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import { STAFF_ROLES, actorOf, requireRole } from "../../http/context.ts";
import { DateText, DayOut, IdOut, Nullable, RegionCode, Timestamp, answers } from "../../http/schemas.ts";
import { regionScope } from "../platform/region-scope.ts";
import { listInstitutions } from "./institution.repository.ts";
import { createInstitution } from "./institution.service.ts";
import type { AgreementRow } from "./agreement.repository.ts";
import { institutionDetail, signAgreement, terminateAgreement } from "./agreement.service.ts";
import { beijingDay } from "@yibao/core/time";

const tags = ["institutions"];
const Kind = Type.Union([Type.Literal("hospital"), Type.Literal("primary"), Type.Literal("pharmacy")]);
const Level = Type.Union([Type.Literal("1"), Type.Literal("2"), Type.Literal("3")]);
const PaymentMethod = Type.Union([
  Type.Literal("ffs"),
  Type.Literal("drg"),
  Type.Literal("dip"),
  Type.Literal("per_diem"),
  Type.Literal("capitation"),
]);

const InstitutionBody = Type.Object({
  code: Type.String({ pattern: "^[A-Z0-9]{12}$" }),
  name: Type.String({ maxLength: 50 }), // checkName: 1-50 characters
  kind: Kind,
  level: Level,
  regionCode: RegionCode,
  paymentMethod: Type.Optional(PaymentMethod),
  agreementFrom: DateText,
  agreementTo: Type.Optional(DateText),
  agreementNo: Type.Optional(Type.String({ maxLength: 50, description: "协议编号 of its first agreement" })),
});

const Code = Type.Object({ code: Type.String({ pattern: "^[A-Z0-9]{12}$" }) });
const AgreementParams = Type.Object({
  code: Type.String({ pattern: "^[A-Z0-9]{12}$" }),
  agreementNo: Type.String({ minLength: 1, maxLength: 50 }),
});
const AgreementBody = Type.Object({
  agreementNo: Type.String({ maxLength: 50, description: "协议编号" }),
  validFrom: DateText,
  validTo: Type.Optional(Nullable(DateText)),
  scope: Type.Optional(Type.String({ maxLength: 200, description: "the services it covers, in words" })),
});
const TerminationBody = Type.Object({
  lastDay: DateText,
  reason: Type.String({ maxLength: 500 }),
});
const AgreementOut = Type.Object({
  id: IdOut,
  agreement_no: Type.String(),
  valid_from: DayOut,
  valid_to: Nullable(DayOut),
  scope: Type.String(),
  recorded_by: Type.String(),
  recorded_at: Timestamp,
  last_day: Nullable(DayOut),
  reason: Nullable(Type.String()),
  terminated_by: Nullable(Type.String()),
  terminated_at: Nullable(Timestamp),
});
const WindowOut = Type.Object({
  agreementFrom: DayOut,
  agreementTo: Nullable(DayOut),
  agreements: Type.Array(AgreementOut),
});

/** An institution as stored (the table's columns). */
const Institution = Type.Object({
  code: Type.String({ description: "fixmedins_code" }),
  name: Type.String({ description: "fixmedins_name" }),
  kind: Kind,
  level: Level,
  region_code: Type.String(),
  payment_method: PaymentMethod,
  agreement_from: DayOut,
  agreement_to: Nullable(DayOut),
  active: Type.Boolean(),
  created_at: Timestamp,
});

/** Designated institutions (定点医药机构): registered by the agency, listed for staff of their regions. */
export const institutionRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db, settlement, now } = app.deps;

  app.post(
    "/institutions",
    {
      schema: { tags, body: InstitutionBody, response: answers({ 201: Institution }) },
      preHandler: requireRole("agency"),
    },
    async (req, reply) => {
      const created = await createInstitution(db, actorOf(req), req.body);
      settlement.reference.clear(); // the gateway knows the institution at once
      return reply.status(201).send(created);
    },
  );

  app.get(
    "/institutions",
    {
      schema: { tags, response: answers({ 200: Type.Array(Institution) }) },
      preHandler: requireRole(...STAFF_ROLES),
    },
    async (req) => listInstitutions(db, await regionScope(db, actorOf(req))),
  );

  app.get(
    "/institutions/:code",
    {
      schema: {
        tags,
        params: Code,
        summary: "One institution with its service agreements",
        response: answers({
          200: Type.Intersect([Institution, Type.Object({ agreements: Type.Array(AgreementOut) })]),
        }),
      },
      preHandler: requireRole(...STAFF_ROLES),
    },
    async (req) => {
      const d = await institutionDetail(db, actorOf(req), req.params.code);
      return { ...d, agreements: d.agreements.map(agreementOut) };
    },
  );

  app.post(
    "/institutions/:code/agreements",
    {
      schema: {
        tags,
        params: Code,
        body: AgreementBody,
        summary: "Sign or renew a service agreement (服务协议)",
        response: answers({ 201: WindowOut }),
      },
      preHandler: requireRole("agency"),
    },
    async (req, reply) => {
      const w = await signAgreement(db, actorOf(req), req.params.code, req.body, beijingDay(now()));
      settlement.reference.clear(); // the gateway settles on the new days at once
      return reply.status(201).send({ ...w, agreements: w.agreements.map(agreementOut) });
    },
  );

  app.post(
    "/institutions/:code/agreements/:agreementNo/terminate",
    {
      schema: {
        tags,
        params: AgreementParams,
        body: TerminationBody,
        summary: "Terminate an agreement early (解除协议): its last day in force and why",
        response: answers({ 200: WindowOut }),
      },
      preHandler: requireRole("agency"),
    },
    async (req) => {
      const { code, agreementNo } = req.params;
      const w = await terminateAgreement(db, actorOf(req), code, agreementNo, req.body, beijingDay(now()));
      settlement.reference.clear();
      return { ...w, agreements: w.agreements.map(agreementOut) };
    },
  );
};

const agreementOut = (a: AgreementRow) => ({ ...a, id: String(a.id) });
