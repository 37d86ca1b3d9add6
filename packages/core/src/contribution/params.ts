import { fieldError } from "../errors/index.ts";
import { fenToYuan, formatRatio, nonNegativeYuanToFen, parseRatio } from "../money/index.ts";
import type { ContributionParams } from "./rules.ts";

/** The JSON form of ContributionParams (decimal strings), as stored and sent over the API. */
export type ContributionParamsJson = Record<string, unknown>;

/** What formatContributionParams writes: every parameter, money in yuan, ratios with 4 decimals. */
export type ContributionParamsText = {
  averageMonthlyWage: string;
  baseFloorRatio: string;
  baseCeilingRatio: string;
  employerRate: string;
  individualRate: string;
  employerShareToAccount: string;
  retireeMonthlyCredit: string;
  residentAnnualPremium: string;
  residentGovernmentSubsidy: string;
  assistanceSubsidy: { tk: string; db: string; jc: string };
  waitingDays: number;
};

function ratio(v: unknown, field: string) {
  const r = parseRatio(String(v ?? ""), field);
  if (r < 0n || r > 100_000n) throw fieldError("FIELD_INVALID", field, `${field} out of range`);
  return r;
}

export function parseContributionParams(j: ContributionParamsJson): ContributionParams {
  const money = (k: string) => nonNegativeYuanToFen(String(j[k] ?? ""), k);
  const a = (j.assistanceSubsidy ?? {}) as Record<string, unknown>;
  const waitingDays = Number(j.waitingDays ?? 0);
  if (!Number.isInteger(waitingDays) || waitingDays < 0 || waitingDays > 366)
    throw fieldError("FIELD_INVALID", "waitingDays");
  return {
    averageMonthlyWage: money("averageMonthlyWage"),
    baseFloorRatio: ratio(j.baseFloorRatio ?? "0.6000", "baseFloorRatio"),
    baseCeilingRatio: ratio(j.baseCeilingRatio ?? "3.0000", "baseCeilingRatio"),
    employerRate: ratio(j.employerRate, "employerRate"),
    individualRate: ratio(j.individualRate, "individualRate"),
    employerShareToAccount: ratio(j.employerShareToAccount ?? "0", "employerShareToAccount"),
    retireeMonthlyCredit: money("retireeMonthlyCredit"),
    residentAnnualPremium: money("residentAnnualPremium"),
    residentGovernmentSubsidy: money("residentGovernmentSubsidy"),
    assistanceSubsidy: {
      tk: ratio(a.tk ?? "0", "assistanceSubsidy.tk"),
      db: ratio(a.db ?? "0", "assistanceSubsidy.db"),
      jc: ratio(a.jc ?? "0", "assistanceSubsidy.jc"),
    },
    waitingDays,
  };
}

export function formatContributionParams(p: ContributionParams): ContributionParamsText {
  return {
    averageMonthlyWage: fenToYuan(p.averageMonthlyWage),
    baseFloorRatio: formatRatio(p.baseFloorRatio),
    baseCeilingRatio: formatRatio(p.baseCeilingRatio),
    employerRate: formatRatio(p.employerRate),
    individualRate: formatRatio(p.individualRate),
    employerShareToAccount: formatRatio(p.employerShareToAccount),
    retireeMonthlyCredit: fenToYuan(p.retireeMonthlyCredit),
    residentAnnualPremium: fenToYuan(p.residentAnnualPremium),
    residentGovernmentSubsidy: fenToYuan(p.residentGovernmentSubsidy),
    assistanceSubsidy: {
      tk: formatRatio(p.assistanceSubsidy.tk),
      db: formatRatio(p.assistanceSubsidy.db),
      jc: formatRatio(p.assistanceSubsidy.jc),
    },
    waitingDays: p.waitingDays,
  };
}
