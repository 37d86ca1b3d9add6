import { type Fen, type Ratio, RATIO_ONE, applyRatio, divRoundHalfUp, formatRatio } from "../money/index.ts";
import { reserveMonthsOf } from "./summary.ts";

/**
 * A simple actuarial projection (基金收支预测): income and expenditure grow at constant yearly
 * rates from the base year, each year's balance adds to the accumulated balance, and the reserve
 * is read as months of that year's expenditure. The rates are the observed change from the year
 * before when both years are complete, else assumptions given by the caller; either way the
 * answer says which. A partial base year is annualised first (x 12 / months covered).
 */
export interface ProjectionInput {
  year: number;
  monthsElapsed: number;
  income: Fen;
  expenditure: Fen;
  accumulated: Fen;
  /** the complete year before, when there is one: the growth rates are observed from it */
  previous: { income: Fen; expenditure: Fen } | null;
  /** used when there is no complete previous year */
  assumedIncomeGrowth: Ratio;
  assumedExpenditureGrowth: Ratio;
  years: number;
}

export interface ProjectedYear {
  year: number;
  income: Fen;
  expenditure: Fen;
  balance: Fen;
  accumulated: Fen;
  reserveMonths: string | null;
}

export interface Projection {
  assumptions: {
    basis: "observed" | "assumed";
    incomeGrowth: string;
    expenditureGrowth: string;
    annualised: boolean;
    baseIncome: Fen;
    baseExpenditure: Fen;
    text: string[];
  };
  years: ProjectedYear[];
}

/** (now - before) / before as a ratio of scale 4; 0 when there was nothing before. */
export function growthOf(now: Fen, before: Fen): Ratio {
  if (before <= 0n) return 0n;
  return divRoundHalfUp((now - before) * RATIO_ONE, before);
}

export function project(p: ProjectionInput): Projection {
  const annualise = (x: Fen) =>
    p.monthsElapsed >= 12 ? x : divRoundHalfUp(x * 12n, BigInt(p.monthsElapsed));
  const baseIncome = annualise(p.income);
  const baseExpenditure = annualise(p.expenditure);
  const observed = p.previous !== null && p.monthsElapsed >= 12;
  const gi = observed ? growthOf(p.income, p.previous!.income) : p.assumedIncomeGrowth;
  const ge = observed ? growthOf(p.expenditure, p.previous!.expenditure) : p.assumedExpenditureGrowth;
  const years: ProjectedYear[] = [];
  let income = baseIncome;
  let expenditure = baseExpenditure;
  // the base year's accumulated balance as it will stand at its end
  let accumulated = p.accumulated + (baseIncome - p.income) - (baseExpenditure - p.expenditure);
  for (let k = 1; k <= p.years; k++) {
    income = applyRatio(income, RATIO_ONE + gi);
    expenditure = applyRatio(expenditure, RATIO_ONE + ge);
    accumulated += income - expenditure;
    years.push({
      year: p.year + k,
      income,
      expenditure,
      balance: income - expenditure,
      accumulated,
      reserveMonths: reserveMonthsOf(accumulated, expenditure, 12),
    });
  }
  const text = [
    observed
      ? `growth rates observed from ${p.year - 1} to ${p.year}`
      : `growth rates assumed (no complete year ${p.year - 1} in the ledger)`,
    `income grows ${formatRatio(gi)} a year, expenditure ${formatRatio(ge)} a year, from the base year ${p.year}`,
    p.monthsElapsed >= 12
      ? `base year complete (12 months)`
      : `base year annualised from ${p.monthsElapsed} months (x 12 / ${p.monthsElapsed}), the rest of the year assumed like its average month`,
    "no change of contribution rates, benefit policies or the insured population beyond the trend",
  ];
  return {
    assumptions: {
      basis: observed ? "observed" : "assumed",
      incomeGrowth: formatRatio(gi),
      expenditureGrowth: formatRatio(ge),
      annualised: p.monthsElapsed < 12,
      baseIncome,
      baseExpenditure,
      text,
    },
    years,
  };
}
