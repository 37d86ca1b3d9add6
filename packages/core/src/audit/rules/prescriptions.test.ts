import { describe, expect, it } from "vitest";
import { findingsOf, item, testKb, visit } from "../audit.fixture.ts";

const kb = testKb({
  items: [
    item("ATV-1", { kind: "drug", chrgitm_type: "09", drug_group: "ATV" }),
    item("ATV-2", { kind: "drug", chrgitm_type: "09", drug_group: "ATV" }),
    item("MET", { kind: "drug", chrgitm_type: "09" }),
  ],
});
const rx = (begndate: string, code: string, days: string, med_type = "11", price = "9.90") =>
  visit({ med_type, begndate, lines: [{ code, kind: "drug", days, price }] });

describe("drug-repeat-across-visits (note R; repeat_overlap_days_max 3 here)", () => {
  it("fires when an earlier supply of the same generic group has more than 3 days left", () => {
    // 03-01 + 7 days − 03-04 = 4 days left, another manufacturer of the same group, at a pharmacy
    expect(
      findingsOf(
        kb,
        "drug-repeat-across-visits",
        rx("2026-03-01", "ATV-1", "7"),
        rx("2026-03-04", "ATV-2", "7", "41"),
      ),
    ).toEqual([[["1"], "9.90"]]);
  });
  it("passes exactly 3 days left, another drug, and inpatient supplies", () => {
    expect(
      findingsOf(
        kb,
        "drug-repeat-across-visits",
        rx("2026-03-01", "ATV-1", "7"),
        rx("2026-03-05", "ATV-1", "7"),
      ),
    ).toEqual([]);
    expect(
      findingsOf(
        kb,
        "drug-repeat-across-visits",
        rx("2026-03-01", "MET", "30"),
        rx("2026-03-02", "ATV-1", "7"),
      ),
    ).toEqual([]);
    const inpatient = visit({
      med_type: "21",
      begndate: "2026-03-01",
      enddate: "2026-03-02",
      lines: [{ code: "ATV-1", kind: "drug", days: "30" }],
    });
    expect(findingsOf(kb, "drug-repeat-across-visits", inpatient, rx("2026-03-03", "ATV-1", "7"))).toEqual(
      [],
    );
  });
  it("takes the largest supply left among earlier ones, and keys unknown codes by themselves", () => {
    const visits = [rx("2026-03-01", "ZZ", "30"), rx("2026-03-10", "ZZ", "5"), rx("2026-03-20", "ZZ", "7")];
    // 03-01 + 30 − 03-20 = 11 left (the 03-10 supply ended on 03-15)
    expect(findingsOf(kb, "drug-repeat-across-visits", ...visits)).toEqual([[["1"], "9.90"]]);
  });
  it("ignores a supply dated after the line (M.date ≤ L.date)", () => {
    const early = visit({
      begndate: "2026-03-05",
      lines: [{ code: "MET", kind: "drug", days: "30", date: "2026-03-05" }],
    });
    const later = visit({
      begndate: "2026-03-05",
      lines: [{ code: "MET", kind: "drug", days: "30", date: "2026-03-04" }],
    });
    expect(findingsOf(kb, "drug-repeat-across-visits", early, later)).toEqual([]);
  });
});
