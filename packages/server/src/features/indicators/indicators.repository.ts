import { sql } from "kysely";
import type { Executor } from "../../db/database.ts";

export function findPopulation(ex: Executor, region: string, year: number) {
  return ex
    .selectFrom("region_populations")
    .selectAll()
    .where("region_code", "=", region)
    .where("year", "=", year)
    .forUpdate()
    .executeTakeFirst();
}

export async function upsertPopulation(
  ex: Executor,
  row: {
    region_code: string;
    year: number;
    population: bigint;
    source: string;
    set_by: string;
    set_at: Date;
  },
) {
  return ex
    .insertInto("region_populations")
    .values(row)
    .onConflict((oc) =>
      oc.columns(["region_code", "year"]).doUpdateSet({
        population: row.population,
        source: row.source,
        set_by: row.set_by,
        set_at: row.set_at,
      }),
    )
    .returningAll()
    .executeTakeFirstOrThrow();
}

/**
 * The resident population of a region and year: its own figure, else the sum of its direct
 * children's (a city without its own figure is the sum of its counties').
 */
export async function populationOf(ex: Executor, region: string, year: number) {
  const { rows } = await sql<{ own: string | null; children: string | null; source: string | null }>`
    select (select population::text from region_populations where region_code = ${region} and year = ${year}::int) as own,
      (select sum(p.population)::text from region_populations p join regions r on r.code = p.region_code
        where r.parent_code = ${region} and p.year = ${year}::int) as children,
      (select source from region_populations where region_code = ${region} and year = ${year}::int) as source`.execute(
    ex,
  );
  const r = rows[0]!;
  const value = r.own ?? r.children;
  return value === null
    ? null
    : { population: BigInt(value), source: r.source ?? "sum of the regions below" };
}

/** The monthly settlement sums of a year over the regions, by the dimensions the indicators use. */
export function settlementCells(ex: Executor, regions: string[], year: number) {
  return ex
    .selectFrom("settlement_monthly")
    .select([
      "month",
      "insutype",
      "med_type",
      "maf_category",
      "payment",
      "out_of_province",
      sql<string>`sum(medfee)::text`.as("medfee"),
      sql<string>`sum(in_scope)::text`.as("in_scope"),
      sql<string>`sum(pool_pay)::text`.as("pool_pay"),
      sql<string>`sum(large_amount_pay)::text`.as("large_amount_pay"),
      sql<string>`sum(ci_pay)::text`.as("ci_pay"),
      sql<string>`sum(maf_pay)::text`.as("maf_pay"),
    ])
    .where("region_code", "in", regions)
    .where("year", "=", year)
    .groupBy(["month", "insutype", "med_type", "maf_category", "payment", "out_of_province"])
    .execute();
}

/** Persons insured at each month's end over the regions. */
export function insuredByMonth(ex: Executor, regions: string[], year: number) {
  return ex
    .selectFrom("enrolment_monthly")
    .select(["month", sql<string>`sum(insured)::text`.as("insured")])
    .where("region_code", "in", regions)
    .where("year", "=", year)
    .groupBy("month")
    .orderBy("month")
    .execute();
}
