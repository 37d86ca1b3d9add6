import {
  BASIC_POOLS,
  FUNDS,
  type FundMonthRow,
  type FundYear,
  type Projection,
  type WarningSettings,
  fundYear,
  project,
} from "@yibao/core/fund";
import { beijingMonth } from "@yibao/core/time";
import type { Executor } from "../../db/database.ts";
import { subtreeOf } from "../analytics/refresh.repository.ts";
import { fundRows, latestBudget, listEntries, refreshesOf } from "./fund.repository.ts";

/**
 * Growth assumed by the projection when the ledger holds no complete previous year (ratios of
 * scale 4: 500 = 5.00%). Shown with the projection; roughly the recent national trend of fund
 * income and expenditure, not a forecast of any region.
 */
export const ASSUMED_GROWTH = { income: 500n, expenditure: 700n };

/** Months of `year` the figures cover at `now`: 12 for a past year, the current month for this one. */
export function monthsElapsed(year: number, now: Date): number {
  const [y, m] = beijingMonth(now).split("-").map(Number) as [number, number];
  if (year < y) return 12;
  if (year > y) return 0;
  return m;
}

export interface FundReport {
  fund: string;
  name: string;
  nameEn: string;
  pooled: boolean;
  year: FundYear;
  projection: Projection | null;
}

const toRows = (rows: Awaited<ReturnType<typeof fundRows>>): FundMonthRow[] =>
  rows.map((r) => ({
    year: r.year,
    month: r.month,
    fund: r.fund_code,
    item: r.item,
    amount: BigInt(r.amount),
  }));

/** Reserve-range warnings concern the pools only; the other funds are warned about the budget. */
const budgetOnly = (w: WarningSettings): WarningSettings => ({
  ...w,
  reserveMinMonths: Number.NEGATIVE_INFINITY,
  reserveMaxMonths: Number.POSITIVE_INFINITY,
});

function projectionOf(rows: FundMonthRow[], f: FundYear): Projection | null {
  if (f.monthsElapsed === 0) return null;
  const hasPrevious = rows.some((r) => r.year === f.year - 1);
  const previous = hasPrevious ? fundYear(rows, { year: f.year - 1, monthsElapsed: 12, budget: null }) : null;
  return project({
    year: f.year,
    monthsElapsed: f.monthsElapsed,
    income: f.incomeTotal,
    expenditure: f.expenditureTotal,
    accumulated: f.accumulated,
    previous: previous ? { income: previous.incomeTotal, expenditure: previous.expenditureTotal } : null,
    assumedIncomeGrowth: ASSUMED_GROWTH.income,
    assumedExpenditureGrowth: ASSUMED_GROWTH.expenditure,
    years: 3,
  });
}

/**
 * The funds of a region (and the regions below it) for a year, from the monthly aggregates of
 * the ledgers (features/analytics): each fund's income and expenditure by item, balance,
 * accumulated balance, reserve months, monthly series, budget execution, warnings and a
 * three-year projection; and the basic pools together (统筹基金: 310100 + 390100), which the
 * plans' reserve indicator watches.
 */
export async function fundReport(
  ex: Executor,
  region: string,
  year: number,
  now: Date,
  warnings: WarningSettings,
) {
  const regions = await subtreeOf(ex, region);
  const rows = toRows(await fundRows(ex, regions, year));
  const budgets = await latestBudget(ex, [region], year);
  const elapsed = monthsElapsed(year, now);
  const funds: FundReport[] = FUNDS.map((def) => {
    const own = rows.filter((r) => r.fund === def.code);
    const b = budgets.find((x) => x.fund_code === def.code);
    const f = fundYear(own, {
      year,
      monthsElapsed: elapsed,
      budget: b ? { income: b.income, expenditure: b.expenditure, version: b.version } : null,
      warnings: def.pooled ? warnings : budgetOnly(warnings),
    });
    return {
      fund: def.code,
      name: def.name,
      nameEn: def.en,
      pooled: def.pooled,
      year: f,
      projection: projectionOf(own, f),
    };
  });
  const pools = basicPools(rows, year, elapsed, budgets, warnings);
  const refreshed = await refreshesOf(ex, year);
  const asOf = refreshed.reduce<Date | null>(
    (a, r) => (a === null || r.refreshed_at > a ? r.refreshed_at : a),
    null,
  );
  return {
    region,
    year,
    monthsElapsed: elapsed,
    asOf,
    funds,
    pools,
    budgetVersion: budgets[0]?.version ?? null,
  };
}

/** The basic pools as one fund (their rows summed; their budgets summed). */
export function basicPools(
  rows: FundMonthRow[],
  year: number,
  elapsed: number,
  budgets: { fund_code: string; income: bigint; expenditure: bigint; version: number }[],
  warnings: WarningSettings,
): FundReport {
  const own = rows.filter((r) => BASIC_POOLS.includes(r.fund as (typeof BASIC_POOLS)[number]));
  const lines = budgets.filter((b) => BASIC_POOLS.includes(b.fund_code as (typeof BASIC_POOLS)[number]));
  const budget =
    lines.length === 0
      ? null
      : {
          income: lines.reduce((a, b) => a + b.income, 0n),
          expenditure: lines.reduce((a, b) => a + b.expenditure, 0n),
          version: lines[0]!.version,
        };
  const f = fundYear(own, { year, monthsElapsed: elapsed, budget, warnings });
  return {
    fund: "basic_pools",
    name: "基本医疗保险统筹基金（职工 + 居民）",
    nameEn: "Basic pools (employee + resident)",
    pooled: true,
    year: f,
    projection: projectionOf(own, f),
  };
}

/** The fund entries of a region and the regions below it booked in a year (limit + 1 rows, newest first). */
export async function fundEntries(
  ex: Executor,
  region: string,
  year: number,
  limit: number,
  after: bigint | null,
) {
  return listEntries(ex, await subtreeOf(ex, region), year, limit, after);
}
