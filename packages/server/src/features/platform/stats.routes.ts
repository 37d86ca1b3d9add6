import { beijingDay } from "@yibao/core/time";
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { sql } from "kysely";
import { STAFF_ROLES, requireRole } from "../../http/context.ts";
import { answers } from "../../http/schemas.ts";
import { OverviewAnswer } from "./platform.responses.ts";

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
      const today = beijingDay(now());
      const count = async (table: "persons" | "employers" | "institutions") =>
        String(
          (await db.selectFrom(table).select(sql<bigint>`count(*)`.as("n")).executeTakeFirstOrThrow()).n,
        );
      const enrolments = await db
        .selectFrom("enrolments")
        .select(["insutype", "status", sql<bigint>`count(*)`.as("n")])
        .groupBy(["insutype", "status"])
        .orderBy("insutype")
        .execute();
      const byLevel = await db
        .selectFrom("institutions")
        .select(["level", sql<bigint>`count(*)`.as("n")])
        .groupBy("level")
        .orderBy("level")
        .execute();
      const assisted = await db
        .selectFrom("assistance_categories")
        .select(sql<bigint>`count(distinct person_id)`.as("n"))
        .where("valid_from", "<=", today)
        .where((eb) => eb.or([eb("valid_to", "is", null), eb("valid_to", ">=", today)]))
        .executeTakeFirstOrThrow();
      return {
        persons: await count("persons"),
        employers: await count("employers"),
        institutions: await count("institutions"),
        assistanceRecipients: String(assisted.n),
        enrolments: enrolments.map((e) => ({ insutype: e.insutype, status: e.status, count: String(e.n) })),
        institutionsByLevel: byLevel.map((r) => ({ level: r.level, count: String(r.n) })),
      };
    },
  );
};
