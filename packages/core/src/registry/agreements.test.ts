import { describe, expect, it } from "vitest";
import { type Agreement, agreementWindow, lastDay, overlaps } from "./agreements.ts";

const a = (
  validFrom: string,
  validTo: string | null,
  endedOn: string | null = null,
  agreementNo = validFrom,
): Agreement => ({
  agreementNo,
  validFrom,
  validTo,
  endedOn,
});

describe("service agreements", () => {
  it("ends on the earlier of its end and its termination", () => {
    expect(lastDay(a("2025-01-01", "2025-12-31"))).toBe("2025-12-31");
    expect(lastDay(a("2025-01-01", "2025-12-31", "2025-06-30"))).toBe("2025-06-30");
    expect(lastDay(a("2025-01-01", null, "2025-06-30"))).toBe("2025-06-30");
    expect(lastDay(a("2025-01-01", null))).toBeNull();
  });

  it("overlaps only on shared days in force", () => {
    expect(overlaps(a("2025-01-01", "2025-12-31"), a("2025-12-31", null))).toBe(true);
    expect(overlaps(a("2025-01-01", "2025-12-31"), a("2026-01-01", null))).toBe(false);
    expect(overlaps(a("2025-01-01", null), a("2030-01-01", "2030-12-31"))).toBe(true);
    // terminated early: the days after its termination are free for a new agreement
    expect(overlaps(a("2025-01-01", "2025-12-31", "2025-03-31"), a("2025-04-01", null))).toBe(false);
    // terminated before it began: in force on no day
    expect(overlaps(a("2025-06-01", "2025-12-31", "2025-05-31"), a("2025-01-01", null))).toBe(false);
  });

  it("gives the gateway the chain of agreements around today, renewals without a gap joined", () => {
    const chain = [
      a("2026-01-01", "2026-12-31"),
      a("2024-01-01", "2025-12-31"),
      a("2027-01-01", "2027-12-31"),
    ];
    expect(agreementWindow(chain, "2026-05-01")).toEqual({ from: "2024-01-01", to: "2027-12-31" });
    // a gap breaks the chain
    const gap = [a("2024-01-01", "2024-12-31"), a("2025-02-01", "2025-12-31")];
    expect(agreementWindow(gap, "2025-05-01")).toEqual({ from: "2025-02-01", to: "2025-12-31" });
    expect(agreementWindow(gap, "2025-01-15")).toEqual({ from: "2025-02-01", to: "2025-12-31" }); // the next one
    expect(agreementWindow(gap, "2026-03-01")).toEqual({ from: "2025-02-01", to: "2025-12-31" }); // the last one, ended
    // terminated: the window ends on the termination day, and a renewal after it is not joined
    const ended = [a("2026-01-01", "2026-12-31", "2026-04-30"), a("2027-01-01", null)];
    expect(agreementWindow(ended, "2026-03-01")).toEqual({ from: "2026-01-01", to: "2026-04-30" });
    expect(agreementWindow([a("2026-01-01", null)], "2026-03-01")).toEqual({ from: "2026-01-01", to: null });
    expect(agreementWindow([a("2026-06-01", null, "2026-05-31")], "2026-03-01")).toBeNull();
    expect(agreementWindow([], "2026-03-01")).toBeNull();
  });
});
