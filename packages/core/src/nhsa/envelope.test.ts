import { describe, expect, it } from "vitest";
import { refMsgId, validateEnvelope } from "./envelope.ts";
import { compactTime, parseBeijingTime } from "../time/index.ts";

describe("NHSA envelope", () => {
  const base = {
    infno: "2207",
    msgid: "H53010000001202605010930000001",
    fixmedins_code: "H53010000001",
    inf_time: "2026-05-01 09:30:00",
    input: {},
  };
  it("accepts a well-formed envelope", () => expect(validateEnvelope(base).infno).toBe("2207"));
  it("accepts the msgids real clients build: 1-30 letters and digits", () => {
    // a UUID without hyphens cut to 30, a 17-digit timestamp + serial, another institution's prefix
    const fromUuid = "8f14e45fceea467f9d2b1c0e6a3b5d"; // a UUID without hyphens, cut to 30
    for (const msgid of [fromUuid, "H5301000000120260501093000123", "ABC1", "1"])
      expect(validateEnvelope({ ...base, msgid }).msgid).toBe(msgid);
    expect(validateEnvelope({ ...base, msgid: 2026050109300 }).msgid).toBe("2026050109300");
  });
  it("names the bad field", () => {
    for (const msgid of ["", "a".repeat(31), "8f14e45f-ceea-467f", "H5301 0001", "编号1"])
      expect(() => validateEnvelope({ ...base, msgid })).toThrowError(
        expect.objectContaining({ code: "NHSA_MSGID_INVALID", details: { field: "msgid" } }),
      );
    expect(() => validateEnvelope({ ...base, infno: "22" })).toThrowError(
      expect.objectContaining({ details: { field: "infno" } }),
    );
    expect(() => validateEnvelope({ ...base, inf_time: "2026/05/01" })).toThrowError(
      expect.objectContaining({ details: { field: "inf_time" } }),
    );
    expect(() => validateEnvelope({ ...base, insuplc_admdvs: "53" })).toThrowError(
      expect.objectContaining({ details: { field: "insuplc_admdvs" } }),
    );
    expect(() => validateEnvelope({ ...base, inf_time: "2026-02-30 09:30:00" })).toThrowError(
      expect.objectContaining({ details: { field: "inf_time" } }),
    );
    expect(() => validateEnvelope({ ...base, fixmedins_code: { code: "H53010000001" } })).toThrowError(
      expect.objectContaining({ code: "NHSA_ENVELOPE_INVALID", details: { field: "fixmedins_code" } }),
    );
    expect(() => validateEnvelope({ ...base, opter_name: "x".repeat(51) })).toThrowError(
      expect.objectContaining({ details: { field: "opter_name", maxLength: 50 } }),
    );
    expect(() => validateEnvelope([base])).toThrowError(
      expect.objectContaining({ details: { field: "body" } }),
    );
  });
  it("parses only real times", () => {
    expect(parseBeijingTime("2028-02-29", "t").toISOString()).toBe("2028-02-28T16:00:00.000Z");
    for (const bad of [
      "2026-02-30 09:30:00",
      "2026-02-29",
      "2026-05-01 24:00:00",
      "2026-05-01T09:30:00",
      20260501,
    ])
      expect(() => parseBeijingTime(bad, "begntime"), String(bad)).toThrowError(
        expect.objectContaining({ code: "DATE_INVALID", details: { field: "begntime" } }),
      );
  });
  it("builds well-formed reference ids from any region text", () => {
    const t = parseBeijingTime("2026-05-01 09:30:00", "t");
    for (const region of ["53", "abcdef", "5301001", null, { x: 1 }, "\u0000"])
      expect(refMsgId(region, t, 7)).toMatch(/^000000\d{14}\d{10}$/);
    expect(refMsgId("530100", t, 10_000_000_001)).toBe("530100202605010930000000000001");
  });
  it("formats times in China time and builds reference ids", () => {
    const t = parseBeijingTime("2026-05-01 09:30:00", "t");
    expect(t.toISOString()).toBe("2026-05-01T01:30:00.000Z");
    expect(compactTime(t)).toBe("20260501093000");
    expect(refMsgId("530100", t, 42)).toBe("530100202605010930000000000042");
  });
});
