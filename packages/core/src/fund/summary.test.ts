import { describe, expect, it } from "vitest";
import type { FundMonthRow } from "./funds.ts";
import { fundYear, reserveMonthsOf } from "./summary.ts";

const row = (year: number, month: number, item: string, amount: bigint): FundMonthRow => ({
  year,
  month,
  fund: "310100",
  item,
  amount,
});
const settings = { reserveMinMonths: 6, reserveMaxMonths: 9, budgetTolerancePercent: 5 };

describe("a fund's year", () => {
  const rows = [
    row(2024, 12, "opening", 900_000n), // carried from the old system before the year
    row(2025, 1, "contributions", 200_000n),
    row(2025, 1, "settlements", 120_000n),
    row(2025, 2, "contributions", 200_000n),
    row(2025, 2, "settlements", 150_000n),
    row(2025, 2, "manual_reimbursements", 5_000n),
    row(2025, 3, "interest", 1_000n),
    row(2025, 3, "settlements", 100_000n),
  ];

  it("sums income and expenditure by item and carries the accumulated balance", () => {
    const f = fundYear(rows, { year: 2025, monthsElapsed: 3, budget: null });
    expect(f.opening).toBe(900_000n);
    expect(f.incomeTotal).toBe(401_000n);
    expect(f.expenditureTotal).toBe(375_000n);
    expect(f.income.interest).toBe(1_000n);
    expect(f.expenditure.manual_reimbursements).toBe(5_000n);
    expect(f.balance).toBe(26_000n);
    expect(f.accumulated).toBe(926_000n);
    expect(f.monthly.map((m) => m.accumulated)).toEqual([980_000n, 1_025_000n, 926_000n]);
    // 926000 / round(375000 / 3) = 926000 / 125000
    expect(f.reserveMonths).toBe("7.41");
  });

  it("stops at the months elapsed", () => {
    const f = fundYear(rows, { year: 2025, monthsElapsed: 1, budget: null });
    expect(f.expenditureTotal).toBe(120_000n);
    expect(f.monthly).toHaveLength(1);
  });

  it("warns when the reserve leaves the range and when spending runs ahead of the budget", () => {
    const low = fundYear(rows, {
      year: 2025,
      monthsElapsed: 3,
      budget: { income: 1_600_000n, expenditure: 1_200_000n, version: 1 },
      warnings: { ...settings, reserveMinMonths: 8 },
    });
    // pace: 375000 x 12 = 4.5 m against 1.2 m x 3 x 1.05 = 3.78 m: ahead
    expect(low.warnings.map((w) => w.code)).toEqual(["RESERVE_LOW", "SPENDING_AHEAD"]);
    expect(low.budget?.expenditureExecution).toBe("31.25");
    const fine = fundYear(rows, {
      year: 2025,
      monthsElapsed: 3,
      budget: { income: 1_600_000n, expenditure: 1_500_000n, version: 1 },
      warnings: settings,
    });
    expect(fine.warnings).toEqual([]);
    const high = fundYear(rows, {
      year: 2025,
      monthsElapsed: 3,
      budget: null,
      warnings: { ...settings, reserveMaxMonths: 7 },
    });
    expect(high.warnings.map((w) => w.code)).toEqual(["RESERVE_HIGH"]);
  });

  it("has no reserve months without expenditure", () => {
    expect(reserveMonthsOf(100n, 0n, 12)).toBeNull();
    expect(reserveMonthsOf(-300n, 1_200n, 12)).toBe("-3.00");
  });
});
