import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ageOn, dayNumber, parseDay } from "./dates.ts";

describe("audit dates", () => {
  it("numbers days from 1970-01-01 and agrees with the calendar for any date", () => {
    expect(parseDay("1970-01-01")).toBe(0);
    expect(parseDay("2026-03-01")! - parseDay("2026-02-28")!).toBe(1);
    expect(parseDay("2024-03-01")! - parseDay("2024-02-28")!).toBe(2);
    fc.assert(
      fc.property(
        fc.date({ min: new Date("1900-01-01"), max: new Date("2200-12-31"), noInvalidDate: true }),
        (d) => {
          const text = d.toISOString().slice(0, 10);
          expect(parseDay(text)).toBe(Math.floor(d.getTime() / 86_400_000));
        },
      ),
    );
  });
  it("refuses what is not a real calendar date", () => {
    for (const t of [
      "2026-02-29",
      "2026-02-30",
      "2025-13-01",
      "2025-00-10",
      "2025-04-31",
      "2026-3-01",
      "20260301",
      " 2026-03-01",
      20260301,
    ])
      expect(parseDay(t), String(t)).toBeNull();
    expect(parseDay("2000-02-29")).toBe(dayNumber(2000, 2, 29));
    expect(parseDay("1900-02-29")).toBeNull();
  });
  it("counts completed years, a 02-29 birthday passing on 03-01 in common years", () => {
    expect(ageOn("1980-06-15", "2026-06-14")).toBe(45);
    expect(ageOn("1980-06-15", "2026-06-15")).toBe(46);
    expect(ageOn("2004-02-29", "2025-02-28")).toBe(20);
    expect(ageOn("2004-02-29", "2025-03-01")).toBe(21);
    expect(ageOn("2004-02-29", "2024-02-29")).toBe(20);
  });
});
