import { beijingDay } from "@yibao/core/time";
import { Type } from "typebox";
import { YibaoError } from "@yibao/core/errors";
import { formatRatio, formatScaled } from "@yibao/core/money";
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { recordAudit } from "../../audit/audit.ts";
import { STAFF_ROLES, actorOf, requireRole } from "../../http/context.ts";
import { PageQuery, decodeCursor, pageOf } from "../../http/paging.ts";
import { importCatalogue } from "./catalogue.import.ts";
import { findPolicy, insertPolicyVersion } from "./policy.repository.ts";
import { CSV_BODY_LIMIT } from "../registry/csv.ts";
import { DateText, answers } from "../../http/schemas.ts";
import {
  CatalogueImportAnswer,
  CataloguePage,
  PolicyAnswer,
  PolicyVersionAnswer,
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
      let query = db
        .selectFrom("catalogue_entries")
        .selectAll()
        .where("valid_from", "<=", date)
        .where((eb) => eb.or([eb("valid_to", "is", null), eb("valid_to", ">=", date)]))
        .orderBy("id")
        .limit(limit + 1);
      if (after !== null) query = query.where("id", ">", after);
      if (q.q) query = query.where((eb) => eb.or([eb("code", "=", q.q!), eb("name", "like", `%${q.q}%`)]));
      const page = pageOf(await query.execute(), limit);
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
      await findPolicy(db, p.region, p.insutype, p.medType, p.year); // refuses when none is in force
      const row = await db
        .selectFrom("benefit_policies")
        .selectAll()
        .where("insutype", "=", p.insutype)
        .where("med_type", "=", p.medType)
        .where("year", "=", p.year)
        .where("region_code", "=", p.region)
        .orderBy("version", "desc")
        .limit(1)
        .executeTakeFirst();
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
      const actor = actorOf(req);
      const document = req.body;
      const version = await db.transaction().execute(async (trx) => {
        const v = await insertPolicyVersion(trx, p.region, p.year, document, actor.login);
        await recordAudit(trx, actor, {
          action: "policy.version",
          entity: "benefit_policies",
          entityId: `${p.region}/${p.year}/${String(document.insutype)}/${String(document.med_type)}/v${v}`,
          after: document,
        });
        return v;
      });
      app.deps.settlement.reference.clear(); // this process settles with the new version at once
      return reply.status(201).send({ version });
    },
  );
};
