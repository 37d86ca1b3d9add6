import { describe, expect, it } from "vitest";
import { capitationPayment, perDiemPayment } from "../payment/methods.ts";
import { buildDipCatalogue, chapterOf, dipCaseScore, dipKey, groupDip, treatmentType } from "./dip.ts";

const surgical = new Set(["51.2300", "47.0900"]);
const mk = (dx: string, px: string[], cost: bigint) => ({ diagnoses: [dx], procedures: px, cost });

describe("DIP", () => {
  const history = [
    ...Array.from({ length: 20 }, (_, i) => mk("K80.100x001", ["51.2300"], 2_000_000n + BigInt(i))),
    ...Array.from({ length: 20 }, (_, i) => mk("J18.900", [], 600_000n + BigInt(i))),
    mk("K35.800", ["47.0900"], 1_500_000n),
    mk("K29.700", ["45.1300"], 400_000n),
    mk("I10.x00", ["88.7201"], 300_000n),
  ];
  const cat = buildDipCatalogue(history, { surgical });

  it("keys cases by principal diagnosis and procedure combination", () => {
    expect(dipKey(mk("K80.100x001", ["51.2300", "51.2300"], 0n))).toBe("K80.1|51.23");
    expect(dipKey(mk("J18.900", [], 0n))).toBe("J18.9|conservative");
  });

  it("makes core groups above the threshold and comprehensive groups by chapter and treatment", () => {
    expect(cat.groups.get("K80.1|51.23")).toMatchObject({ kind: "core", cases: 20 });
    expect(cat.groups.get("C:11:surgery")).toMatchObject({ kind: "comprehensive", cases: 1 });
    expect(cat.groups.get("C:11:therapeutic")).toMatchObject({ cases: 1 });
    expect(cat.groups.get("C:09:diagnostic")).toMatchObject({ cases: 1 });
    expect(chapterOf("D50.000")).toBe("03");
    expect(treatmentType(["88.7201"], surgical)).toBe("diagnostic");
  });

  it("scores groups against the regional mean and groups new cases", () => {
    const core = cat.groups.get("K80.1|51.23")!;
    const pneu = cat.groups.get("J18.9|conservative")!;
    expect(Number(core.score) / Number(pneu.score)).toBeCloseTo(2_000_000 / 600_000, 2);
    expect(groupDip(cat, mk("K80.100", ["51.2300"], 0n), surgical)?.code).toBe("K80.1|51.23");
    expect(groupDip(cat, mk("K40.900", ["53.0000"], 0n), surgical)?.code).toBe("C:11:therapeutic");
    expect(dipCaseScore(core, core.meanCost * 3n)).toBe(core.score * 2n);
    expect(dipCaseScore(core, core.meanCost / 4n)).toBe((core.score * 2_500n + 5_000n) / 10_000n);
  });

  it("pays per diem and capitation", () => {
    expect(perDiemPayment(200, 35_000n)).toBe(180n * 35_000n);
    expect(capitationPayment(1000, 1_000n, 12, 1_000n)).toEqual({ paid: 10_800_000n, withheld: 1_200_000n });
  });
});
