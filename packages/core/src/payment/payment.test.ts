import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { allocate } from "./allocate.ts";
import { type PaidCase, liquidate, monthlyAdvance, readmissions } from "./liquidation.ts";
import { casePoints } from "./points.ts";
import { computeWeights } from "./weights.ts";

describe("DRG weights, points and liquidation", () => {
  it("computes relative weights with trimming", () => {
    const hist = [
      ...Array.from({ length: 40 }, (_, i) => ({ group: "FR21", cost: 1_000_000n + BigInt(i) })),
      ...Array.from({ length: 40 }, (_, i) => ({ group: "ES25", cost: 500_000n + BigInt(i) })),
      { group: "ES25", cost: 99_000_000n }, // an extreme stay, trimmed
    ];
    const w = computeWeights(hist);
    expect(w.get("ES25")!.trimmed).toBeGreaterThan(0);
    expect(Number(w.get("FR21")!.weight) / Number(w.get("ES25")!.weight)).toBeCloseTo(2, 2);
    expect(w.get("FR21")!.basePoints).toBe(w.get("FR21")!.weight * 100n);
  });

  it("scales points for outliers and special review", () => {
    const w = {
      group: "X",
      cases: 10,
      trimmed: 0,
      meanCost: 1_000_000n,
      weight: 10_000n,
      basePoints: 1_000_000n,
    };
    expect(casePoints(1_000_000n, w, 10_000n, 1_000_000n, false)).toMatchObject({
      kind: "normal",
      points: 1_000_000n,
    });
    expect(casePoints(4_000_000n, w, 10_000n, 1_000_000n, false)).toMatchObject({
      kind: "high",
      points: 2_000_000n,
    });
    expect(casePoints(200_000n, w, 10_000n, 1_000_000n, false)).toMatchObject({
      kind: "low",
      points: 200_000n,
    });
    expect(casePoints(1_500_000n, w, 9_000n, 1_000_000n, true)).toMatchObject({
      kind: "review",
      points: 1_350_000n,
    });
    // points are linear in the hospital coefficient
    expect(casePoints(1_000_000n, w, 20_000n, 1_000_000n, false).points).toBe(2_000_000n);
  });

  it("allocates exactly, for any shares", () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 13n }),
        fc.array(fc.bigInt({ min: 0n, max: 10n ** 9n }), { minLength: 1, maxLength: 50 }),
        (total, shares) => {
          const parts = allocate(total, shares);
          const sum = shares.reduce((s, x) => s + x, 0n);
          expect(parts.reduce((s, x) => s + x, 0n)).toBe(sum === 0n ? 0n : total);
          expect(allocate(total, shares)).toEqual(parts);
        },
      ),
    );
  });

  it("liquidates: DRG amounts sum exactly to the budget; every case's points are listed", () => {
    const caseArb = fc.record({
      hospital: fc.constantFrom("H1", "H2", "H3"),
      group: fc.constantFrom("FR21", "ES25", "NEW1"),
      cost: fc.bigInt({ min: 10_000n, max: 50_000_000n }),
      share: fc.integer({ min: 30, max: 95 }),
      review: fc.boolean(),
      day: fc.integer({ min: 1, max: 300 }),
      person: fc.integer({ min: 1, max: 20 }),
    });
    const weights = computeWeights([
      ...Array.from({ length: 30 }, () => ({ group: "FR21", cost: 1_200_000n })),
      ...Array.from({ length: 30 }, () => ({ group: "ES25", cost: 600_000n })),
    ]);
    fc.assert(
      fc.property(
        fc.array(caseArb, { minLength: 1, maxLength: 60 }),
        fc.bigInt({ min: 0n, max: 10n ** 11n }),
        (raw, budget) => {
          const cases: PaidCase[] = raw.map((c, i) => {
            const adm = new Date(Date.UTC(2025, 0, c.day)).toISOString().slice(0, 10);
            return {
              id: `C${i}`,
              hospital: c.hospital,
              personId: `P${c.person}`,
              group: c.group,
              cost: c.cost,
              fundPaid: (c.cost * BigInt(c.share)) / 100n,
              admission: adm,
              discharge: adm,
              specialReview: c.review && i % 7 === 0,
            };
          });
          const hospitals = ["H1", "H2", "H3"].map((code, i) => ({
            code,
            coefficient: BigInt(8_000 + i * 1_000),
            deduction: BigInt(i * 100),
            advances: 0n,
          }));
          const l = liquidate(budget, cases, hospitals, weights, 900_000n);
          expect(l.totals.drgAmount).toBe(l.totalPoints === 0n ? 0n : budget);
          expect(l.statements.reduce((s, x) => s + x.cases.length, 0)).toBe(cases.length);
          for (const s of l.statements) {
            expect(s.points).toBe(s.cases.reduce((a, c) => a + c.points, 0n));
            expect(s.payable).toBe(s.drgAmount + s.adjustment - s.deduction);
          }
          expect(liquidate(budget, [...cases].reverse(), hospitals, weights, 900_000n)).toEqual(l);
        },
      ),
      { numRuns: 200 },
    );
  });

  it("lists a hospital's case deductions; the DRG amounts still sum exactly to the budget", () => {
    const cases: PaidCase[] = ["H1", "H2", "H1"].map((hospital, i) => ({
      id: `C${i}`,
      hospital,
      personId: `P${i}`,
      group: "FR21",
      cost: 1_000_000n,
      fundPaid: 700_000n,
      admission: "2025-02-01",
      discharge: "2025-02-05",
    }));
    const deductions = [
      { caseNo: "JG2026000001", amount: 12_345n },
      { caseNo: "JG2026000007", amount: 100n },
    ];
    const terms = [
      { code: "H1", coefficient: 10_000n, deduction: 12_445n, deductions, advances: 0n },
      { code: "H2", coefficient: 10_000n, deduction: 0n, advances: 0n },
    ];
    const l = liquidate(3_000_001n, cases, terms, new Map(), 1_000_000n);
    expect(l.totals.drgAmount).toBe(3_000_001n);
    const h1 = l.statements.find((s) => s.hospital === "H1")!;
    expect(h1.deductions).toEqual(deductions);
    expect(h1.payable).toBe(h1.drgAmount + h1.adjustment - 12_445n);
    expect(l.statements.find((s) => s.hospital === "H2")!.deductions).toEqual([]);
    const wrong = [{ ...terms[0]!, deduction: 1n }, terms[1]!];
    expect(() => liquidate(3_000_001n, cases, wrong, new Map(), 1_000_000n)).toThrow(/not the sum/);
  });

  it("flags readmissions for the same DRG within 15 days", () => {
    const c = (id: string, adm: string, dis: string, group = "FR21"): PaidCase => ({
      id,
      hospital: "H1",
      personId: "P1",
      group,
      cost: 1n,
      fundPaid: 1n,
      admission: adm,
      discharge: dis,
    });
    expect([
      ...readmissions(
        [
          c("a", "2025-01-01", "2025-01-05"),
          c("b", "2025-01-15", "2025-01-20"),
          c("d", "2025-03-01", "2025-03-02"),
        ],
        15,
      ),
    ]).toEqual(["b"]);
    expect(
      readmissions([c("a", "2025-01-01", "2025-01-05"), c("b", "2025-01-10", "2025-01-12", "ES25")], 15).size,
    ).toBe(0);
  });

  it("advances a month at the provisional point value", () => {
    const adv = monthlyAdvance(
      1_200_000_00n,
      9_000n,
      new Map([
        ["H1", 300n],
        ["H2", 100n],
      ]),
    );
    expect(adv.get("H1")! + adv.get("H2")!).toBe(9_000_000n);
    expect(adv.get("H1")).toBe(6_750_000n);
  });
});
