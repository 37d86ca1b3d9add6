import { describe, expect, it } from "vitest";
import { settleClaim } from "./engine.ts";
import { ACCUMULATOR_KEYS, AMOUNT_KEYS, BILL_PARTS, SETLINFO_AMOUNT_FIELDS } from "./fields.ts";
import { formatAccumulators, formatSetlinfo } from "./format.ts";
import { ZERO_ACCUMULATORS } from "./reverse.ts";
import type { Policy } from "./types.ts";

const policy: Policy = {
  insutype: "310",
  medType: "11",
  deductible: { scope: "annual", byLevel: { "1": 10_000n, "2": 20_000n, "3": 30_000n } },
  pool: { ratioByLevel: { "1": 9_000n, "2": 8_500n, "3": 8_000n }, annualCap: 10_000_000n },
};
const result = settleClaim(
  policy,
  { psnType: "1101", insutype: "310", assistanceCategory: null, balance: 5_000n, ytd: ZERO_ACCUMULATORS },
  {
    level: "2",
    acctUsed: true,
    lines: [
      { code: "A1", catalogClass: "A", price: 123_450_000n, quantity: 10_000n },
      { code: "B1", catalogClass: "B", price: 80_000_000n, quantity: 20_000n, selfPayFirstRatio: 1_000n },
      { code: "C1", catalogClass: "C", price: 9_990_000n, quantity: 10_000n },
    ],
  },
);

describe("the settlement field map", () => {
  it("names every amount once, with a distinct setlinfo field", () => {
    expect(AMOUNT_KEYS).toHaveLength(Object.keys(result.amounts).length);
    expect(new Set(AMOUNT_KEYS)).toEqual(new Set(Object.keys(result.amounts)));
    expect(new Set(Object.values(SETLINFO_AMOUNT_FIELDS)).size).toBe(AMOUNT_KEYS.length);
  });

  it("formats each amount under its setlinfo field, in setlinfo order", () => {
    const out = formatSetlinfo(result.amounts);
    expect(Object.keys(out)).toEqual(AMOUNT_KEYS.map((k) => SETLINFO_AMOUNT_FIELDS[k]));
    expect(out.medfee_sumamt).toBe("293.44"); // 123.45 + 2 x 80.00 + 9.99
    expect(out.acct_pay).toBe("50.00");
    expect(out.balc).toBe("0.00");
  });

  it("splits the bill into the four parts", () => {
    const a = result.amounts;
    expect(BILL_PARTS.reduce((s, k) => s + a[k], 0n)).toBe(a.medfee);
    expect(a.fullOwnPay).toBe(999n); // the class C line
    expect(a.preSelfPay).toBe(1_600n); // 10 % of the class B line
  });

  it("formats every accumulator and the balance", () => {
    const out = formatAccumulators(result.delta);
    expect(Object.keys(out)).toEqual([...ACCUMULATOR_KEYS, "balance"]);
    expect(out.balance).toBe("-50.00");
  });
});
