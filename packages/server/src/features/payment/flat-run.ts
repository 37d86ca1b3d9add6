import type { HospitalStatement, Liquidation } from "@yibao/core/payment";

/**
 * A statement that pays a hospital a fixed amount, computed elsewhere (a monthly advance, per diem,
 * capitation): no points to split a budget by, nothing adjusted, deducted or advanced against it.
 */
export function flatStatement(
  hospital: string,
  amount: bigint,
  o: { cases?: HospitalStatement["cases"]; points?: bigint } = {},
): HospitalStatement {
  return {
    hospital,
    coefficient: 10_000n,
    cases: o.cases ?? [],
    points: o.points ?? 0n,
    drgAmount: amount,
    fundPaid: 0n,
    surplus: 0n,
    overspend: 0n,
    adjustment: 0n,
    deduction: 0n,
    deductions: [],
    payable: amount,
    advances: 0n,
    balanceDue: amount,
  };
}

/** A run of such statements: its budget is what it pays; no point value. */
export function flatLiquidation(statements: HospitalStatement[], totalPoints = 0n): Liquidation {
  const sum = (f: (s: HospitalStatement) => bigint) => statements.reduce((t, s) => t + f(s), 0n);
  const payable = sum((s) => s.payable);
  return {
    budget: payable,
    totalPoints,
    pointValue: "0",
    statements,
    totals: {
      drgAmount: sum((s) => s.drgAmount),
      payable,
      advances: 0n,
      balanceDue: sum((s) => s.balanceDue),
    },
  };
}
