import { describe, expect, it } from "vitest";
import { parseCardNo, parseCardSn } from "./card.ts";

describe("social security card numbers", () => {
  it("accepts 6-20 letters and digits, upper-cased", () => {
    expect(parseCardNo(" a01234567 ")).toBe("A01234567");
    expect(parseCardNo("YB2K7M9Q4R8T")).toBe("YB2K7M9Q4R8T");
    expect(parseCardSn("0123456789abcdef0123456789ABCDEF")).toBe("0123456789ABCDEF0123456789ABCDEF");
  });

  it("refuses other text naming the field", () => {
    for (const bad of ["", "12345", "A".repeat(21), "A0123-4567", null]) {
      expect(() => parseCardNo(bad, "input.data.mdtrt_cert_no")).toThrowError(
        expect.objectContaining({
          code: "REG_CARD_NO_FORMAT",
          details: { field: "input.data.mdtrt_cert_no" },
        }),
      );
    }
    expect(() => parseCardSn("short")).toThrowError(expect.objectContaining({ code: "REG_CARD_NO_FORMAT" }));
  });
});
