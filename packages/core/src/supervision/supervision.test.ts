import { describe, expect, it } from "vitest";
import { DOCTOR_CREDIT, INSTITUTION_CREDIT, caseCost, creditScores } from "./credit.ts";
import { drawInspections } from "./inspection.ts";

describe("random inspections (双随机)", () => {
  const institutions = Array.from({ length: 40 }, (_, i) => `H${String(i).padStart(3, "0")}`);
  const inspectors = ["李", "王", "张", "刘", "陈", "杨"];

  it("draws the same teams from the same seed, whatever the order of the lists", () => {
    const a = drawInspections("2026-Q2", institutions, inspectors, 5, 2);
    const b = drawInspections("2026-Q2", [...institutions].reverse(), [...inspectors].reverse(), 5, 2);
    expect(b).toEqual(a);
    expect(a.teams).toHaveLength(5);
    expect(new Set(a.teams.map((t) => t.institution)).size).toBe(5);
    for (const t of a.teams) expect(new Set(t.inspectors).size).toBe(2);
  });

  it("draws differently from another seed, and at most what there is", () => {
    const a = drawInspections("2026-Q2", institutions, inspectors, 5, 2);
    const c = drawInspections("2026-Q3", institutions, inspectors, 5, 2);
    expect(c.teams.map((t) => t.institution)).not.toEqual(a.teams.map((t) => t.institution));
    expect(drawInspections("s", ["H1", "H2"], inspectors, 5, 1).teams).toHaveLength(2);
    expect(() => drawInspections("s", institutions, ["李"], 1, 2)).toThrow(RangeError);
  });
});

describe("credit from confirmed cases", () => {
  it("takes points per case, more for larger deductions; flags under the threshold; keeps the history", () => {
    expect(caseCost(INSTITUTION_CREDIT, 999_999n)).toBe(20);
    expect(caseCost(INSTITUTION_CREDIT, 1_000_000n)).toBe(50); // at the band
    expect(caseCost(INSTITUTION_CREDIT, 10_000_000n)).toBe(150);
    const cases = [
      { subject: "H1", caseNo: "JG2026000002", decidedAt: "2026-05-02T00:00:00Z", deduction: 10_000_000n },
      { subject: "H1", caseNo: "JG2026000001", decidedAt: "2026-05-01T00:00:00Z", deduction: 10_000_000n },
      { subject: "H2", caseNo: "JG2026000003", decidedAt: "2026-05-03T00:00:00Z", deduction: 100n },
    ];
    const [h1, h2] = creditScores(INSTITUTION_CREDIT, cases);
    expect(h1).toMatchObject({ subject: "H1", score: 700, flagged: true });
    expect(h1!.history.map((h) => [h.caseNo, h.score])).toEqual([
      ["JG2026000001", 850],
      ["JG2026000002", 700],
    ]);
    expect(h2).toMatchObject({ subject: "H2", score: 980, flagged: false });
    const doctor = creditScores(DOCTOR_CREDIT, [
      { ...cases[0]!, subject: "D1" },
      { ...cases[1]!, subject: "D1" },
    ]);
    expect(doctor[0]).toMatchObject({ score: 0, flagged: true }); // never below zero
  });
});
