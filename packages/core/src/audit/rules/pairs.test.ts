import { describe, expect, it } from "vitest";
import { findingsOf, item, testKb, visit } from "../audit.fixture.ts";

const kb = testKb({
  items: ["A", "B", "C", "D", "E", "F", "G", "H"].map((c) => item(c)),
  pairs: [
    ["A", "B", "same_day"],
    ["C", "D", "same_visit"],
    ["E", "F", "included"], // F is part of E
    ["G", "H", "contraindicated"],
  ],
});
const stay = (lines: { code: string; date: string; price?: string }[]) =>
  visit({ med_type: "21", begndate: "2026-03-01", enddate: "2026-03-04", lines });

describe("exclusive-pair-same-day", () => {
  it("one finding per date with both, citing that date's lines; amount the smaller side", () => {
    const v = stay([
      { code: "A", date: "2026-03-01", price: "6" },
      { code: "B", date: "2026-03-01", price: "2" },
      { code: "B", date: "2026-03-01", price: "3" },
      { code: "A", date: "2026-03-02" },
      { code: "B", date: "2026-03-03" },
    ]);
    expect(findingsOf(kb, "exclusive-pair-same-day", v)).toEqual([[["1", "2", "3"], "5.00"]]);
  });
  it("passes the pair on different days, and is unordered (b before a)", () => {
    expect(
      findingsOf(
        kb,
        "exclusive-pair-same-day",
        stay([
          { code: "A", date: "2026-03-01" },
          { code: "B", date: "2026-03-02" },
        ]),
      ),
    ).toEqual([]);
    expect(
      findingsOf(
        kb,
        "exclusive-pair-same-day",
        stay([
          { code: "B", date: "2026-03-02", price: "1" },
          { code: "A", date: "2026-03-02" },
        ]),
      ),
    ).toEqual([[["1", "2"], "1.00"]]);
  });
});

describe("exclusive-pair-same-visit", () => {
  it("fires once for the visit, on any dates, citing all lines of both", () => {
    const v = stay([
      { code: "C", date: "2026-03-01", price: "50" },
      { code: "D", date: "2026-03-03", price: "20" },
      { code: "D", date: "2026-03-04", price: "40" },
    ]);
    expect(findingsOf(kb, "exclusive-pair-same-visit", v)).toEqual([[["1", "2", "3"], "50.00"]]);
    expect(findingsOf(kb, "exclusive-pair-same-visit", stay([{ code: "C", date: "2026-03-01" }]))).toEqual(
      [],
    );
  });
});

describe("included-item-charged", () => {
  it("charges the included item b on a date the package a is charged; the amount is b's", () => {
    const v = stay([
      { code: "E", date: "2026-03-01", price: "100" },
      { code: "F", date: "2026-03-01", price: "3" },
      { code: "F", date: "2026-03-02", price: "3" },
    ]);
    expect(findingsOf(kb, "included-item-charged", v)).toEqual([[["1", "2"], "3.00"]]);
  });
  it("passes b alone", () => {
    expect(findingsOf(kb, "included-item-charged", stay([{ code: "F", date: "2026-03-01" }]))).toEqual([]);
  });
});

describe("contraindicated-pair", () => {
  it("fires per date with both drugs; amount the smaller side", () => {
    const v = stay([
      { code: "G", date: "2026-03-01", price: "0.75" },
      { code: "H", date: "2026-03-01", price: "8" },
      { code: "G", date: "2026-03-02" },
      { code: "H", date: "2026-03-02", price: "9.99" },
    ]);
    expect(findingsOf(kb, "contraindicated-pair", v)).toEqual([
      [["1", "2"], "0.75"],
      [["3", "4"], "9.99"],
    ]);
  });
  it("is not an exclusive pair: the same-day rule stays quiet", () => {
    const v = stay([
      { code: "G", date: "2026-03-01" },
      { code: "H", date: "2026-03-01" },
    ]);
    expect(findingsOf(kb, "exclusive-pair-same-day", v)).toEqual([]);
  });
});

describe("pairs with validity", () => {
  const versioned = testKb({
    items: [item("A"), item("B")],
    pairs: [["A", "B", "same_day", "2026-03-02", ""]],
  });
  it("checks a pair only on the dates it is in force", () => {
    const v = stay([
      { code: "A", date: "2026-03-01" },
      { code: "B", date: "2026-03-01" },
      { code: "A", date: "2026-03-02" },
      { code: "B", date: "2026-03-02" },
    ]);
    expect(findingsOf(versioned, "exclusive-pair-same-day", v)).toEqual([[["3", "4"], "10.00"]]);
  });
});
