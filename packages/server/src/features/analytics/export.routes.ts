import type { Readable } from "node:stream";
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import { STAFF_ROLES, actorOf, requireRole } from "../../http/context.ts";
import { DateText, RegionCode, answers } from "../../http/schemas.ts";
import { requireRegionInScope } from "../platform/region-scope.ts";
import { requireRegion } from "../registry/person.service.ts";
import { checkExportRange, exportCsv } from "./export.service.ts";

/** The answer: a CSV stream (Fastify sends a stream as it is, unserialised). */
const CsvStream = Type.Unsafe<Readable>({
  type: "string",
  description: "text/csv, one row per settlement or reversal",
});
const ExportQuery = Type.Object({ region: RegionCode, from: DateText, to: DateText });

/** The settlement export (docs/indicators.md): CSV for the agency's own analysis and for checking the indicators. */
export const exportRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.deps;
  app.get(
    "/settlements/export",
    {
      schema: {
        tags: ["indicators"],
        summary:
          "CSV of a region's settlements and reversals of Beijing days from..to, with their setlinfo amounts (streamed)",
        querystring: ExportQuery,
        produces: ["text/csv", "application/json"], // the CSV, or a refusal in JSON
        response: answers({ 200: CsvStream }),
      },
      preHandler: requireRole(...STAFF_ROLES),
    },
    async (req, reply) => {
      const q = req.query;
      await requireRegion(db, q.region, "region");
      await requireRegionInScope(db, actorOf(req), q.region, "region");
      checkExportRange(q);
      const name = `settlements-${q.region}-${q.from}-${q.to}.csv`;
      return reply
        .type("text/csv; charset=utf-8")
        .header("content-disposition", `attachment; filename="${name}"`)
        .send(exportCsv(db, q));
    },
  );
};
