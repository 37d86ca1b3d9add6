import type { Selectable } from "kysely";
import type { FundYear, Projection } from "@yibao/core/fund";
import { fenToYuan } from "@yibao/core/money";
import { Type } from "typebox";
import { Nullable, StringEnum, Timestamp, YuanOut } from "../../http/schemas.ts";
import type { FundReport } from "./fund-report.service.ts";
import type { FundEntryTable } from "./fund.table.ts";

/** What the fund routes answer (amounts in yuan, decimal strings). */
const Items = Type.Record(Type.String(), YuanOut, { description: "yuan by item (docs/fund.md)" });
const Months = Nullable(Type.String({ description: "months with 2 decimals" }));

const FundMonthOut = Type.Object({
  month: Type.Integer(),
  income: YuanOut,
  expenditure: YuanOut,
  balance: YuanOut,
  accumulated: YuanOut,
  reserveMonths: Months,
});

const ProjectionOut = Type.Object({
  assumptions: Type.Object({
    basis: StringEnum(["observed", "assumed"] as const),
    incomeGrowth: Type.String({ description: "yearly growth, a ratio of 4 decimals" }),
    expenditureGrowth: Type.String(),
    annualised: Type.Boolean(),
    baseIncome: YuanOut,
    baseExpenditure: YuanOut,
    text: Type.Array(Type.String()),
  }),
  years: Type.Array(
    Type.Object({
      year: Type.Integer(),
      income: YuanOut,
      expenditure: YuanOut,
      balance: YuanOut,
      accumulated: YuanOut,
      reserveMonths: Months,
    }),
  ),
});

export const FundOut = Type.Object({
  fund: Type.String({ description: "fund code (fund_pay_type), or basic_pools" }),
  name: Type.String(),
  nameEn: Type.String(),
  pooled: Type.Boolean(),
  monthsElapsed: Type.Integer(),
  opening: YuanOut,
  openingBooked: YuanOut,
  income: Items,
  incomeTotal: YuanOut,
  expenditure: Items,
  expenditureTotal: YuanOut,
  balance: YuanOut,
  accumulated: YuanOut,
  reserveMonths: Months,
  monthly: Type.Array(FundMonthOut),
  budget: Nullable(
    Type.Object({
      version: Type.Integer(),
      income: YuanOut,
      expenditure: YuanOut,
      incomeExecution: Months,
      expenditureExecution: Months,
    }),
  ),
  warnings: Type.Array(
    Type.Object({
      code: StringEnum(["RESERVE_LOW", "RESERVE_HIGH", "SPENDING_AHEAD"] as const),
      message: Type.String(),
    }),
  ),
  projection: Nullable(ProjectionOut),
});

export const FundReportOut = Type.Object({
  region: Type.String(),
  year: Type.Integer(),
  monthsElapsed: Type.Integer({ description: "months of the year the figures cover" }),
  asOf: Nullable(Timestamp),
  budgetVersion: Nullable(Type.Integer()),
  warningSettings: Type.Object({
    reserveMinMonths: Type.Number(),
    reserveMaxMonths: Type.Number(),
    budgetTolerancePercent: Type.Number(),
  }),
  funds: Type.Array(FundOut),
  pools: FundOut,
});

const yuanItems = (items: Record<string, bigint>) =>
  Object.fromEntries(Object.entries(items).map(([k, v]) => [k, fenToYuan(v)]));

function projectionView(p: Projection) {
  return {
    assumptions: {
      ...p.assumptions,
      baseIncome: fenToYuan(p.assumptions.baseIncome),
      baseExpenditure: fenToYuan(p.assumptions.baseExpenditure),
    },
    years: p.years.map((y) => ({
      year: y.year,
      income: fenToYuan(y.income),
      expenditure: fenToYuan(y.expenditure),
      balance: fenToYuan(y.balance),
      accumulated: fenToYuan(y.accumulated),
      reserveMonths: y.reserveMonths,
    })),
  };
}

function yearView(f: FundYear) {
  return {
    monthsElapsed: f.monthsElapsed,
    opening: fenToYuan(f.opening),
    openingBooked: fenToYuan(f.openingBooked),
    income: yuanItems(f.income),
    incomeTotal: fenToYuan(f.incomeTotal),
    expenditure: yuanItems(f.expenditure),
    expenditureTotal: fenToYuan(f.expenditureTotal),
    balance: fenToYuan(f.balance),
    accumulated: fenToYuan(f.accumulated),
    reserveMonths: f.reserveMonths,
    monthly: f.monthly.map((m) => ({
      month: m.month,
      income: fenToYuan(m.income),
      expenditure: fenToYuan(m.expenditure),
      balance: fenToYuan(m.balance),
      accumulated: fenToYuan(m.accumulated),
      reserveMonths: m.reserveMonths,
    })),
    budget: f.budget
      ? {
          version: f.budget.version,
          income: fenToYuan(f.budget.income),
          expenditure: fenToYuan(f.budget.expenditure),
          incomeExecution: f.budget.incomeExecution,
          expenditureExecution: f.budget.expenditureExecution,
        }
      : null,
    warnings: f.warnings,
  };
}

export const fundView = (r: FundReport) => ({
  fund: r.fund,
  name: r.name,
  nameEn: r.nameEn,
  pooled: r.pooled,
  ...yearView(r.year),
  projection: r.projection ? projectionView(r.projection) : null,
});

export const FundEntryOut = Type.Object({
  id: Type.String(),
  region: Type.String(),
  fund: Type.String(),
  kind: StringEnum(["opening", "subsidy", "interest", "transfer", "other"] as const),
  direction: StringEnum(["in", "out"] as const),
  amount: YuanOut,
  bookedOn: Type.String({ description: "yyyy-MM-dd" }),
  reference: Type.String(),
  pairId: Nullable(Type.String({ description: "the other side of a transfer" })),
  reversesId: Nullable(Type.String()),
  createdBy: Type.String(),
  createdAt: Timestamp,
});

export const entryView = (e: Selectable<FundEntryTable>) => ({
  id: String(e.id),
  region: e.region_code,
  fund: e.fund_code,
  kind: e.kind,
  direction: e.direction,
  amount: fenToYuan(e.amount),
  bookedOn: String(e.booked_on),
  reference: e.reference,
  pairId: e.pair_id === null ? null : String(e.pair_id),
  reversesId: e.reverses_id === null ? null : String(e.reverses_id),
  createdBy: e.created_by,
  createdAt: e.created_at,
});
