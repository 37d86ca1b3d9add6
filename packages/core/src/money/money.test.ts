import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { divRoundHalfUp, formatScaled, parseScaled } from "./decimal.ts";
import { applyRatio, fenToYuan, mulToFen, parseRatio, yuanToFen } from "./money.ts";

describe("money", () => {
  it("parses and formats yuan exactly", () => {
    expect(yuanToFen("123.45")).toBe(12345n);
    expect(yuanToFen("0.5")).toBe(50n);
    expect(yuanToFen("-2600.00")).toBe(-260000n);
    expect(fenToYuan(-5n)).toBe("-0.05");
    expect(fenToYuan(0n)).toBe("0.00");
    expect(() => yuanToFen("1.234")).toThrow(/at most 2 decimals/);
    expect(() => yuanToFen("abc", "medfee_sumamt")).toThrowError(
      expect.objectContaining({ code: "AMOUNT_INVALID", details: { field: "medfee_sumamt" } }),
    );
  });

  it("refuses amounts beyond int8 by field", () => {
    expect(yuanToFen("92233720368547758.07")).toBe(9_223_372_036_854_775_807n);
    for (const big of ["92233720368547758.08", "-99999999999999999999", "1" + "0".repeat(30)])
      expect(() => yuanToFen(big, "medfee_sumamt")).toThrowError(
        expect.objectContaining({ code: "NUMBER_OUT_OF_RANGE", details: { field: "medfee_sumamt" } }),
      );
    expect(() => parseScaled("9223372036854.775808", 6, "pric")).toThrowError(
      expect.objectContaining({ code: "NUMBER_OUT_OF_RANGE" }),
    );
  });

  it("rounds half up, symmetric for negatives", () => {
    expect(divRoundHalfUp(5n, 10n)).toBe(1n);
    expect(divRoundHalfUp(4n, 10n)).toBe(0n);
    expect(divRoundHalfUp(-5n, 10n)).toBe(-1n);
    expect(divRoundHalfUp(15n, 10n)).toBe(2n);
  });

  it("multiplies price by quantity to the fen", () => {
    // 18.20 x 14 = 254.80
    expect(mulToFen(parseScaled("18.20", 6), 6, parseScaled("14", 4), 4)).toBe(25480n);
    // 0.333333 x 3 = 0.999999 -> 1.00
    expect(mulToFen(parseScaled("0.333333", 6), 6, parseScaled("3", 4), 4)).toBe(100n);
    expect(applyRatio(25480n, parseRatio("0.1000"))).toBe(2548n);
  });

  it("round-trips any scaled value", () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }),
        fc.integer({ min: 0, max: 6 }),
        (v, s) => {
          expect(parseScaled(formatScaled(v, s), s)).toBe(v);
        },
      ),
    );
  });
});
