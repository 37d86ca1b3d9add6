import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import { STAFF_ROLES, actorOf, requireRole } from "../../http/context.ts";
import { Timestamp } from "../../http/answer-schemas.ts";
import { DateText, RegionCode } from "../../http/schemas.ts";
import { regionScope } from "../platform/region-scope.ts";
import { listInstitutions } from "./institution.repository.ts";
import { createInstitution } from "./institution.service.ts";

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
});

/** An institution as stored (the table's columns). */
const Institution = Type.Object({
  code: Type.String({ description: "fixmedins_code" }),
  name: Type.String({ description: "fixmedins_name" }),
  kind: Kind,
  level: Level,
  region_code: Type.String(),
  payment_method: PaymentMethod,
  agreement_from: Type.String({ description: "yyyy-MM-dd" }),
  agreement_to: Type.Union([Type.String({ description: "yyyy-MM-dd" }), Type.Null()]),
  active: Type.Boolean(),
  created_at: Timestamp,
});

/** Designated institutions (定点医药机构): registered by the agency, listed for staff of their regions. */
export const institutionRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db, settlement } = app.deps;

  app.post(
    "/institutions",
    {
      schema: { tags, body: InstitutionBody, response: { 201: Institution } },
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
      schema: { tags, response: { 200: Type.Array(Institution) } },
      preHandler: requireRole(...STAFF_ROLES),
    },
    async (req) => listInstitutions(db, await regionScope(db, actorOf(req))),
  );
};
