import { Type } from "typebox";
import { fieldError } from "@yibao/core/errors";
import { isValidDate } from "@yibao/core/registry";
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { actorOf, requireRole } from "../../http/context.ts";
import { PageQuery, decodeCursor, pageOf } from "../../http/paging.ts";
import { regionScope } from "./region-scope.ts";
import { accessLogPage } from "./access-log.repository.ts";
import { ACCESS_RESULTS } from "./access-log.table.ts";
import { answers } from "../../http/schemas.ts";
import { AccessPage } from "./platform.responses.ts";

const Instant = Type.String({
  pattern: "^\\d{4}-\\d{2}-\\d{2}([T ]\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,3})?)?(Z|[+-]\\d{2}:\\d{2})?)?$",
  description: "a date (yyyy-MM-dd, China time) or an ISO time",
});
const AccessQuery = Type.Intersect([
  PageQuery,
  Type.Object({
    psnNo: Type.Optional(Type.String({ maxLength: 30 })),
    fixmedinsCode: Type.Optional(Type.String({ maxLength: 30 })),
    operatorLogin: Type.Optional(Type.String({ maxLength: 64 })),
    channel: Type.Optional(Type.Union([Type.Literal("nhsa"), Type.Literal("rest")])),
    credentialType: Type.Optional(Type.String({ maxLength: 8 })),
    result: Type.Optional(Type.Union(ACCESS_RESULTS.map((r) => Type.Literal(r)))),
    from: Type.Optional(Instant),
    to: Type.Optional(Instant),
  }),
]);

/** A bound of the `from`/`to` filter: a bare date is a China-time day ([from's start, to's end]). */
function bound(v: string, field: "from" | "to"): Date {
  const [y, m, d] = v.slice(0, 10).split("-").map(Number) as [number, number, number];
  if (!isValidDate(y, m, d)) throw fieldError("DATE_INVALID", field);
  if (v.length === 10) {
    const start = Date.parse(`${v}T00:00:00+08:00`);
    return new Date(field === "to" ? start + 86_400_000 - 1 : start);
  }
  const t = new Date(/(Z|[+-]\d{2}:\d{2})$/.test(v) ? v : `${v}+08:00`);
  if (Number.isNaN(t.getTime())) throw fieldError("DATE_INVALID", field);
  return t;
}

/**
 * The person access log for auditors, supervisors and admins: newest first, with paging and
 * filters. Credentials are stored masked. Rows about persons outside the reader's region are
 * left out; failed lookups (no person) are shown to every reader.
 */
export const accessLogRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.deps;
  app.get(
    "/person-access-log",
    {
      schema: {
        tags: ["platform"],
        querystring: AccessQuery,
        summary: "who looked up which person (1101, staff)",
        response: answers({ 200: AccessPage }),
      },
      preHandler: requireRole("auditor", "supervisor"),
    },
    async (req) => {
      const q = req.query;
      const limit = q.limit ?? 50;
      const after = decodeCursor(q.cursor);
      const scope = await regionScope(db, actorOf(req));
      const filter = {
        psnNo: q.psnNo,
        fixmedinsCode: q.fixmedinsCode,
        operatorLogin: q.operatorLogin,
        channel: q.channel,
        credentialType: q.credentialType,
        result: q.result,
        from: q.from ? bound(q.from, "from") : undefined,
        to: q.to ? bound(q.to, "to") : undefined,
      };
      const page = pageOf(await accessLogPage(db, scope, filter, after, limit + 1), limit);
      return {
        items: page.items.map((r) => ({
          id: String(r.id),
          at: r.at,
          channel: r.channel,
          fixmedins_code: r.fixmedins_code,
          operator_login: r.operator_login,
          psn_no: r.psn_no,
          credential_type: r.credential_type,
          credential: r.credential_masked,
          result: r.result,
          request_id: r.request_id,
        })),
        nextCursor: page.nextCursor,
      };
    },
  );
};
