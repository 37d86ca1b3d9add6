import { describe, expect, it } from "vitest";
import { findingsOf, item, testKb, visit } from "../audit.fixture.ts";

const kb = testKb({ items: [item("X"), item("DRUG", { kind: "drug", chrgitm_type: "09" })] });

describe("duplicate-line", () => {
  it("groups equal code, date, qty and price (numerically: 1 = 1.0, 10 = 10.000000); the repeats are at issue", () => {
    const v = visit({
      lines: [
        { code: "X", qty: "1", price: "10", amount: "10.00" },
        { code: "X", qty: "1.0", price: "10.000000", amount: "12.00" },
        { code: "X", qty: "1", price: "10.00" },
        { code: "X", qty: "2", price: "10" },
      ],
    });
    expect(findingsOf(kb, "duplicate-line", v)).toEqual([[["1", "2", "3"], "22.00"]]);
  });
  it("groups unknown codes too, and passes a different date or price", () => {
    const v = visit({
      med_type: "21",
      begndate: "2026-03-01",
      enddate: "2026-03-02",
      lines: [
        { code: "ZZ", price: "4" },
        { code: "ZZ", price: "4" },
        { code: "X", date: "2026-03-01" },
        { code: "X", date: "2026-03-02" },
        { code: "X", date: "2026-03-01", price: "10.01" },
      ],
    });
    expect(findingsOf(kb, "duplicate-line", v)).toEqual([[["1", "2"], "4.00"]]);
  });
});

describe("charge-outside-stay", () => {
  it("fires per line dated before admission or after discharge; the discharge day is inside", () => {
    const v = visit({
      med_type: "21",
      begndate: "2026-03-02",
      enddate: "2026-03-05",
      lines: [
        { code: "X", date: "2026-03-01" },
        { code: "X", date: "2026-03-02" },
        { code: "X", date: "2026-03-05" },
        { code: "ZZ", date: "2026-03-06", price: "1" },
      ],
    });
    expect(findingsOf(kb, "charge-outside-stay", v)).toEqual([
      [["1"], "10.00"],
      [["4"], "1.00"],
    ]);
  });
});

describe("amount-mismatch", () => {
  it("reports |amt − fen(qty, price)|, either way, unknown lines included", () => {
    const v = visit({
      lines: [
        { code: "X", qty: "3", price: "0.333333", amount: "1.00" }, // 0.999999 -> 1.00: right
        { code: "X", qty: "2", price: "17", amount: "36.00" },
        { code: "ZZ", qty: "1", price: "0.50", amount: "0.00" },
      ],
    });
    expect(findingsOf(kb, "amount-mismatch", v)).toEqual([
      [["2"], "2.00"],
      [["3"], "0.50"],
    ]);
  });
  it("rounds fen(qty, price) half up: 0.005 is a fen", () => {
    const v = visit({ lines: [{ code: "X", qty: "0.5", price: "0.01", amount: "0.01" }] });
    expect(findingsOf(kb, "amount-mismatch", v)).toEqual([]);
  });
});

describe("rx-days-over-limit", () => {
  const rx = (med_type: string, days: string, amount = "26.00") =>
    findingsOf(
      kb,
      "rx-days-over-limit",
      visit({ med_type, lines: [{ code: "DRUG", kind: "drug", days, price: "26", amount }] }),
    );
  it("charges the share of the days over the med_type's limit, half up", () => {
    // 11: limit 7; 26.00 x (26 − 7) / 26 = 19.00
    expect(rx("11", "26")).toEqual([[["1"], "19.00"]]);
    // 10.00 x 2 / 9 = 2.222 -> 2.22
    expect(rx("11", "9", "10.00")).toEqual([[["1"], "2.22"]]);
  });
  it("passes days at the limit, a med_type without a limit (51 blank here) and inpatient drugs", () => {
    expect(rx("11", "7")).toEqual([]);
    expect(rx("51", "90")).toEqual([]);
    expect(
      findingsOf(
        kb,
        "rx-days-over-limit",
        visit({ med_type: "21", enddate: "2026-03-12", lines: [{ code: "DRUG", kind: "drug", days: "60" }] }),
      ),
    ).toEqual([]);
  });
  it("reads the limit of each med_type (14: 30 here)", () => {
    expect(rx("14", "30")).toEqual([]);
    expect(rx("14", "31", "31.00")).toEqual([[["1"], "1.00"]]);
  });
});
