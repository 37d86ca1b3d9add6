import { describe, expect, it } from "vitest";
import { findingsOf, item, testKb, visit } from "../audit.fixture.ts";

describe("price-over-cap", () => {
  const kb = testKb({ items: [item("X", { price_cap: "12.50" })] });
  const f = (price: string, qty = "1") =>
    findingsOf(kb, "price-over-cap", visit({ lines: [{ code: "X", price, qty }] }));

  it("reports the excess over the cap, fen(qty, price − cap)", () => {
    // 3 x (13.333333 − 12.50) = 2.499999 -> 2.50
    expect(f("13.333333", "3")).toEqual([[["1"], "2.50"]]);
  });
  it("passes a price at the cap, and a line without a cap", () => {
    expect(f("12.50")).toEqual([]);
    expect(
      findingsOf(
        testKb({ items: [item("X")] }),
        "price-over-cap",
        visit({ lines: [{ code: "X", price: "99" }] }),
      ),
    ).toEqual([]);
  });
  it("fires one micro-yuan above the cap, rounding the excess half up", () => {
    // 0.5 x 0.000001 rounds to 0.00; 10000 x 0.000001 = 0.01
    expect(f("12.500001", "0.5")).toEqual([[["1"], "0.00"]]);
    expect(f("12.500001", "10000")).toEqual([[["1"], "0.01"]]);
  });
});

describe("sex-restricted-item", () => {
  const kb = testKb({ items: [item("F", { sex: "2" })] });
  const f = (gend: string) =>
    findingsOf(kb, "sex-restricted-item", visit({ person: { gend }, lines: [{ code: "F", price: "40" }] }));
  it("fires for the other sex with the line's amount, not for the item's sex", () => {
    expect(f("1")).toEqual([[["1"], "40.00"]]);
    expect(f("2")).toEqual([]);
  });
});

describe("age-restricted-item", () => {
  const kb = testKb({ items: [item("K", { max_age: "14" }), item("OLD", { min_age: "60" })] });
  const onDate = (code: string, brdy: string, date: string) =>
    findingsOf(kb, "age-restricted-item", visit({ person: { brdy }, begndate: date, lines: [{ code }] }));

  it("uses the age on the line's date, max inclusive: 14 passes, 15 does not", () => {
    expect(onDate("K", "2011-03-11", "2026-03-10")).toEqual([]); // 14 the day before the 15th birthday
    expect(onDate("K", "2011-03-10", "2026-03-10")).toEqual([[["1"], "10.00"]]); // 15 on the birthday
  });
  it("min inclusive: 60 on the birthday passes, the day before does not", () => {
    expect(onDate("OLD", "1966-03-10", "2026-03-10")).toEqual([]);
    expect(onDate("OLD", "1966-03-11", "2026-03-10")).toEqual([[["1"], "10.00"]]);
  });
  it("counts a 02-29 birthday on 03-01 in a common year", () => {
    expect(onDate("OLD", "1964-02-29", "2024-02-28")).toEqual([[["1"], "10.00"]]); // 59
    expect(onDate("OLD", "1965-02-28", "2025-02-28")).toEqual([]);
    expect(onDate("OLD", "1966-02-28", "2025-03-01")).toEqual([[["1"], "10.00"]]); // 59
    expect(onDate("OLD", "1964-02-29", "2024-02-29")).toEqual([]); // 60 on the day in a leap year
  });
  it("dates the line, not the visit: a line charged on the birthday", () => {
    const v = visit({
      person: { brdy: "2011-03-12" },
      med_type: "21",
      begndate: "2026-03-10",
      enddate: "2026-03-14",
      lines: [
        { code: "K", date: "2026-03-11" },
        { code: "K", date: "2026-03-12" },
      ],
    });
    expect(findingsOf(kb, "age-restricted-item", v)).toEqual([[["2"], "10.00"]]);
  });
});

