import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import { STAFF_ROLES, actorOf, requireRole } from "../../http/context.ts";
import { Nullable, RegionCode, StringEnum, Timestamp, answers } from "../../http/schemas.ts";
import { requireRegionInScope } from "../platform/region-scope.ts";
import { requireRegion } from "../registry/person.service.ts";
import { type IndicatorRow, indicatorTable } from "./indicators.service.ts";
import { setPopulation } from "./population.service.ts";

const tags = ["indicators"];
const Year = Type.Integer({ minimum: 2000, maximum: 2100 });
const RegionYear = Type.Object({ region: RegionCode, year: Year });
const Text = Nullable(Type.String());
const Figure = { value: Text, numerator: Text, denominator: Text };

const IndicatorOut = Type.Object({
  key: Type.String({ description: "a stable key (docs/indicators.md)" }),
  name: Type.String(),
  nameEn: Type.String(),
  unit: StringEnum(["%", "months"] as const),
  source: StringEnum(["settlements", "registry", "fund", "missing"] as const),
  definition: Type.String(),
  ...Figure,
  units: Nullable(Type.Object({ numerator: Type.String(), denominator: Type.String() })),
  target: Type.Object({
    comparator: StringEnum([">", ">=", "<=", "range"] as const),
    value: Text,
    text: Type.String({ description: "every target the plans give" }),
  }),
  meetsTarget: Nullable(Type.Boolean()),
  reason: Nullable(Type.String({ description: "why the value is null" })),
  monthly: Type.Array(Type.Object({ month: Type.Integer(), ...Figure })),
});
const TableOut = Type.Object({
  region: Type.String(),
  year: Type.Integer(),
  indicators: Type.Array(IndicatorOut),
});
const PopulationBody = Type.Object({
  population: Type.Integer({ minimum: 1, maximum: 2_000_000_000, description: "常住人口, persons" }),
  source: Type.String({ minLength: 1, maxLength: 200, description: "where the figure comes from" }),
});
const PopulationOut = Type.Object({
  region: Type.String(),
  year: Type.Integer(),
  population: Type.String(),
  source: Type.String(),
  setBy: Type.String(),
  setAt: Timestamp,
});

function indicatorView(r: IndicatorRow, range: string) {
  return {
    key: r.def.key,
    name: r.def.name,
    nameEn: r.def.nameEn,
    unit: r.def.unit,
    source: r.def.source,
    definition: r.def.definition,
    ...r.year,
    units: r.units,
    target: { ...r.def.target, value: r.def.target.comparator === "range" ? range : r.def.target.value },
    meetsTarget: r.meetsTarget,
    reason: r.reason,
    monthly: r.monthly,
  };
}

/** The plan's indicator table (规划指标) and the resident population it needs. */
export const indicatorRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db, now } = app.deps;

  app.get(
    "/indicators",
    {
      schema: {
        tags,
        summary:
          "The plan's indicators of a region and year, with numerator, denominator, target and monthly series",
        querystring: RegionYear,
        response: answers({ 200: TableOut }),
      },
      preHandler: requireRole(...STAFF_ROLES),
    },
    async (req) => {
      const { region, year } = req.query;
      await requireRegion(db, region, "region");
      await requireRegionInScope(db, actorOf(req), region, "region");
      const w = app.deps.fundWarnings;
      const rows = await indicatorTable(db, region, year, now(), w);
      const range = `${w.reserveMinMonths}-${w.reserveMaxMonths}`;
      return { region, year, indicators: rows.map((r) => indicatorView(r, range)) };
    },
  );

  app.put(
    "/indicators/population/:region/:year",
    {
      schema: {
        tags,
        summary:
          "Record a region's resident population (常住人口) of a year: the participation rate's denominator",
        params: RegionYear,
        body: PopulationBody,
        response: answers({ 200: PopulationOut }),
      },
      preHandler: requireRole("agency"),
    },
    async (req) => {
      const { region, year } = req.params;
      const row = await setPopulation(
        db,
        actorOf(req),
        { region, year, population: BigInt(req.body.population), source: req.body.source },
        now(),
      );
      return {
        region: row.region_code,
        year: row.year,
        population: String(row.population),
        source: row.source,
        setBy: row.set_by,
        setAt: row.set_at,
      };
    },
  );
};
