import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { YibaoError } from "@yibao/core/errors";
import { maskName } from "@yibao/core/pii";
import { Type } from "typebox";
import { STAFF_ROLES, actorOf, requireRole } from "../../http/context.ts";
import { PageQuery, decodeCursor, encodeCursor, pageOf } from "../../http/paging.ts";
import { PsnNo, RegionCode, answers, Nullable } from "../../http/schemas.ts";
import { recordPersonAccess } from "../platform/access-log.ts";
import { inScope, regionScope } from "../platform/region-scope.ts";
import { contributionsOf, staffOf } from "../selfservice/selfservice.repository.ts";
import { ContributionPage } from "../selfservice/selfservice.schemas.ts";
import { contributionView } from "../selfservice/selfservice.routes.ts";
import { canSeePii, personView } from "./person.view.ts";
import { findPersonByCertno, findPersonByPsnNo } from "./registry.repository.ts";
import { findEmployer, listEnrolments, searchKind, searchPersons } from "./registry-read.repository.ts";
import { maskIdNumber } from "@yibao/core/pii";

const tags = ["registry"];
const Str = Type.String();
const PersonSchema = Type.Object({
  psn_no: Str,
  certno: Str,
  name: Str,
  gender: Str,
  birth_date: Nullable(Str),
  phone: Nullable(Str),
  address: Nullable(Str),
  household_no: Nullable(Str),
  card_no: Nullable(Str),
  region_code: Str,
  created_at: Str,
});
const SearchQuery = Type.Intersect([
  PageQuery,
  Type.Object({
    q: Type.String({
      minLength: 1,
      maxLength: 50,
      description: "ID number, person number or the beginning of a name",
    }),
    regionCode: Type.Optional(RegionCode),
  }),
]);
const EnrolmentsQuery = Type.Intersect([
  PageQuery,
  Type.Object({
    psnNo: Type.Optional(PsnNo),
    employerUscc: Type.Optional(Type.String({ maxLength: 18 })),
    status: Type.Optional(
      Type.Union([Type.Literal("active"), Type.Literal("suspended"), Type.Literal("terminated")]),
    ),
    insutype: Type.Optional(Type.String({ maxLength: 3 })),
  }),
]);
const EnrolmentPage = Type.Object({
  items: Type.Array(
    Type.Object({
      id: Str,
      psn_no: Str,
      name: Str,
      insutype: Str,
      psn_type: Str,
      region_code: Str,
      status: Str,
      start_date: Str,
      end_date: Nullable(Str),
      benefit_start_date: Nullable(Str),
      flexible: Type.Boolean(),
      carried_months: Type.Integer(),
      employer_uscc: Nullable(Str),
      employer_name: Nullable(Str),
    }),
  ),
  nextCursor: Nullable(Str),
});
const UsccParams = Type.Object({ uscc: Type.String({ pattern: "^[0-9A-Z]{18}$", maxLength: 18 }) });
const PsnParams = Type.Object({ psnNo: PsnNo });
const READ = requireRole(...STAFF_ROLES);

