import { describe, expect, it } from "vitest";
import { findingsOf, item, testKb, visit } from "../audit.fixture.ts";

const kb = testKb({
  items: [item("X"), item("K"), item("O2"), item("VENT")],
  dxSex: [
    ["N40", "1"],
    ["O", "2"],
  ],
  dxAge: [
    ["P", "", "0"],
    ["H25", "40", ""],
  ],
  dxSupport: [["J96", "O2|VENT"]],
  chronic: ["E11", "I1"],
});

describe("dx-sex-mismatch", () => {
  const f = (gend: string, diagnoses: string[]) =>
    findingsOf(kb, "dx-sex-mismatch", visit({ person: { gend }, diagnoses, lines: [{ code: "X" }] }));
  it("fires once per visit for any diagnosis of the other sex, in any position", () => {
    expect(f("1", ["I10", "O80.000", "O82.000"])).toEqual([[[], "10.00"]]);
    expect(f("2", ["N40.x00"])).toEqual([[[], "10.00"]]);
  });
  it("passes the right sex", () => {
    expect(f("2", ["O80.000"])).toEqual([]);
    expect(f("1", ["N40.x00"])).toEqual([]);
  });
});

describe("dx-age-mismatch", () => {
  const f = (brdy: string, diagnoses: string[]) =>
    findingsOf(
      kb,
      "dx-age-mismatch",
      visit({ person: { brdy }, begndate: "2026-03-10", diagnoses, lines: [{ code: "X" }] }),
    );
  it("uses the age on begndate against the prefix's bounds, inclusive", () => {
    expect(f("1986-03-10", ["H25.900"])).toEqual([]); // 40 on the birthday
    expect(f("1986-03-11", ["H25.900"])).toEqual([[[], "10.00"]]); // 39
    expect(f("2025-03-11", ["P07.300"])).toEqual([]); // 0
    expect(f("2025-03-10", ["P07.300"])).toEqual([[[], "10.00"]]); // 1
  });
});

describe("cc-without-care", () => {
  const stay = (diagnoses: string[], codes: string[]) =>
    findingsOf(
      kb,
      "cc-without-care",
      visit({
        med_type: "21",
        begndate: "2026-03-01",
        enddate: "2026-03-05",
        diagnoses,
        lines: codes.map((code) => ({ code, date: "2026-03-01" })),
      }),
    );
  it("fires for a secondary diagnosis whose support items are all missing", () => {
    expect(stay(["J18.900", "J96.000"], ["X"])).toEqual([[[], "10.00"]]);
  });
  it("passes with one support item, or the diagnosis as main diagnosis, or an outpatient visit", () => {
    expect(stay(["J18.900", "J96.000"], ["X", "VENT"])).toEqual([]);
    expect(stay(["J96.000"], ["X"])).toEqual([]);
    expect(
      findingsOf(kb, "cc-without-care", visit({ diagnoses: ["J18", "J96"], lines: [{ code: "X" }] })),
    ).toEqual([]);
  });
});

describe("chronic-dx-not-covered", () => {
  const f = (diagnoses: string[], med_type = "14") =>
    findingsOf(kb, "chronic-dx-not-covered", visit({ med_type, diagnoses, lines: [{ code: "X" }] }));
  it("fires for a med_type 14 visit whose main diagnosis is no listed disease, or has none", () => {
    expect(f(["J15.900", "E11.900"])).toEqual([[[], "10.00"]]);
    expect(f([])).toEqual([[[], "10.00"]]);
  });
  it("passes a listed disease (plain prefix: I1 covers I10 and I15) and other med_types", () => {
    expect(f(["E11.900"])).toEqual([]);
    expect(f(["I15.000"])).toEqual([]);
    expect(f(["J15.900"], "11")).toEqual([]);
  });
});
