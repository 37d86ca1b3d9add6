import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkDate, isCalendarDate, isCalendarDateTime, isCalendarMonth } from "./calendar.ts";

describe("strict dates", () => {
  it("refuses days that the calendar does not have instead of rolling them over", () => {
    expect(isCalendarDate("2026-02-28")).toBe(true);
    expect(isCalendarDate("2026-02-29")).toBe(false);
    expect(isCalendarDate("2028-02-29")).toBe(true);
    expect(isCalendarDate("2100-02-29")).toBe(false);
    expect(isCalendarDate("2000-02-29")).toBe(true);
    expect(isCalendarDate("2026-02-30")).toBe(false);
    expect(isCalendarDate("2026-04-31")).toBe(false);
    expect(isCalendarDate("2026-13-01")).toBe(false);
    expect(isCalendarDate("2026-00-10")).toBe(false);
    expect(isCalendarDate("2026-01-00")).toBe(false);
    expect(isCalendarDate("0000-01-01")).toBe(false);
    expect(isCalendarDate("2026-1-1")).toBe(false);
    expect(isCalendarDate("2026-01-01T00:00:00Z")).toBe(false);
    expect(isCalendarDate(20260101)).toBe(false);
    expect(() => checkDate("2026-02-30", "startDate")).toThrowError(
      expect.objectContaining({ code: "DATE_INVALID", details: { field: "startDate" } }),
    );
  });

  it("checks times of day and months", () => {
    expect(isCalendarDateTime("2026-05-01 23:59:59")).toBe(true);
    expect(isCalendarDateTime("2026-05-01 24:00:00")).toBe(false);
    expect(isCalendarDateTime("2026-05-01 12:60:00")).toBe(false);
    expect(isCalendarDateTime("2026-02-30 12:00:00")).toBe(false);
    expect(isCalendarMonth("2026-12")).toBe(true);
    expect(isCalendarMonth("2026-13")).toBe(false);
  });

  it("agrees with the UTC calendar on every day of four centuries", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1880, max: 2199 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 31 }),
        (y, m, d) => {
          const t = new Date(Date.UTC(y, m - 1, d));
          const real = t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
          const text = `${y}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
          expect(isCalendarDate(text)).toBe(real);
        },
      ),
    );
  });
});