/** Read endpoints of the registry the console's pages use: search, enrolments, an employer with its staff. */
export const registryReadRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db, now } = app.deps;

  app.get(
    "/persons/search",
    {
      schema: {
        tags,
        querystring: SearchQuery,
        summary:
          "find persons by ID number, person number or name (a search by ID number is a logged lookup)",
        response: answers({
          200: Type.Object({ items: Type.Array(PersonSchema), nextCursor: Nullable(Str) }),
        }),
      },
      preHandler: READ,
    },
    async (req) => {
      const q = req.query;
      const actor = actorOf(req);
      const limit = q.limit ?? 20;
      const scope = await regionScope(db, actor);
      const text = q.q.trim();
      const page = pageOf(
        await searchPersons(db, text, scope, {
          regionCode: q.regionCode,
          after: decodeCursor(q.cursor),
          limit: limit + 1,
        }),
        limit,
      );
      if (searchKind(text) === "certno") {
        const hit = page.items[0] ?? (await findPersonByCertno(db, text.toUpperCase()));
        await recordPersonAccess(db, {
          at: now(),
          channel: "rest",
          actor,
          personId: hit?.id ?? null,
          credentialType: "certno",
          credential: text,
          result: !hit ? "not_found" : inScope(scope, hit.region_code) ? "found" : "out_of_scope",
          requestId: req.id,
        });
      }
      return {
        items: page.items.map((p) => {
          const v = personView(p, actor);
          return { ...v, created_at: v.created_at.toISOString() };
        }),
        nextCursor: page.nextCursor,
      };
    },
  );

  app.get(
    "/enrolments",
    {
      schema: { tags, querystring: EnrolmentsQuery, response: answers({ 200: EnrolmentPage }) },
      preHandler: READ,
    },
    async (req) => {
      const q = req.query;
      const actor = actorOf(req);
      const limit = q.limit ?? 50;
      const rows = await listEnrolments(db, {
        scope: await regionScope(db, actor),
        psnNo: q.psnNo,
        employerUscc: q.employerUscc?.toUpperCase(),
        status: q.status,
        insutype: q.insutype,
        after: decodeCursor(q.cursor),
        limit: limit + 1,
      });
      const page = pageOf(rows, limit);
      return {
        items: page.items.map((e) => ({
          id: String(e.id),
          psn_no: e.psn_no,
          name: canSeePii(actor) ? e.name : maskName(e.name),
          insutype: e.insutype,
          psn_type: e.psn_type,
          region_code: e.region_code,
          status: e.status,
          start_date: e.start_date,
          end_date: e.end_date,
          benefit_start_date: e.benefit_start_date,
          flexible: e.flexible,
          carried_months: e.carried_months,
          employer_uscc: e.uscc,
          employer_name: e.employer_name,
        })),
        nextCursor: page.nextCursor,
      };
    },
  );

  const employerInScope = async (req: Parameters<typeof actorOf>[0], uscc: string) => {
    const e = await findEmployer(db, uscc);
    if (!e || !inScope(await regionScope(db, actorOf(req)), e.region_code))
      throw new YibaoError("REG_EMPLOYER_UNKNOWN", `No employer ${uscc}`, { field: "uscc" });
    return e;
  };

  app.get(
    "/employers/:uscc",
    {
      schema: {
        tags,
        params: UsccParams,
        response: answers({
          200: Type.Object({
            uscc: Str,
            name: Str,
            region_code: Str,
            region_name: Nullable(Str),
            created_at: Str,
          }),
        }),
      },
      preHandler: READ,
    },
    async (req) => {
      const e = await employerInScope(req, req.params.uscc);
      return {
        uscc: e.uscc,
        name: e.name,
        region_code: e.region_code,
        region_name: e.region_name,
        created_at: e.created_at.toISOString(),
      };
    },
  );

  app.get(
    "/employers/:uscc/staff",
    {
      schema: {
        tags,
        params: UsccParams,
        querystring: PageQuery,
        response: answers({
          200: Type.Object({
            items: Type.Array(
              Type.Object({
                enrolmentId: Str,
                psnNo: Str,
                name: Str,
                certno: Str,
                insutype: Str,
                psnType: Str,
                status: Str,
                startDate: Str,
                endDate: Nullable(Str),
              }),
            ),
            nextCursor: Nullable(Str),
          }),
        }),
      },
      preHandler: READ,
    },
    async (req) => {
      const actor = actorOf(req);
      const e = await employerInScope(req, req.params.uscc);
      const limit = req.query.limit ?? 50;
      const page = pageOf(await staffOf(db, e.id, decodeCursor(req.query.cursor), limit + 1), limit);
      const clear = canSeePii(actor);
      return {
        items: page.items.map((r) => ({
          enrolmentId: String(r.id),
          psnNo: r.psn_no,
          name: clear ? r.name : maskName(r.name),
          certno: clear ? r.certno : maskIdNumber(r.certno),
          insutype: r.insutype,
          psnType: r.psn_type,
          status: r.status,
          startDate: r.start_date,
          endDate: r.end_date,
        })),
        nextCursor: page.nextCursor,
      };
    },
  );

  const descPage = <T extends { id: bigint }>(rows: T[], limit: number) => {
    const items = rows.slice(0, limit);
    const last = items[items.length - 1];
    return { items, nextCursor: rows.length > limit && last ? encodeCursor(last.id) : null };
  };

  app.get(
    "/employers/:uscc/contributions",
    {
      schema: {
        tags,
        params: UsccParams,
        querystring: PageQuery,
        response: answers({ 200: ContributionPage }),
      },
      preHandler: READ,
    },
    async (req) => {
      const e = await employerInScope(req, req.params.uscc);
      const limit = req.query.limit ?? 50;
      const page = descPage(
        await contributionsOf(db, { employerId: e.id }, decodeCursor(req.query.cursor), limit + 1),
        limit,
      );
      return { items: page.items.map(contributionView), nextCursor: page.nextCursor };
    },
  );

  app.get(
    "/persons/:psnNo/contributions",
    {
      schema: {
        tags: ["contributions"],
        params: PsnParams,
        querystring: PageQuery,
        summary: "a person's assessments, newest first, with what was paid and what is owed",
        response: answers({ 200: ContributionPage }),
      },
      preHandler: READ,
    },
    async (req) => {
      const p = await findPersonByPsnNo(db, req.params.psnNo);
      if (!p || !inScope(await regionScope(db, actorOf(req)), p.region_code))
        throw new YibaoError("REG_PERSON_UNKNOWN", `No person ${req.params.psnNo}`, { field: "psnNo" });
      const limit = req.query.limit ?? 50;
      const page = descPage(
        await contributionsOf(db, { personId: p.id }, decodeCursor(req.query.cursor), limit + 1),
        limit,
      );
      return { items: page.items.map(contributionView), nextCursor: page.nextCursor };
    },
  );
};
