import { type WarningSettings, fundYear, monthlyAverage, percentText } from "@yibao/core/fund";
import {
  INDICATORS,
  type IndicatorDef,
  type SettlementCell,
  meetsTarget,
  settlementRatio,
} from "@yibao/core/indicators";
import { fenToYuan } from "@yibao/core/money";
import type { Executor } from "../../db/database.ts";
import { subtreeOf } from "../analytics/refresh.repository.ts";
import { monthsElapsed } from "../fund/fund-report.service.ts";
import { fundRows } from "../fund/fund.repository.ts";
import { insuredByMonth, populationOf, settlementCells } from "./indicators.repository.ts";

/** One figure of an indicator: the year so far, or a month. Amounts in yuan, counts as integers. */
export interface Figure {
  value: string | null;
  numerator: string | null;
  denominator: string | null;
}

export interface IndicatorRow {
  def: IndicatorDef;
  year: Figure;
  monthly: (Figure & { month: number })[];
  meetsTarget: boolean | null;
  reason: string | null;
  /** what numerator and denominator are counted in */
  units: { numerator: string; denominator: string } | null;
}

const none: Figure = { value: null, numerator: null, denominator: null };
const yuanFigure = (r: { numerator: bigint; denominator: bigint; value: string | null }): Figure => ({
  value: r.value,
  numerator: fenToYuan(r.numerator),
  denominator: fenToYuan(r.denominator),
});

function toCells(rows: Awaited<ReturnType<typeof settlementCells>>): SettlementCell[] {
  return rows.map((r) => ({
    month: r.month,
    insutype: r.insutype,
    medType: r.med_type,
    mafCategory: r.maf_category,
    payment: r.payment,
    outOfProvince: r.out_of_province,
    medfee: BigInt(r.medfee),
    inScope: BigInt(r.in_scope),
    poolPay: BigInt(r.pool_pay),
    largeAmountPay: BigInt(r.large_amount_pay),
    ciPay: BigInt(r.ci_pay),
    mafPay: BigInt(r.maf_pay),
  }));
}

/**
 * The plan's indicator table for a region (and the regions below it) and a year, from the monthly
 * aggregates (docs/indicators.md gives each definition with its query). The year's figure covers
 * the months elapsed; the monthly series gives each month's own figure (participation and reserve
 * months: as at the month's end).
 */
export async function indicatorTable(
  ex: Executor,
  region: string,
  year: number,
  now: Date,
  warnings: WarningSettings,
): Promise<IndicatorRow[]> {
  const regions = await subtreeOf(ex, region);
  const elapsed = monthsElapsed(year, now);
  const cells = toCells(await settlementCells(ex, regions, year)).filter((c) => c.month <= elapsed);
  const months = Array.from({ length: elapsed }, (_, i) => i + 1);
  const participation = await participationOf(ex, region, regions, year, elapsed);
  const reserve = await reserveOf(ex, regions, year, elapsed);
  const range: [number, number] = [warnings.reserveMinMonths, warnings.reserveMaxMonths];
  return INDICATORS.map((def): IndicatorRow => {
    const base = { def, reason: def.reason ?? null };
    if (def.source === "missing") return { ...base, year: none, monthly: [], meetsTarget: null, units: null };
    if (def.source === "settlements") {
      const year = yuanFigure(settlementRatio(def.key, cells));
      const monthly = months.map((month) => ({
        month,
        ...yuanFigure(settlementRatio(def.key, cells, month)),
      }));
      const reason = year.value === null ? "no settlements in the denominator yet" : null;
      return {
        ...base,
        reason,
        year,
        monthly,
        meetsTarget: meetsTarget(year.value, def.target),
        units: YUAN,
      };
    }
    const r = def.source === "registry" ? participation : reserve;
    return { ...base, ...r, meetsTarget: meetsTarget(r.year.value, def.target, range) };
  });
}

const YUAN = { numerator: "yuan", denominator: "yuan" };

/**
 * Insured at the period's end / the resident population of the year: the year's figure as at the
 * end of the latest month aggregated (the month elapsed, once the refresh job has made it).
 */
async function participationOf(
  ex: Executor,
  region: string,
  regions: string[],
  year: number,
  elapsed: number,
) {
  const population = await populationOf(ex, region, year);
  const insured = new Map((await insuredByMonth(ex, regions, year)).map((r) => [r.month, BigInt(r.insured)]));
  const figure = (month: number): Figure => {
    const n = insured.get(month);
    // a month not aggregated yet (the refresh job makes the current month's): unknown, not none insured
    if (n === undefined) return population ? { ...none, denominator: String(population.population) } : none;
    if (!population) return { value: null, numerator: String(n), denominator: null };
    return {
      value: percentText(n, population.population),
      numerator: String(n),
      denominator: String(population.population),
    };
  };
  const monthly = Array.from({ length: elapsed }, (_, i) => ({ month: i + 1, ...figure(i + 1) }));
  // as at the end of the latest month aggregated so far
  const latest = Math.max(0, ...[...insured.keys()].filter((m) => m <= elapsed));
  const reason = !population
    ? `no resident population (常住人口) recorded for ${region} ${year} (PUT /api/v1/indicators/population/${region}/${year})`
    : elapsed === 0
      ? "the year has not begun"
      : latest === 0
        ? "no month of the year aggregated yet (the aggregate refresh makes them)"
        : null;
  return {
    year: latest > 0 ? figure(latest) : none,
    monthly,
    reason,
    units: { numerator: "persons", denominator: "persons" },
  };
}

/** The basic pools' accumulated balance / their average monthly expenditure so far. */
async function reserveOf(ex: Executor, regions: string[], year: number, elapsed: number) {
  const rows = (await fundRows(ex, regions, year))
    .filter((r) => r.fund_code === "310100" || r.fund_code === "390100")
    .map((r) => ({ year: r.year, month: r.month, fund: "pools", item: r.item, amount: BigInt(r.amount) }));
  const f = fundYear(rows, { year, monthsElapsed: elapsed, budget: null });
  let spent = 0n;
  const monthly = f.monthly.map((m) => {
    spent += m.expenditure;
    // the denominator as the figure uses it: the average monthly expenditure rounded to the fen
    const average = monthlyAverage(spent, m.month);
    const figure: Figure = {
      value: m.reserveMonths,
      numerator: fenToYuan(m.accumulated),
      denominator: m.reserveMonths === null ? null : fenToYuan(average),
    };
    return { month: m.month, ...figure };
  });
  const last = monthly[monthly.length - 1];
  return {
    year: last ? { value: last.value, numerator: last.numerator, denominator: last.denominator } : none,
    monthly,
    reason: f.reserveMonths === null ? "no expenditure of the basic pools yet" : null,
    units: { numerator: "yuan (accumulated balance)", denominator: "yuan (average monthly expenditure)" },
  };
}
