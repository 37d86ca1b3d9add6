import type { Insertable } from "kysely";
import { sql } from "kysely";
import type { Executor } from "../../db/database.ts";
import type { FundBudgetTable, FundEntryTable } from "./fund.table.ts";

export async function insertEntry(ex: Executor, row: Insertable<FundEntryTable>) {
  return ex.insertInto("fund_entries").values(row).returningAll().executeTakeFirstOrThrow();
}

/** Links the two sides of a transfer (pair_id is set once, before anyone reads the pair). */
export async function insertTransferPair(
  ex: Executor,
  out: Insertable<FundEntryTable>,
  into: Insertable<FundEntryTable>,
) {
  const ids = await sql<{ id: bigint }>`select nextval('fund_entries_id_seq') as id
    from generate_series(1, 2)`.execute(ex);
  const [a, b] = ids.rows.map((r) => BigInt(r.id));
  return ex
    .insertInto("fund_entries")
    .values([
      { ...out, id: a!, pair_id: b! },
      { ...into, id: b!, pair_id: a! },
    ])
    .returningAll()
    .execute();
}

export function findEntry(ex: Executor, id: bigint) {
  return ex.selectFrom("fund_entries").selectAll().where("id", "=", id).forUpdate().executeTakeFirst();
}

export async function reversalOf(ex: Executor, id: bigint) {
  return ex.selectFrom("fund_entries").select("id").where("reverses_id", "=", id).executeTakeFirst();
}

export function listEntries(
  ex: Executor,
  regions: string[],
  year: number,
  limit: number,
  after: bigint | null,
) {
  let q = ex
    .selectFrom("fund_entries")
    .selectAll()
    .where("region_code", "in", regions)
    .where("booked_on", ">=", `${year}-01-01`)
    .where("booked_on", "<=", `${year}-12-31`)
    .orderBy("id", "desc")
    .limit(limit + 1);
  if (after !== null) q = q.where("id", "<", after);
  return q.execute();
}

export async function latestBudget(ex: Executor, regions: string[], year: number) {
  if (regions.length === 0) return [];
  return ex
    .selectFrom("fund_budgets as b")
    .selectAll()
    .where("b.region_code", "in", regions)
    .where("b.year", "=", year)
    .where(
      "b.version",
      "=",
      sql<number>`(select max(x.version) from fund_budgets x where x.region_code = b.region_code and x.year = b.year)`,
    )
    .orderBy("b.region_code")
    .orderBy("b.fund_code")
    .execute();
}

export async function nextBudgetVersion(ex: Executor, region: string, year: number) {
  // the region and year's budgets are serialised by locking the region row
  await sql`select 1 from regions where code = ${region} for update`.execute(ex);
  const row = await ex
    .selectFrom("fund_budgets")
    .select(sql<number>`coalesce(max(version), 0) + 1`.as("v"))
    .where("region_code", "=", region)
    .where("year", "=", year)
    .executeTakeFirstOrThrow();
  return Number(row.v);
}

export async function insertBudget(ex: Executor, rows: Insertable<FundBudgetTable>[]) {
  await ex.insertInto("fund_budgets").values(rows).execute();
}

/** Monthly fund figures of the regions, every year up to `year` (the accumulated balance needs them). */
export async function fundRows(ex: Executor, regions: string[], year: number) {
  if (regions.length === 0) return [];
  return ex
    .selectFrom("fund_monthly")
    .select(["year", "month", "fund_code", "item", sql<string>`sum(amount)::text`.as("amount")])
    .where("region_code", "in", regions)
    .where("year", "<=", year)
    .groupBy(["year", "month", "fund_code", "item"])
    .execute();
}

/** When the months of a year were last refreshed. */
export function refreshesOf(ex: Executor, year: number) {
  return ex
    .selectFrom("aggregate_refreshes")
    .select(["month", "refreshed_at"])
    .where("year", "=", year)
    .orderBy("month")
    .execute();
}

export async function institutionNames(ex: Executor, codes: string[]) {
  if (codes.length === 0) return new Map<string, { name: string; level: string }>();
  const rows = await ex
    .selectFrom("institutions")
    .select(["code", "name", "level"])
    .where("code", "in", codes)
    .execute();
  return new Map(rows.map((r) => [r.code, { name: r.name, level: r.level }]));
}

/** The latest liquidation run of each method of a region and year (advances are not liquidations). */
export function latestLiquidations(ex: Executor, region: string, year: number) {
  return ex
    .selectFrom("liquidation_runs as r")
    .select([
      "r.id",
      "r.method",
      "r.budget",
      "r.point_value",
      "r.total_points",
      "r.weights_year",
      "r.created_at",
    ])
    .where("r.region_code", "=", region)
    .where("r.year", "=", year)
    .where("r.method", "<>", "advance")
    .where(
      "r.id",
      "=",
      sql<bigint>`(select max(x.id) from liquidation_runs x where x.region_code = r.region_code and x.year = r.year and x.method = r.method)`,
    )
    .orderBy("r.method")
    .execute();
}

export function statementsOf(ex: Executor, runIds: bigint[]) {
  if (runIds.length === 0) return Promise.resolve([]);
  return ex
    .selectFrom("liquidation_statements")
    .select([
      "run_id",
      "institution_code",
      "points",
      "drg_amount",
      "fund_paid",
      "adjustment",
      "deduction",
      "payable",
      "advances",
      "balance_due",
      sql<number>`jsonb_array_length(cases)`.as("cases"),
      sql<string>`(select coalesce(sum((c->>'fundPaid')::int8), 0) from jsonb_array_elements(cases) c)::text`.as(
        "cases_fund_paid",
      ),
    ])
    .where("run_id", "in", runIds)
    .orderBy("run_id")
    .orderBy("institution_code")
    .execute();
}