describe("level-, med-type- and dept-restricted items", () => {
  const kb = testKb({
    items: [
      item("L3", { levels: "3" }),
      item("MAT", { med_types: "51|52" }),
      item("DEP", { depts: "A03|A50.02" }),
    ],
  });
  it("level: fires outside the listed levels", () => {
    expect(findingsOf(kb, "level-restricted-item", visit({ lines: [{ code: "L3" }] }))).toEqual([
      [["1"], "10.00"],
    ]);
    expect(
      findingsOf(
        kb,
        "level-restricted-item",
        visit({ institution: { level: "3" }, lines: [{ code: "L3" }] }),
      ),
    ).toEqual([]);
  });
  it("med_type: a maternity-only item in a general outpatient visit", () => {
    expect(findingsOf(kb, "med-type-restricted-item", visit({ lines: [{ code: "MAT" }] }))).toEqual([
      [["1"], "10.00"],
    ]);
    expect(
      findingsOf(kb, "med-type-restricted-item", visit({ med_type: "51", lines: [{ code: "MAT" }] })),
    ).toEqual([]);
  });
  it("dept: the entry itself and its sub-departments after a dot, nothing else", () => {
    const f = (dept: string) =>
      findingsOf(kb, "dept-restricted-item", visit({ dept, lines: [{ code: "DEP" }] }));
    expect(f("A03")).toEqual([]);
    expect(f("A03.07")).toEqual([]);
    expect(f("A50.02")).toEqual([]);
    expect(f("A030")).toEqual([[["1"], "10.00"]]); // a prefix, but not a sub-department
    expect(f("A50")).toEqual([[["1"], "10.00"]]); // the parent of an entry
    expect(f("")).toEqual([[["1"], "10.00"]]);
  });
});

describe("indication-not-met", () => {
  const kb = testKb({ items: [item("INS", { kind: "drug", chrgitm_type: "09", indications: "E10|E11" })] });
  const f = (diagnoses: string[]) =>
    findingsOf(
      kb,
      "indication-not-met",
      visit({ diagnoses, lines: [{ code: "INS", kind: "drug", price: "80" }] }),
    );
  it("is met by any diagnosis, main or secondary, starting with an indication", () => {
    expect(f(["I10.x00", "E11.900"])).toEqual([]);
    expect(f(["E10"])).toEqual([]);
  });
  it("fires when no diagnosis starts with one (a longer prefix does not count backwards)", () => {
    expect(f(["E1", "I10"])).toEqual([[["1"], "80.00"]]);
    expect(f([])).toEqual([[["1"], "80.00"]]);
  });
});

describe("material-without-procedure", () => {
  const kb = testKb({
    items: [
      item("STENT", { kind: "material", chrgitm_type: "08", requires: "PCI|CABG" }),
      item("PCI"),
      item("CABG"),
    ],
  });
  const f = (codes: string[]) =>
    findingsOf(kb, "material-without-procedure", visit({ lines: codes.map((code) => ({ code })) }));
  it("fires per material line when none of the required procedures is charged", () => {
    expect(f(["STENT", "STENT"])).toEqual([
      [["1"], "10.00"],
      [["2"], "10.00"],
    ]);
  });
  it("passes with any one of them in the visit", () => {
    expect(f(["STENT", "CABG"])).toEqual([]);
  });
});

describe("unknown-item", () => {
  const kb = testKb({ items: [item("X", { valid_from: "2026-01-01", valid_to: "2026-03-10" })] });
  it("fires per line whose code is not in items.csv, with its amount", () => {
    expect(
      findingsOf(
        kb,
        "unknown-item",
        visit({ lines: [{ code: "X" }, { code: "NOPE", price: "3.3", qty: "3" }] }),
      ),
    ).toEqual([[["2"], "9.90"]]);
  });
  it("treats a code outside its validity as unknown on that date (the day after valid_to)", () => {
    const v = visit({ begndate: "2026-03-11", lines: [{ code: "X" }] });
    expect(findingsOf(kb, "unknown-item", v)).toEqual([[["1"], "10.00"]]);
  });
});
