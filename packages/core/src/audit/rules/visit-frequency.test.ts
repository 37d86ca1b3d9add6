import { describe, expect, it } from "vitest";
import { findingsOf, item, testKb, visit } from "../audit.fixture.ts";

const kb = testKb({
  items: [item("X")],
  rules: [
    { rule: "frequent-admissions", family: "management", result: "suspicious", enabled: "1" },
    { rule: "multi-pharmacy-purchases", family: "management", result: "suspicious", enabled: "1" },
  ],
  params: {
    freq_admission_days: "30",
    freq_admission_max: "2",
    multi_pharmacy_days: "7",
    multi_pharmacy_max: "2",
  },
});
const at = (begndate: string, med_type = "11", institution = "H1") =>
  visit({ med_type, begndate, institution: { code: institution }, lines: [{ code: "X" }] });

describe("frequent-outpatient-visits (7 days, max 3 here)", () => {
  it("fires on the 4th 11/14 visit within the window", () => {
    const visits = [at("2026-03-01"), at("2026-03-03", "14"), at("2026-03-05"), at("2026-03-07")];
    expect(findingsOf(kb, "frequent-outpatient-visits", ...visits)).toEqual([[[], "10.00"]]);
  });
  it("passes exactly the maximum, and a visit exactly 7 days after the first", () => {
    expect(
      findingsOf(kb, "frequent-outpatient-visits", at("2026-03-01"), at("2026-03-03"), at("2026-03-05")),
    ).toEqual([]);
    const edge = [at("2026-03-01"), at("2026-03-03"), at("2026-03-05"), at("2026-03-08")];
    expect(findingsOf(kb, "frequent-outpatient-visits", ...edge)).toEqual([]);
  });
  it("does not count pharmacy purchases or another person", () => {
    const other = visit({ person: { psn_no: "P2" }, begndate: "2026-03-02", lines: [{ code: "X" }] });
    const visits = [at("2026-03-01", "41"), other, at("2026-03-03"), at("2026-03-05"), at("2026-03-07")];
    expect(findingsOf(kb, "frequent-outpatient-visits", ...visits)).toEqual([]);
  });
});

describe("frequent-pharmacy-purchases (10 days, max 2 here)", () => {
  it("fires on the 3rd purchase within 10 days, not at the edge", () => {
    expect(
      findingsOf(
        kb,
        "frequent-pharmacy-purchases",
        at("2026-03-01", "41"),
        at("2026-03-05", "41"),
        at("2026-03-10", "41"),
      ),
    ).toEqual([[[], "10.00"]]);
    expect(
      findingsOf(
        kb,
        "frequent-pharmacy-purchases",
        at("2026-03-01", "41"),
        at("2026-03-05", "41"),
        at("2026-03-11", "41"),
      ),
    ).toEqual([]);
  });
});

describe("frequent-admissions (product rule: 30 days, max 2 here)", () => {
  const stay = (begndate: string, med_type = "21") =>
    visit({ med_type, begndate, enddate: begndate, lines: [{ code: "X" }] });
  it("fires on the 3rd admission (21 or 52) within 30 days, at any institution", () => {
    expect(
      findingsOf(kb, "frequent-admissions", stay("2026-03-01"), stay("2026-03-10", "52"), stay("2026-03-30")),
    ).toEqual([[[], "10.00"]]);
  });
  it("passes at the window's edge and is off unless rules.csv enables it", () => {
    expect(
      findingsOf(kb, "frequent-admissions", stay("2026-03-01"), stay("2026-03-10"), stay("2026-03-31")),
    ).toEqual([]);
    const visits = [stay("2026-03-01"), stay("2026-03-02"), stay("2026-03-03")];
    expect(findingsOf(testKb({ items: [item("X")] }), "frequent-admissions", ...visits)).toEqual([]);
  });
});

describe("multi-pharmacy-purchases (product rule: 7 days, max 2 pharmacies here)", () => {
  it("fires on a purchase at a 3rd distinct pharmacy within 7 days", () => {
    const visits = [at("2026-03-01", "41", "Y1"), at("2026-03-02", "41", "Y2"), at("2026-03-03", "41", "Y3")];
    expect(findingsOf(kb, "multi-pharmacy-purchases", ...visits)).toEqual([[[], "10.00"]]);
  });
  it("passes many purchases at two pharmacies, and a 3rd pharmacy a week later", () => {
    const two = [at("2026-03-01", "41", "Y1"), at("2026-03-02", "41", "Y2"), at("2026-03-03", "41", "Y1")];
    expect(findingsOf(kb, "multi-pharmacy-purchases", ...two)).toEqual([]);
    const later = [at("2026-03-01", "41", "Y1"), at("2026-03-02", "41", "Y2"), at("2026-03-08", "41", "Y3")];
    expect(findingsOf(kb, "multi-pharmacy-purchases", ...later)).toEqual([]);
  });
});
