import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import { ALL_ROLES, requireRole } from "../../http/context.ts";
import { Nullable, RegionCode, StringEnum, answers } from "../../http/schemas.ts";
import { divisionList } from "./divisions.ts";

const Division = Type.Object({
  code: Type.String({ description: "GB/T 2260 code, 6 digits" }),
  name: Type.String(),
  level: StringEnum(["province", "prefecture"] as const),
  parent_code: Nullable(Type.String({ description: "the province of a prefecture; null for a province" })),
});

/** `parent`: only the prefectures of this province. */
const DivisionQuery = Type.Object({
  level: Type.Optional(StringEnum(["province", "prefecture"] as const)),
  parent: Type.Optional(RegionCode),
});

/**
 * The national division list (行政区划, province and prefecture level, packages/server/data/
 * divisions), read-only, for every operator: the codes the NHSA gateway accepts in an envelope
 * (docs/regions.md "National division list"). Not the pooling regions this deployment hosts
 * (`GET /regions`).
 */
export const divisionRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    "/divisions",
    {
      schema: {
        tags: ["regions"],
        summary: "National administrative divisions (行政区划), province and prefecture level",
        querystring: DivisionQuery,
        response: answers({ 200: Type.Array(Division) }),
      },
      preHandler: requireRole(...ALL_ROLES),
    },
    async (req) => {
      const { level, parent } = req.query;
      return divisionList().filter(
        (d) =>
          (level === undefined || d.level === level) && (parent === undefined || d.parent_code === parent),
      );
    },
  );
};
