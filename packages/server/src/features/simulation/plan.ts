import { type Population, careGroupOf, isEmployeeGroup } from "./population.ts";
import { FUND, PLAN_PER_INSURED, UTILISATION, WHERE } from "./rates.ts";
import type { SimInstitution } from "./world.ts";

/**
 * What the agency expects of the year when it sets the budget at its start (in fen): planning
 * figures per insured person (rates.ts PLAN_PER_INSURED) times the insured at the start, and the
 * DRG/DIP budgets from the expected admissions at DRG and DIP hospitals.
 */
export interface YearPlan {
  employees: number;
  residents: number;
  funds: { fund: string; income: bigint; expenditure: bigint }[];
  drgBudget: bigint;
  dipBudget: bigint;
}

const fen = (yuan: number) => BigInt(Math.round(yuan * 100));

export function planYear(p: Population, institutions: SimInstitution[]): YearPlan {
  let employees = 0;
  let admissions = 0;
  for (let i = 0; i < p.base; i++) {
    if (isEmployeeGroup(p.group[i]!)) employees++;
    admissions += UTILISATION[careGroupOf(p.group[i]!)].inpatient;
  }
  const residents = p.base - employees;
  const k = PLAN_PER_INSURED;
  const funds = [
    { fund: "310100", income: employees * k.employeeIncome, expenditure: employees * k.employeeExpenditure },
    { fund: "310200", income: employees * k.accountIncome, expenditure: employees * k.accountExpenditure },
    { fund: "390100", income: residents * k.residentIncome, expenditure: residents * k.residentExpenditure },
    {
      fund: "330100",
      income: employees * k.largeAmountIncome,
      expenditure: employees * k.largeAmountExpenditure,
    },
    {
      fund: "390200",
      income: residents * k.criticalIllnessIncome,
      expenditure: residents * k.criticalIllnessExpenditure,
    },
    {
      fund: "610100",
      income: residents * k.assistanceIncome,
      expenditure: residents * k.assistanceExpenditure,
    },
  ].map((f) => ({ fund: f.fund, income: fen(f.income), expenditure: fen(f.expenditure) }));
  // admissions by level, shared equally among the hospitals of the level, summed by payment method
  const share = { drg: 0, dip: 0 };
  for (const level of [1, 2, 3]) {
    const at = institutions.filter((x) => x.kind !== "pharmacy" && x.level === level);
    for (const x of at)
      if (x.payment === "drg" || x.payment === "dip")
        share[x.payment] += WHERE.inpatient[level - 1]! / at.length;
  }
  const perCase = k.drgDipPerAdmission;
  return {
    employees,
    residents,
    funds,
    drgBudget: fen(admissions * share.drg * perCase),
    dipBudget: fen(admissions * share.dip * perCase),
  };
}

/** The opening accumulated balance of each fund but the personal accounts (期初结余). */
export function openingBalances(plan: YearPlan) {
  return plan.funds
    .filter((f) => FUND.openingMonths[f.fund] !== undefined)
    .map((f) => ({ fund: f.fund, amount: (f.expenditure * BigInt(FUND.openingMonths[f.fund]!)) / 12n }));
}
