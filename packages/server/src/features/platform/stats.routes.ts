import { beijingDay } from "@yibao/core/time";
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { STAFF_ROLES, requireRole } from "../../http/context.ts";
import { answers } from "../../http/schemas.ts";
import { OverviewAnswer } from "./platform.responses.ts";
import { overviewCounts } from "./stats.repository.ts";

/** Figures for the console's overview page (staff only; aggregates, no personal data). */
export const statsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db, now } = app.deps;
  app.get(
    "/stats/overview",
    {
      schema: {
        tags: ["platform"],
        summary: "Registry overview for the console",
        response: answers({ 200: OverviewAnswer }),
      },
      preHandler: requireRole(...STAFF_ROLES),
    },
    async () => {
      const c = await overviewCounts(db, beijingDay(now()));
      return {
        persons: String(c.persons),
        employers: String(c.employers),
        institutions: String(c.institutions),
        assistanceRecipients: String(c.assistanceRecipients),
        enrolments: c.enrolments.map((e) => ({ insutype: e.insutype, status: e.status, count: String(e.n) })),
        institutionsByLevel: c.byLevel.map((r) => ({ level: r.level, count: String(r.n) })),
      };
    },
  );
};
