import { type Fen, divRoundHalfUp } from "../money/index.ts";
import {
  EXPENDITURE_ITEMS,
  type FundMonthRow,
  INCOME_ITEMS,
  OPENING_ITEM,
  netOf,
  percentText,
  ratioText,
} from "./funds.ts";

/** The budget of a fund for the year (set at its start; the latest version counts). */
export interface BudgetLine {
  income: Fen;
  expenditure: Fen;
  version: number;
}

/** When a fund is in trouble: reserve months outside [min, max], spending ahead of budget by more than tolerance. */
export interface WarningSettings {
  reserveMinMonths: number;
  reserveMaxMonths: number;
  budgetTolerancePercent: number;
}

/**
 * The defaults (the server's are set in its configuration): 6 to 9 months is the range the NHSA's
 * fund-management guidance names as reasonable for a pool's accumulated balance (累计结余可支付
 * 月数 6-9 个月); spending may run 5% ahead of the budget's pace before it is flagged.
 */
export const DEFAULT_WARNING_SETTINGS: WarningSettings = {
  reserveMinMonths: 6,
  reserveMaxMonths: 9,
  budgetTolerancePercent: 5,
};

export interface FundWarning {
  code: "RESERVE_LOW" | "RESERVE_HIGH" | "SPENDING_AHEAD";
  message: string;
}

export interface FundMonth {
  month: number;
  income: Fen;
  expenditure: Fen;
  balance: Fen;
  accumulated: Fen;
  reserveMonths: string | null;
}

export interface FundYear {
  year: number;
  /** months of the year the figures cover (12 for a past year) */
  monthsElapsed: number;
  /** accumulated balance at the start of the year (every earlier year, openings included) */
  opening: Fen;
  /** balances carried from the old system during the year (期初), added to the accumulated balance */
  openingBooked: Fen;
  income: Record<string, Fen>;
  incomeTotal: Fen;
  expenditure: Record<string, Fen>;
  expenditureTotal: Fen;
  /** the year's income less its expenditure (当期结余) */
  balance: Fen;
  /** 累计结余 at the end of the months covered */
  accumulated: Fen;
  /** 累计结余可支付月数: accumulated / average monthly expenditure of the months covered */
  reserveMonths: string | null;
  monthly: FundMonth[];
  budget: (BudgetLine & { incomeExecution: string | null; expenditureExecution: string | null }) | null;
  warnings: FundWarning[];
}

const zeroItems = (items: readonly string[]) =>
  Object.fromEntries(items.map((i) => [i, 0n])) as Record<string, Fen>;

/** The average monthly expenditure of `months` months, rounded to the fen (月均支出). */
export const monthlyAverage = (expenditure: Fen, months: number): Fen =>
  months > 0 ? divRoundHalfUp(expenditure, BigInt(months)) : 0n;

/**
 * 累计结余可支付月数: the accumulated balance / the average monthly expenditure (rounded to the
 * fen first, as shown), in months with 2 decimals; null without expenditure.
 */
export function reserveMonthsOf(accumulated: Fen, expenditure: Fen, months: number): string | null {
  const average = monthlyAverage(expenditure, months);
  if (average <= 0n) return null;
  return ratioText(accumulated, average, 2);
}

/**
 * One fund's year from its monthly rows (every year up to this one: the accumulated balance needs
 * them all). `monthsElapsed` limits the year to the months that have passed.
 */
export function fundYear(
  rows: FundMonthRow[],
  input: {
    year: number;
    monthsElapsed: number;
    budget: BudgetLine | null;
    warnings?: WarningSettings | null;
  },
): FundYear {
  const { year, monthsElapsed } = input;
  let opening = 0n;
  const income = zeroItems(INCOME_ITEMS);
  const expenditure = zeroItems(EXPENDITURE_ITEMS);
  let openingBooked = 0n;
  const byMonth = new Map<number, { income: Fen; expenditure: Fen; net: Fen }>();
  for (const r of rows) {
    if (r.year < year) opening += netOf(r);
    if (r.year !== year || r.month > monthsElapsed) continue;
    const m = byMonth.get(r.month) ?? { income: 0n, expenditure: 0n, net: 0n };
    if (r.item === OPENING_ITEM) openingBooked += r.amount;
    else if (r.item in income) {
      income[r.item]! += r.amount;
      m.income += r.amount;
    } else {
      expenditure[r.item]! += r.amount;
      m.expenditure += r.amount;
    }
    m.net += netOf(r);
    byMonth.set(r.month, m);
  }
  const incomeTotal = Object.values(income).reduce((a, b) => a + b, 0n);
  const expenditureTotal = Object.values(expenditure).reduce((a, b) => a + b, 0n);
  const monthly: FundMonth[] = [];
  let accumulated = opening;
  let spent = 0n;
  for (let month = 1; month <= monthsElapsed; month++) {
    const m = byMonth.get(month) ?? { income: 0n, expenditure: 0n, net: 0n };
    accumulated += m.net;
    spent += m.expenditure;
    monthly.push({
      month,
      income: m.income,
      expenditure: m.expenditure,
      balance: m.income - m.expenditure,
      accumulated,
      reserveMonths: reserveMonthsOf(accumulated, spent, month),
    });
  }
  const reserveMonths = reserveMonthsOf(accumulated, expenditureTotal, monthsElapsed);
  const budget = input.budget
    ? {
        ...input.budget,
        incomeExecution: percentText(incomeTotal, input.budget.income),
        expenditureExecution: percentText(expenditureTotal, input.budget.expenditure),
      }
    : null;
  const result: FundYear = {
    year,
    monthsElapsed,
    opening,
    openingBooked,
    income,
    incomeTotal,
    expenditure,
    expenditureTotal,
    balance: incomeTotal - expenditureTotal,
    accumulated,
    reserveMonths,
    monthly,
    budget,
    warnings: [],
  };
  if (input.warnings) result.warnings = warningsOf(result, input.warnings);
  return result;
}

/** The year's warnings: reserve months outside the range; spending ahead of the budget's pace. */
export function warningsOf(f: FundYear, s: WarningSettings): FundWarning[] {
  const out: FundWarning[] = [];
  if (f.reserveMonths !== null) {
    const scaled = Number(f.reserveMonths.replace(".", "")); // months x 100, exact for display values
    if (scaled < s.reserveMinMonths * 100)
      out.push({
        code: "RESERVE_LOW",
        message: `reserve ${f.reserveMonths} months, below ${s.reserveMinMonths}`,
      });
    if (scaled > s.reserveMaxMonths * 100)
      out.push({
        code: "RESERVE_HIGH",
        message: `reserve ${f.reserveMonths} months, above ${s.reserveMaxMonths}`,
      });
  }
  if (f.budget && f.budget.expenditure > 0n && f.monthsElapsed > 0) {
    // ahead when spent / (budget x elapsed/12) > 1 + tolerance, in integers
    const spent = f.expenditureTotal * 12n * 100n;
    const pace = f.budget.expenditure * BigInt(f.monthsElapsed) * BigInt(100 + s.budgetTolerancePercent);
    if (spent > pace)
      out.push({
        code: "SPENDING_AHEAD",
        message: `spent ${percentText(f.expenditureTotal * 12n, f.budget.expenditure * BigInt(f.monthsElapsed))}% of the budget's pace for ${f.monthsElapsed} months (tolerance ${s.budgetTolerancePercent}%)`,
      });
  }
  return out;
}
