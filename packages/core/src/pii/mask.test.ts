import { describe, expect, it } from "vitest";
import { maskIdNumber, maskName, maskPhone, maskText } from "./mask.ts";

describe("pii masking", () => {
  it("masks ids, names and phones", () => {
    expect(maskIdNumber("11010519491231002X")).toBe("110105********002X");
    expect(maskName("张三丰")).toBe("张**");
    for (const short of ["1", "12345678", "123456789", "1234567890"])
      expect(maskIdNumber(short)).toBe("*".repeat(short.length));
    expect(maskIdNumber("12345678901")).toBe("123456*8901");
    expect(maskPhone("13812345678")).toBe("138****5678");
    expect(maskText("person 11010519491231002X phone 13812345678")).toBe(
      "person 110105********002X phone 138****5678",
    );
  });
});
