import { describe, expect, it } from "vitest";
import { type CatalogueEntry, classifyLine } from "./classify.ts";

const entry: CatalogueEntry = {
  code: "XA01",
  name: "阿莫西林胶囊",
  catalogClass: "B",
  chrgitmType: "09",
  selfPayFirstRatio: 1000n,
  priceCap: 2_500_000n,
  restrictions: { ageMin: 18, setting: "outpatient", maxPerDay: 30_000n },
};
const ctx = {
  gender: "1",
  age: 40,
  level: "2" as const,
  setting: "outpatient" as const,
  quantitySameDay: 20_000n,
};

describe("catalogue classification", () => {
  it("keeps class, ratio and cap within the restrictions", () => {
    expect(classifyLine(entry, ctx)).toEqual({
      catalogClass: "B",
      chrgitmType: "09",
      selfPayFirstRatio: 1000n,
      priceCap: 2_500_000n,
      restrictedReason: null,
    });
  });
  it("pays a line breaking a restriction as class C, with the reason", () => {
    expect(classifyLine(entry, { ...ctx, age: 10 }).restrictedReason).toMatch(/age >= 18/);
    expect(classifyLine(entry, { ...ctx, setting: "inpatient" }).catalogClass).toBe("C");
    expect(classifyLine(entry, { ...ctx, quantitySameDay: 40_000n }).restrictedReason).toMatch(
      /daily maximum/,
    );
    expect(classifyLine(null, ctx)).toMatchObject({
      catalogClass: "C",
      restrictedReason: "not in catalogue",
    });
  });
});
