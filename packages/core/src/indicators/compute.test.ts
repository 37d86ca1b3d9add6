import { describe, expect, it } from "vitest";
import { type SettlementCell, meetsTarget, settlementRatio } from "./compute.ts";
import { INDICATORS, indicatorDef } from "./definitions.ts";

const cell = (c: Partial<SettlementCell>): SettlementCell => ({
  month: 1,
  insutype: "310",
  medType: "21",
  mafCategory: "",
  payment: "drg",
  outOfProvince: false,
  medfee: 0n,
  inScope: 0n,
  poolPay: 0n,
  largeAmountPay: 0n,
  ciPay: 0n,
  mafPay: 0n,
  ...c,
});

describe("settlement indicators", () => {
  const cells = [
    cell({ medfee: 10_000n, inScope: 8_000n, poolPay: 6_000n, largeAmountPay: 500n }),
    cell({ month: 2, medType: "52", payment: "per_diem", medfee: 5_000n, inScope: 4_000n, poolPay: 3_000n }),
    cell({ medType: "11", medfee: 300n, inScope: 300n, poolPay: 200n }), // outpatient: not counted
    cell({
      insutype: "390",
      mafCategory: "tk",
      medfee: 6_000n,
      inScope: 5_000n,
      poolPay: 3_000n,
      ciPay: 200n,
      mafPay: 1_500n,
    }),
    cell({
      insutype: "390",
      mafCategory: "jc",
      outOfProvince: true,
      payment: "manual",
      medfee: 2_000n,
      inScope: 1_000n,
      poolPay: 400n,
      mafPay: 100n,
    }),
    cell({
      insutype: "390",
      outOfProvince: true,
      payment: "dip",
      medfee: 3_000n,
      inScope: 2_000n,
      poolPay: 1_000n,
    }),
  ];

  it("computes each ratio over its own settlements", () => {
    expect(settlementRatio("employee_inpatient_reimbursement_ratio", cells)).toEqual({
      numerator: 9_500n,
      denominator: 12_000n,
      value: "79.17",
    });
    expect(settlementRatio("resident_inpatient_reimbursement_ratio", cells).value).toBe("57.50");
    expect(settlementRatio("assistance_ratio_key_recipients", cells).value).toBe("30.00");
    // drg + dip: 10000 + 6000 + 3000 of 26000
    expect(settlementRatio("drg_dip_share_inpatient_cost", cells).value).toBe("73.08");
    expect(settlementRatio("cross_province_direct_settlement_rate", cells).value).toBe("60.00");
  });

  it("computes a month alone and is null without a denominator", () => {
    expect(settlementRatio("employee_inpatient_reimbursement_ratio", cells, 2).value).toBe("75.00");
    expect(settlementRatio("employee_inpatient_reimbursement_ratio", cells, 3).value).toBeNull();
    expect(() => settlementRatio("participation_rate", cells)).toThrow();
  });

  it("checks targets", () => {
    const t = indicatorDef("participation_rate").target;
    expect(meetsTarget("95.01", t)).toBe(true);
    expect(meetsTarget("95.00", t)).toBe(false);
    expect(meetsTarget(null, t)).toBeNull();
    const range = indicatorDef("fund_reserve_months").target;
    expect(meetsTarget("6.00", range, [6, 9])).toBe(true);
    expect(meetsTarget("9.01", range, [6, 9])).toBe(false);
    expect(meetsTarget("27.07", indicatorDef("personal_health_spending_share").target)).toBe(true);
  });

  it("names a reason for every indicator without data", () => {
    for (const d of INDICATORS) expect(d.source === "missing", d.key).toBe(Boolean(d.reason));
  });
});
