import { describe, expect, it } from "vitest";
import { auditAll, findingsOf, item, testKb, visit } from "../audit.fixture.ts";

const enable = (rule: string) => ({ rule, family: "management", result: "suspicious", enabled: "1" });

describe("dispensing-over-stock (product rule)", () => {
  const kb = testKb({
    items: [item("PILL", { kind: "drug", chrgitm_type: "09" })],
    rules: [enable("dispensing-over-stock")],
    // 10 + 20 − 5 = 25 could be dispensed at Y1 in March
    stock: [["Y1", "PILL", "10", "20", "5", "2026-03-01", "2026-03-31"]],
  });
  const sale = (psn_no: string, qty: string, begndate = "2026-03-10", code = "Y1") =>
    visit({
      med_type: "41",
      begndate,
      person: { psn_no },
      institution: { code, type: "pharmacy" },
      lines: [{ code: "PILL", kind: "drug", qty, price: "2" }],
    });

  it("cites the sale that takes the period's dispensing over the stock, across persons; amount of the quantity over", () => {
    expect(findingsOf(kb, "dispensing-over-stock", sale("P1", "20"), sale("P2", "8"))).toEqual([
      [["1"], "6.00"],
    ]);
  });
  it("passes exactly the stock, other institutions and dates outside the period", () => {
    expect(findingsOf(kb, "dispensing-over-stock", sale("P1", "20"), sale("P2", "5"))).toEqual([]);
    expect(
      findingsOf(kb, "dispensing-over-stock", sale("P1", "20"), sale("P2", "8", "2026-03-10", "Y2")),
    ).toEqual([]);
    expect(findingsOf(kb, "dispensing-over-stock", sale("P1", "20"), sale("P2", "8", "2026-04-01"))).toEqual(
      [],
    );
  });
  it("needs stock.csv when enabled", () => {
    expect(() => testKb({ items: [item("PILL")], rules: [enable("dispensing-over-stock")] })).toThrow(
      /stock.csv: missing/,
    );
  });
});

describe("doctor-daily-visits-over-max (product rule)", () => {
  const kb = testKb({
    items: [item("X")],
    rules: [enable("doctor-daily-visits-over-max")],
    params: { doctor_daily_visits_max: "2" },
  });
  const seen = (psn_no: string, doctor = "D1", begndate = "2026-03-10") =>
    visit({ person: { psn_no }, doctor, begndate, lines: [{ code: "X" }] });

  it("flags the visits beyond the doctor's daily maximum, across persons and institutions", () => {
    const out = auditAll(kb, [seen("P1"), seen("P2"), seen("P3"), seen("P4")]);
    expect(
      out.map((o) =>
        "findings" in o ? o.findings.filter((f) => f.rule === "doctor-daily-visits-over-max").length : -1,
      ),
    ).toEqual([0, 0, 1, 1]);
  });
  it("counts each day and each doctor apart, and no visit without a doctor code", () => {
    expect(findingsOf(kb, "doctor-daily-visits-over-max", seen("P1"), seen("P2"), seen("P3", "D2"))).toEqual(
      [],
    );
    expect(
      findingsOf(kb, "doctor-daily-visits-over-max", seen("P1"), seen("P2"), seen("P3", "D1", "2026-03-11")),
    ).toEqual([]);
    expect(
      findingsOf(kb, "doctor-daily-visits-over-max", seen("P1", ""), seen("P2", ""), seen("P3", "")),
    ).toEqual([]);
  });
  it("needs its parameter when enabled", () => {
    expect(() => testKb({ rules: [enable("doctor-daily-visits-over-max")] })).toThrow(
      /doctor_daily_visits_max is missing/,
    );
  });
});
