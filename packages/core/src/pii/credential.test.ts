import { describe, expect, it } from "vitest";
import { maskCredential } from "./credential.ts";

describe("credential masking", () => {
  it("masks ID numbers like everywhere and keeps the last 4 characters of other credentials", () => {
    expect(maskCredential("02", "11010519491231002X")).toBe("110105********002X");
    expect(maskCredential("certno", "11010519491231002X")).toBe("110105********002X");
    expect(maskCredential("03", "Y7K2M9Q4R8T3")).toBe("********R8T3");
    expect(maskCredential("psn_no", "5301000000000077")).toBe("************0077");
    expect(maskCredential("03", "abc")).toBe("***");
    expect(maskCredential("01", "")).toBe("");
  });

  it("cuts long tokens so that the log never holds one", () => {
    const token = "x".repeat(200) + "tail";
    const masked = maskCredential("01", token);
    expect(masked).toBe(`${"*".repeat(12)}tail`);
    expect(masked).not.toContain("x");
  });
});
