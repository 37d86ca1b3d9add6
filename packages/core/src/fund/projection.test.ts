import { describe, expect, it } from "vitest";
import { growthOf, project } from "./projection.ts";

describe("the projection", () => {
  const base = {
    year: 2025,
    income: 1_200_000n,
    expenditure: 1_000_000n,
    accumulated: 2_000_000n,
    assumedIncomeGrowth: 500n,
    assumedExpenditureGrowth: 800n,
    years: 3,
  };

  it("grows a complete year at the assumed rates without a previous year", () => {
    const p = project({ ...base, monthsElapsed: 12, previous: null });
    expect(p.assumptions.basis).toBe("assumed");
    expect(p.years.map((y) => y.income)).toEqual([1_260_000n, 1_323_000n, 1_389_150n]);
    expect(p.years.map((y) => y.expenditure)).toEqual([1_080_000n, 1_166_400n, 1_259_712n]);
    expect(p.years[0]!.accumulated).toBe(2_180_000n);
    expect(p.years[2]!.accumulated).toBe(2_180_000n + 156_600n + 129_438n);
    expect(p.years[0]!.reserveMonths).toBe("24.22");
  });

  it("observes the growth from the previous complete year", () => {
    const p = project({
      ...base,
      monthsElapsed: 12,
      previous: { income: 1_000_000n, expenditure: 1_000_000n },
    });
    expect(p.assumptions).toMatchObject({
      basis: "observed",
      incomeGrowth: "0.2000",
      expenditureGrowth: "0.0000",
    });
    expect(p.years[0]!.income).toBe(1_440_000n);
  });

  it("annualises a partial year", () => {
    const p = project({ ...base, monthsElapsed: 6, income: 600_000n, expenditure: 500_000n, previous: null });
    expect(p.assumptions.annualised).toBe(true);
    expect(p.assumptions.baseIncome).toBe(1_200_000n);
    // the rest of the base year adds 600000 - 500000 before the first projected year
    expect(p.years[0]!.accumulated).toBe(2_000_000n + 100_000n + 180_000n);
  });

  it("measures growth exactly", () => {
    expect(growthOf(1_050n, 1_000n)).toBe(500n);
    expect(growthOf(1n, 0n)).toBe(0n);
  });
});
