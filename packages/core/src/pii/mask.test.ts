import { describe, expect, it } from "vitest";
import { maskIdNumber, maskName, maskPhone, maskText } from "./mask.ts";

describe("pii masking", () => {
  it("masks ids, names and phones", () => {
    expect(maskIdNumber("11010519491231002X")).toBe("110105********002X");
    expect(maskName("张三丰")).toBe("张**");
    expect(maskPhone("13812345678")).toBe("138****5678");
    expect(maskText("person 11010519491231002X phone 13812345678")).toBe(
      "person 110105********002X phone 138****5678",
    );
  });
});
