import { describe, expect, it } from "vitest";
import { clearingType, isInpatient } from "./med-type.ts";

describe("medical types", () => {
  it("counts maternity inpatient (52) as inpatient, maternity outpatient (51) not", () => {
    for (const t of ["21", "22", "23", "24", "25", "26", "28", "52"]) expect(isInpatient(t)).toBe(true);
    for (const t of ["11", "12", "13", "14", "15", "16", "41", "51", "61"])
      expect(isInpatient(t)).toBe(false);
  });
  it("clears inpatient as 21, pharmacy purchases as 41, the rest as 11", () => {
    expect(clearingType("52")).toBe("21");
    expect(clearingType("21")).toBe("21");
    expect(clearingType("41")).toBe("41");
    expect(clearingType("51")).toBe("11");
    expect(clearingType("14")).toBe("11");
  });
});
