import { describe, expect, it } from "vitest";
import { COUNT, PRICE, QUANTITY } from "../money/index.ts";
import { amountFen, amountText, decimalText, optionalAmountFen, scaledValue } from "./amounts.ts";

const field = "input.data.medfee_sumamt";
const refusedAs = (code: string, f: () => unknown) =>
  expect(f).toThrowError(expect.objectContaining({ code, details: { field } }));

describe("amounts a HIS sends", () => {
  it("takes numbers and strings alike, as the decimal the HIS meant", () => {
    expect(amountFen(235, field)).toBe(23500n);
    expect(amountFen("235.00", field)).toBe(23500n);
    expect(amountFen(12.5, field)).toBe(1250n);
    expect(amountFen(0.1, field)).toBe(10n);
    expect(amountFen(-20.05, field)).toBe(-2005n);
    expect(amountText(25, field)).toBe("25");
    expect(decimalText(2.345678, field, PRICE)).toBe("2.345678");
    expect(decimalText("-2", field, QUANTITY)).toBe("-2");
    expect(scaledValue(3, field, COUNT)).toBe(3n);
  });

  it("refuses numbers that are not finite or carry more decimals than their kind", () => {
    refusedAs("AMOUNT_INVALID", () => amountFen(Number.NaN, field));
    refusedAs("AMOUNT_INVALID", () => amountFen(Number.POSITIVE_INFINITY, field));
    refusedAs("AMOUNT_INVALID", () => amountFen(0.1 + 0.2, field)); // 0.30000000000000004
    refusedAs("AMOUNT_INVALID", () => amountFen(12.345, field));
    refusedAs("AMOUNT_INVALID", () => amountFen(1e21, field)); // written 1e+21
    refusedAs("AMOUNT_INVALID", () => amountFen(1e12, field)); // a trillion yuan
    refusedAs("DECIMAL_INVALID", () => decimalText(1e-7, field, PRICE)); // written 1e-7
    refusedAs("DECIMAL_INVALID", () => decimalText(1.23456, field, QUANTITY));
    refusedAs("DECIMAL_INVALID", () => scaledValue(1.5, field, COUNT));
  });

  it("refuses strings that are not plain decimals", () => {
    for (const t of ["", "null", "NaN", "Infinity", "1e2", "12.5 ", " 12.5", "1 2.5", "12.345", "--1"])
      refusedAs("AMOUNT_INVALID", () => amountFen(t, field));
    refusedAs("AMOUNT_INVALID", () => amountFen(true, field));
    refusedAs("AMOUNT_INVALID", () => amountFen({}, field));
  });

  it("tells a missing amount from a bad one", () => {
    refusedAs("FIELD_REQUIRED", () => amountFen(undefined, field));
    refusedAs("FIELD_REQUIRED", () => amountFen(null, field));
    expect(optionalAmountFen(undefined, field)).toBeUndefined();
    expect(optionalAmountFen(null, field)).toBeUndefined();
    refusedAs("AMOUNT_INVALID", () => optionalAmountFen("", field));
    refusedAs("AMOUNT_INVALID", () => optionalAmountFen("null", field));
  });
});
