import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { FILING_KINDS } from "@yibao/core/regions";
import { beijingDay } from "@yibao/core/time";
import { Type } from "typebox";
import { STAFF_ROLES, actorOf, requireRole } from "../../http/context.ts";
import { PageQuery, decodeCursor, pageOf } from "../../http/paging.ts";
import {
  AnyJson,
  DateText,
  DayOut,
  Nullable,
  Page,
  PsnNo,
  RegionCode,
  StringEnum,
  Timestamp,
  answers,
} from "../../http/schemas.ts";
import { regionScope } from "../platform/region-scope.ts";
import { type FilingView, filingPage, readFilingRules } from "./filing.repository.ts";
import { changeFiling, createFiling, setFilingRules, stateOf } from "./filing.service.ts";

const tags = ["regions"];
const KINDS = Object.keys(FILING_KINDS) as (keyof typeof FILING_KINDS)[];
const FilingNo = Type.String({ pattern: "^[A-Z0-9]{1,30}$", maxLength: 30, description: "备案号" });

const FilingBody = Type.Object({
  psnNo: PsnNo,
  insutype: Type.String({ pattern: "^\\d{3}$", maxLength: 3 }),
  treatmentRegion: RegionCode,
  kind: Type.String({ maxLength: 20, description: KINDS.join(", ") }),
  validFrom: DateText,
  validTo: Type.Optional(Nullable(DateText)),
});

const Filing = Type.Object({
  filing_no: Type.String({ description: "备案号" }),
  psn_no: Type.String(),
  insutype: Type.String(),
  insured_region: Type.String({ description: "insuplc_admdvs (pooling region)" }),
  treatment_region: Type.String({ description: "mdtrtarea_admvs (pooling region)" }),
  kind: StringEnum(KINDS),
  valid_from: DayOut,
  valid_to: Nullable(DayOut),
  commitment_due: Nullable(DayOut),
  proof_received_at: Nullable(Timestamp),
  status: StringEnum(["active", "revoked"] as const),
  state: StringEnum(["active", "pending", "expired", "lapsed", "revoked"] as const, "on the server's today"),
  revoked_reason: Nullable(Type.String()),
  created_by: Type.String(),
  created_at: Timestamp,
});

const RulesAnswer = Type.Object({
  region_code: Type.String(),
  rules: AnyJson, // null when the region has none
  updated_by: Nullable(Type.String()),
  updated_at: Nullable(Timestamp),
});

const out = (f: FilingView, day: string) => ({
  filing_no: f.filing_no,
  psn_no: f.psn_no,
  insutype: f.insutype,
  insured_region: f.insured_region,
  treatment_region: f.treatment_region,
  kind: f.kind,
  valid_from: f.valid_from,
  valid_to: f.valid_to,
  commitment_due: f.commitment_due,
  proof_received_at: f.proof_received_at,
  status: f.status,
  state: stateOf(f, day),
  revoked_reason: f.revoked_reason,
  created_by: f.created_by,
  created_at: f.created_at,
});

/** Out-of-region filing (异地就医备案): the insured regions' rules and the filings (docs/regions.md). */
export const filingRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db, now } = app.deps;

  app.put(
    "/regions/:code/filing-rules",
    {
      schema: {
        tags,
        params: Type.Object({ code: RegionCode }),
        body: Type.Object({}, { additionalProperties: true, description: "the rules document" }),
        response: answers({ 200: RulesAnswer }),
      },
      preHandler: requireRole("agency"),
    },
    async (req) => {
      const r = await setFilingRules(db, actorOf(req), req.params.code, req.body, now());
      return {
        region_code: r.region_code,
        rules: r.document,
        updated_by: r.updated_by,
        updated_at: r.updated_at,
      };
    },
  );

  app.get(
    "/regions/:code/filing-rules",
    {
      schema: { tags, params: Type.Object({ code: RegionCode }), response: answers({ 200: RulesAnswer }) },
      preHandler: requireRole(...STAFF_ROLES),
    },
    async (req) => {
      const r = await readFilingRules(db, req.params.code);
      return {
        region_code: req.params.code,
        rules: r?.document ?? null,
        updated_by: r?.updated_by ?? null,
        updated_at: r?.updated_at ?? null,
      };
    },
  );

  app.post(
    "/filings",
    {
      schema: { tags, body: FilingBody, response: answers({ 201: Filing }) },
      preHandler: requireRole("agency"),
    },
    async (req, reply) => {
      const at = now();
      const f = await createFiling(db, actorOf(req), req.body, at);
      return reply.status(201).send(out(f, beijingDay(at)));
    },
  );

  app.get(
    "/filings",
    {
      schema: {
        tags,
        querystring: Type.Intersect([
          PageQuery,
          Type.Object({ psnNo: Type.Optional(PsnNo), treatmentRegion: Type.Optional(RegionCode) }),
        ]),
        response: answers({ 200: Page(Filing) }),
      },
      preHandler: requireRole(...STAFF_ROLES),
    },
    async (req) => {
      const limit = req.query.limit ?? 50;
      const scope = await regionScope(db, actorOf(req));
      const rows = await filingPage(db, scope, req.query, decodeCursor(req.query.cursor), limit + 1);
      const page = pageOf(rows, limit);
      const day = beijingDay(now());
      return { items: page.items.map((f) => out(f, day)), nextCursor: page.nextCursor };
    },
  );

  app.post(
    "/filings/:filingNo/proof",
    {
      schema: { tags, params: Type.Object({ filingNo: FilingNo }), response: answers({ 200: Filing }) },
      preHandler: requireRole("agency"),
    },
    async (req) => {
      const at = now();
      return out(
        await changeFiling(db, actorOf(req), req.params.filingNo, { kind: "proof" }, at),
        beijingDay(at),
      );
    },
  );

  app.post(
    "/filings/:filingNo/revoke",
    {
      schema: {
        tags,
        params: Type.Object({ filingNo: FilingNo }),
        body: Type.Object({ reason: Type.String({ minLength: 1, maxLength: 200 }) }),
        response: answers({ 200: Filing }),
      },
      preHandler: requireRole("agency"),
    },
    async (req) => {
      const at = now();
      const change = { kind: "revoke" as const, reason: req.body.reason };
      return out(await changeFiling(db, actorOf(req), req.params.filingNo, change, at), beijingDay(at));
    },
  );
};
