import { describe, expect, it } from "vitest";
import { COUNT, MONEY, PRICE, QUANTITY, parseBounded } from "./bounded.ts";

const refused = (text: unknown, kind = MONEY) =>
  expect(() => parseBounded(text, kind, "f")).toThrowError(
    expect.objectContaining({ code: kind.code, details: { field: "f" } }),
  );

describe("bounded decimals", () => {
  it("parses plain decimals within the precision of their kind", () => {
    expect(parseBounded("123.45", MONEY, "f")).toBe(12345n);
    expect(parseBounded("-0.5", MONEY, "f")).toBe(-50n);
    expect(parseBounded("007", MONEY, "f")).toBe(700n);
    expect(parseBounded("2.345678", PRICE, "f")).toBe(2_345_678n);
    expect(parseBounded("-2.5", QUANTITY, "f")).toBe(-25_000n);
    expect(parseBounded("42", COUNT, "f")).toBe(42n);
  });

  it("refuses anything but a plain decimal, naming the field", () => {
    for (const t of [
      "",
      "null",
      "NaN",
      "Infinity",
      "1e3",
      "1E-2",
      " 12",
      "12 ",
      "1 2",
      "+1",
      ".5",
      "5.",
      "1,5",
      "0x10",
    ])
      refused(t);
    refused(12.5); // a number is the caller's to turn into text (core/nhsa/amounts.ts)
    refused(null);
  });

  it("refuses more decimals than the kind allows, at the boundary", () => {
    expect(parseBounded("0.01", MONEY, "f")).toBe(1n);
    refused("0.001");
    expect(parseBounded("1.000001", PRICE, "f")).toBe(1_000_001n);
    refused("1.0000001", PRICE);
    expect(parseBounded("1.0001", QUANTITY, "f")).toBe(10_001n);
    refused("1.00001", QUANTITY);
    refused("1.0", COUNT);
  });

  it("refuses values out of range, leading zeros aside", () => {
    expect(parseBounded("999999999999.99", MONEY, "f")).toBe(99_999_999_999_999n);
    refused("1000000000000.00");
    expect(parseBounded("0009999999", PRICE, "f")).toBe(9_999_999_000_000n);
    refused("10000000", PRICE);
    expect(parseBounded("-999999", QUANTITY, "f")).toBe(-9_999_990_000n);
    refused("-1000000", QUANTITY);
  });
});
