import { describe, expect, it } from "vitest";
import { findingsOf, item, testKb, visit } from "../audit.fixture.ts";

const kb = testKb({
  items: [
    item("BED", { chrgitm_type: "01" }),
    item("NURSE", { chrgitm_type: "07" }),
    item("IV", { chrgitm_type: "05" }),
    item("LAB", { chrgitm_type: "04" }),
    item("OP", { chrgitm_type: "06" }),
  ],
});
const admission = (begndate: string, enddate: string, extra: Partial<Parameters<typeof visit>[0]> = {}) =>
  visit({
    med_type: "21",
    begndate,
    enddate,
    diagnoses: ["K25.001"],
    lines: [{ code: "IV", date: begndate }],
    ...extra,
  });
const outpatient = (begndate: string, med_type = "11") =>
  visit({ med_type, begndate, lines: [{ code: "LAB", price: "25" }] });

describe("outpatient-during-stay", () => {
  it("fires for an outpatient or pharmacy visit strictly inside an earlier stay (amount total(V))", () => {
    expect(
      findingsOf(
        kb,
        "outpatient-during-stay",
        admission("2026-03-01", "2026-03-10"),
        outpatient("2026-03-05"),
      ),
    ).toEqual([[[], "25.00"]]);
    expect(
      findingsOf(
        kb,
        "outpatient-during-stay",
        admission("2026-03-01", "2026-03-10"),
        outpatient("2026-03-05", "41"),
      ),
    ).toEqual([[[], "25.00"]]);
  });
  it("passes the admission and the discharge day", () => {
    expect(
      findingsOf(
        kb,
        "outpatient-during-stay",
        admission("2026-03-01", "2026-03-10"),
        outpatient("2026-03-01"),
      ),
    ).toEqual([]);
    expect(
      findingsOf(
        kb,
        "outpatient-during-stay",
        admission("2026-03-01", "2026-03-10"),
        outpatient("2026-03-10"),
      ),
    ).toEqual([]);
  });
});

describe("overlapping-stays", () => {
  it("fires when two stays of the person overlap, at any institution", () => {
    const second = admission("2026-03-09", "2026-03-12", { institution: { code: "H9" } });
    expect(findingsOf(kb, "overlapping-stays", admission("2026-03-01", "2026-03-10"), second)).toEqual([
      [[], "10.00"],
    ]);
  });
  it("passes back-to-back stays (one discharged the day the other admits)", () => {
    expect(
      findingsOf(
        kb,
        "overlapping-stays",
        admission("2026-03-01", "2026-03-10"),
        admission("2026-03-10", "2026-03-12"),
      ),
    ).toEqual([]);
  });
});

describe("split-admission", () => {
  const readmit = (begndate: string, extra: Partial<Parameters<typeof visit>[0]> = {}) =>
    admission(begndate, "2026-04-10", extra);
  const first = admission("2026-03-01", "2026-03-10");
  it("fires within readmission_days (15 here) of the discharge, same institution and category", () => {
    expect(
      findingsOf(kb, "split-admission", first, readmit("2026-03-25", { diagnoses: ["K25.900"] })),
    ).toEqual([[[], "10.00"]]);
    expect(findingsOf(kb, "split-admission", first, readmit("2026-03-10"))).toEqual([[[], "10.00"]]); // 0 days
  });
  it("passes one day beyond, another institution, another category, or a maternity stay", () => {
    expect(findingsOf(kb, "split-admission", first, readmit("2026-03-26"))).toEqual([]);
    expect(
      findingsOf(kb, "split-admission", first, readmit("2026-03-20", { institution: { code: "H9" } })),
    ).toEqual([]);
    expect(
      findingsOf(kb, "split-admission", first, readmit("2026-03-20", { diagnoses: ["K26.001"] })),
    ).toEqual([]);
    expect(findingsOf(kb, "split-admission", first, readmit("2026-03-20", { med_type: "52" }))).toEqual([]);
  });
});

describe("bed-days-without-care", () => {
  const day = (d: number) => `2026-03-0${d}`;
  const stay = (careOn: number[]) =>
    visit({
      med_type: "21",
      begndate: day(1),
      enddate: day(5),
      lines: [
        ...[1, 2, 3, 4].map((d) => ({ code: "BED", date: day(d), price: "30" })),
        ...[1, 2, 3, 4].map((d) => ({ code: "NURSE", date: day(d) })), // nursing is not care here
        ...careOn.map((d) => ({ code: "OP", date: day(d) })),
      ],
    });
  it("fires with more bed-only dates than bed_only_days_max (2 here), citing their bed lines", () => {
    expect(findingsOf(kb, "bed-days-without-care", stay([1]))).toEqual([[["2", "3", "4"], "90.00"]]);
  });
  it("passes exactly the maximum", () => {
    expect(findingsOf(kb, "bed-days-without-care", stay([1, 3]))).toEqual([]);
  });
});

describe("low-standard-admission", () => {
  const short = (codes: string[], enddate = "2026-03-03") =>
    visit({
      med_type: "21",
      begndate: "2026-03-01",
      enddate,
      lines: codes.map((code) => ({ code, date: "2026-03-01" })),
    });
  it("fires for a short stay (≤ low_std_stay_days, 2 here) of only low-standard items", () => {
    expect(findingsOf(kb, "low-standard-admission", short(["BED", "LAB", "NURSE"]))).toEqual([[[], "30.00"]]);
  });
  it("passes one treatment, an unknown line, or a longer stay", () => {
    expect(findingsOf(kb, "low-standard-admission", short(["BED", "IV"]))).toEqual([]);
    expect(findingsOf(kb, "low-standard-admission", short(["BED", "ZZ"]))).toEqual([]);
    expect(findingsOf(kb, "low-standard-admission", short(["BED", "LAB"], "2026-03-04"))).toEqual([]);
  });
});
