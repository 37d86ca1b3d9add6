import { fieldError } from "../errors/index.ts";
import { addDays } from "../time/index.ts";
import { type Fen, type Ratio, applyRatio, maxBig, minBig } from "../money/index.ts";

/**
 * Contribution rules (筹资/征缴) of one region for one year. Amounts in fen, rates scale 4.
 * Each named quantity is rounded half up to the fen once, where it is defined.
 */
export interface ContributionParams {
  averageMonthlyWage: Fen; // 社平工资 (monthly), for the base floor and ceiling
  baseFloorRatio: Ratio; // 6000 = 60%
  baseCeilingRatio: Ratio; // 30000 = 300%
  employerRate: Ratio; // 单位缴费费率
  individualRate: Ratio; // 个人缴费费率
  /** Share of the employer contribution credited to the personal account (0 after the 门诊共济 reform). */
  employerShareToAccount: Ratio;
  /** Fixed monthly account credit for retirees (退休人员定额划入). */
  retireeMonthlyCredit: Fen;
  residentAnnualPremium: Fen; // 居民个人缴费标准
  residentGovernmentSubsidy: Fen; // 财政补助 per head, recorded for the fund's income
  /** Share of the resident premium paid by medical assistance (资助参保) per category. */
  assistanceSubsidy: { tk: Ratio; db: Ratio; jc: Ratio };
  /** Days from payment until benefits start for a first or lapsed enrolment (待遇等待期). */
  waitingDays: number;
}

/** 缴费基数: the declared wage clamped between floor and ceiling of the average wage. */
export function contributionBase(declaredWage: Fen, p: ContributionParams): Fen {
  if (declaredWage < 0n) throw fieldError("AMOUNT_NEGATIVE", "wage");
  const floor = applyRatio(p.averageMonthlyWage, p.baseFloorRatio);
  const ceiling = applyRatio(p.averageMonthlyWage, p.baseCeilingRatio);
  return minBig(ceiling, maxBig(floor, declaredWage));
}

export interface EmployeeMonth {
  base: Fen;
  employer: Fen;
  individual: Fen;
  accountCredit: Fen; // 个人账户划入
}

/** One month of an active employee: employer and individual parts and the account credit. */
export function employeeMonth(declaredWage: Fen, p: ContributionParams): EmployeeMonth {
  const base = contributionBase(declaredWage, p);
  const employer = applyRatio(base, p.employerRate);
  const individual = applyRatio(base, p.individualRate);
  return {
    base,
    employer,
    individual,
    accountCredit: individual + applyRatio(employer, p.employerShareToAccount),
  };
}

/** A retiree pays nothing; the account receives the fixed monthly credit. */
export function retireeMonth(p: ContributionParams): EmployeeMonth {
  return { base: 0n, employer: 0n, individual: 0n, accountCredit: p.retireeMonthlyCredit };
}

export interface ResidentYear {
  premium: Fen; // the person's premium
  assistancePays: Fen; // paid by medical assistance for the poor (资助参保)
  personPays: Fen;
  governmentSubsidy: Fen;
}

export function residentYear(p: ContributionParams, category: "tk" | "db" | "jc" | null): ResidentYear {
  const share = category ? p.assistanceSubsidy[category] : 0n;
  const assistancePays = applyRatio(p.residentAnnualPremium, share);
  return {
    premium: p.residentAnnualPremium,
    assistancePays,
    personPays: p.residentAnnualPremium - assistancePays,
    governmentSubsidy: p.residentGovernmentSubsidy,
  };
}

/**
 * When benefits start after a payment completes: at once for continuous payers (months carried
 * over or an earlier paid period), after the waiting period otherwise; never before coverage starts.
 */
export function benefitStart(
  paidOn: string,
  coverageStart: string,
  continuous: boolean,
  p: ContributionParams,
): string {
  const start = continuous ? paidOn : addDays(paidOn, p.waitingDays);
  return start > coverageStart ? start : coverageStart;
}
