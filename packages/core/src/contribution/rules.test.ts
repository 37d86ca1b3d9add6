import { describe, expect, it } from "vitest";
import { yuanToFen } from "../money/index.ts";
import { parseContributionParams } from "./params.ts";
import { benefitStart, contributionBase, employeeMonth, residentYear } from "./rules.ts";

const p = parseContributionParams({
  averageMonthlyWage: "8000.00",
  employerRate: "0.0850",
  individualRate: "0.0200",
  employerShareToAccount: "0",
  retireeMonthlyCredit: "90.00",
  residentAnnualPremium: "400.00",
  residentGovernmentSubsidy: "670.00",
  assistanceSubsidy: { tk: "1", db: "1", jc: "0.5" },
  waitingDays: 90,
});

describe("contribution rules", () => {
  it("clamps the base between 60% and 300% of the average wage", () => {
    expect(contributionBase(yuanToFen("3000.00"), p)).toBe(yuanToFen("4800.00"));
    expect(contributionBase(yuanToFen("30000.00"), p)).toBe(yuanToFen("24000.00"));
    expect(contributionBase(yuanToFen("7000.55"), p)).toBe(yuanToFen("7000.55"));
  });
  it("splits an employee month", () => {
    expect(employeeMonth(yuanToFen("7000.55"), p)).toEqual({
      base: 700055n,
      employer: 59505n, // 595.0468 -> 595.05
      individual: 14001n, // 140.011 -> 140.01
      accountCredit: 14001n,
    });
  });
  it("lets assistance pay residents' premiums", () => {
    expect(residentYear(p, "jc")).toMatchObject({ assistancePays: 20000n, personPays: 20000n });
    expect(residentYear(p, "tk").personPays).toBe(0n);
  });
  it("starts benefits after the waiting period unless continuous", () => {
    expect(benefitStart("2026-01-10", "2026-01-01", false, p)).toBe("2026-04-10");
    expect(benefitStart("2025-12-20", "2026-01-01", true, p)).toBe("2026-01-01");
  });
});
