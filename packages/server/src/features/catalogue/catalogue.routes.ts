import { beijingDay } from "@yibao/core/time";
import { Type } from "typebox";
import { YibaoError } from "@yibao/core/errors";
import { formatRatio, formatScaled } from "@yibao/core/money";
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { STAFF_ROLES, actorOf, requireRole } from "../../http/context.ts";
import { PageQuery, decodeCursor, pageOf } from "../../http/paging.ts";
import { importCatalogue } from "./catalogue.import.ts";
import { entriesInForce } from "./catalogue.repository.ts";
import { ownPolicy, policyVersionsOf, storePolicyVersion } from "./policy.service.ts";
import { CSV_BODY_LIMIT } from "../registry/csv.ts";
import { DateText, answers } from "../../http/schemas.ts";
import {
  CatalogueImportAnswer,
  CataloguePage,
  PolicyAnswer,
  PolicyVersionAnswer,
  PolicyVersionsAnswer,
} from "./catalogue.responses.ts";

const tags = ["catalogue"];
const ListQuery = Type.Intersect([
  PageQuery,
  Type.Object({
    q: Type.Optional(Type.String({ maxLength: 50 })),
    date: Type.Optional(DateText),
  }),
]);
const PolicyParams = Type.Object({
  region: Type.String({ pattern: "^\\d{6}$" }),
  year: Type.Integer({ minimum: 2000, maximum: 2100 }),
  insutype: Type.String({ pattern: "^\\d{3}$" }),
  medType: Type.String({ pattern: "^\\d{2}$" }),
});
const PolicyWriteParams = Type.Object({
  region: Type.String({ pattern: "^\\d{6}$" }),
  year: Type.Integer({ minimum: 2000, maximum: 2100 }),
});

/** Catalogue (目录) search and import; benefit policies as versioned documents. */
export const catalogueRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.deps;

  app.get(
    "/catalogue",
    {
      schema: {
        tags,
        querystring: ListQuery,
        summary: "entries in force on a date (default today), by code or name",
        response: answers({ 200: CataloguePage }),
      },
      preHandler: requireRole(...STAFF_ROLES, "institution"),
    },
    async (req) => {
      const q = req.query;
      const limit = q.limit ?? 50;
      const after = decodeCursor(q.cursor);
      const date = q.date ?? beijingDay(app.deps.now());
      const page = pageOf(await entriesInForce(db, date, q.q, after, limit + 1), limit);
      return {
        items: page.items.map((e) => ({
          med_list_codg: e.code,
          name: e.name,
          kind: e.kind,
          med_chrgitm_type: e.chrgitm_type,
          chrgitm_lv: ({ A: "01", B: "02", C: "03" } as const)[e.class],
          selfpay_prop: formatRatio(BigInt(e.self_pay_ratio)),
          pric_uplmt_amt: e.price_cap === null ? null : formatScaled(e.price_cap, 6),
          restrictions: e.restrictions,
          valid_from: e.valid_from,
          valid_to: e.valid_to,
        })),
        nextCursor: page.nextCursor,
      };
    },
  );

  app.addContentTypeParser("text/csv", { parseAs: "string", bodyLimit: CSV_BODY_LIMIT }, (_req, body, done) =>
    done(null, body),
  );
  app.post(
    "/catalogue/imports",
    {
      schema: {
        tags,
        summary: "import catalogue entries (text/csv body), all-or-nothing",
        response: answers({ 200: CatalogueImportAnswer }),
      },
      preHandler: requireRole("agency"),
    },
    async (req) => {
      if (typeof req.body !== "string")
        throw new YibaoError("CSV_MALFORMED", "Send the file as text/csv", { field: "body" });
      const report = await importCatalogue(db, actorOf(req), req.body);
      app.deps.settlement.reference.clear(); // this process prices with the new entries at once
      return report;
    },
  );

  app.get(
    "/policies/:region/:year/:insutype/:medType",
    {
      schema: { tags, params: PolicyParams, response: answers({ 200: PolicyAnswer }) },
      preHandler: requireRole(...STAFF_ROLES),
    },
    async (req) => {
      const p = req.params;
      const row = await ownPolicy(db, p.region, p.year, p.insutype, p.medType);
      return row
        ? {
            region: row.region_code,
            year: row.year,
            version: row.version,
            document: row.document,
            createdBy: row.created_by,
            createdAt: row.created_at,
          }
        : { region: p.region, inherited: true };
    },
  );

  app.get(
    "/policies/:region/:year",
    {
      schema: {
        tags,
        params: PolicyWriteParams,
        summary: "a region's own policies of a year, every version (the latest is in force)",
        response: answers({ 200: PolicyVersionsAnswer }),
      },
      preHandler: requireRole(...STAFF_ROLES),
    },
    async (req) => {
      const p = req.params;
      const rows = await policyVersionsOf(db, p.region, p.year);
      return {
        region: p.region,
        year: p.year,
        items: rows.map((r, i) => ({
          insutype: r.insutype,
          medType: r.med_type,
          version: r.version,
          // newest first within each insutype and med_type: the first of each is in force
          inForce: i === 0 || rows[i - 1]!.insutype !== r.insutype || rows[i - 1]!.med_type !== r.med_type,
          inForceSince: r.created_at,
          createdBy: r.created_by,
          document: r.document,
        })),
      };
    },
  );

  app.post(
    "/policies/:region/:year",
    {
      schema: {
        tags,
        params: PolicyWriteParams,
        body: Type.Record(Type.String(), Type.Unknown()),
        summary: "store a new version of a policy (validated, docs/policy.md)",
        response: answers({ 201: PolicyVersionAnswer }),
      },
      preHandler: requireRole("agency"),
    },
    async (req, reply) => {
      const p = req.params;
      const version = await storePolicyVersion(db, actorOf(req), p.region, p.year, req.body);
      app.deps.settlement.reference.clear(); // this process settles with the new version at once
      return reply.status(201).send({ version });
    },
  );
};
