import { describe, expect, it } from "vitest";
import { addMonths, dueBy, dueMonth, monthsOverdue } from "./overdue.ts";

describe("months overdue", () => {
  it("counts whole months from the month a period falls due in", () => {
    expect(monthsOverdue("2026-01", "2026-01")).toBe(0);
    expect(monthsOverdue("2026-01", "2026-06")).toBe(5);
    expect(monthsOverdue("2025-11", "2026-02")).toBe(3);
    expect(monthsOverdue("2026-07", "2026-06")).toBe(-1);
  });
  it("lets a resident year fall due in January", () => {
    expect(dueMonth("2026")).toBe("2026-01");
    expect(monthsOverdue("2026", "2026-12")).toBe(11);
  });
  it("moves months across years both ways", () => {
    expect(addMonths("2026-01", -1)).toBe("2025-12");
    expect(addMonths("2025-12", 1)).toBe("2026-01");
    expect(addMonths("2026-03", -27)).toBe("2023-12");
    expect(addMonths("2026-03", 0)).toBe("2026-03");
    expect(dueBy("2026-06", 3)).toBe("2026-03");
    // the boundary: what dueBy gives is exactly n months overdue
    for (const n of [0, 1, 11, 12, 13, 40]) expect(monthsOverdue(dueBy("2026-06", n), "2026-06")).toBe(n);
  });
});
