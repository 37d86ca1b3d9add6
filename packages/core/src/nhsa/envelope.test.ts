import { describe, expect, it } from "vitest";
import { compactTime, hmacSignature, parseNhsaTime, refMsgId, validateEnvelope } from "./envelope.ts";

describe("NHSA envelope", () => {
  const base = {
    infno: "2207",
    msgid: "H53010000001202605010930000001",
    fixmedins_code: "H53010000001",
    inf_time: "2026-05-01 09:30:00",
    input: {},
  };
  it("accepts a well-formed envelope", () => expect(validateEnvelope(base).infno).toBe("2207"));
  it("names the bad field", () => {
    expect(() => validateEnvelope({ ...base, msgid: "short" })).toThrowError(
      expect.objectContaining({ code: "NHSA_MSGID_INVALID", details: { field: "msgid" } }),
    );
    expect(() => validateEnvelope({ ...base, msgid: "H53010000002202605010930000001" })).toThrowError(
      expect.objectContaining({ code: "NHSA_MSGID_INVALID" }),
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
  });
  it("formats times in China time and builds reference ids", () => {
    const t = parseNhsaTime("2026-05-01 09:30:00", "t");
    expect(t.toISOString()).toBe("2026-05-01T01:30:00.000Z");
    expect(compactTime(t)).toBe("20260501093000");
    expect(refMsgId("530100", t, 42)).toBe("530100202605010930000000000042");
  });
  it("signs the sorted _api_ headers with HMAC-SHA1", () => {
    const h = {
      _api_name: "hsa.fsi.callService",
      _api_version: "1.0.0",
      _api_timestamp: "1777600000000",
      _api_access_key: "ak",
    };
    const sig = hmacSignature("secret", h);
    expect(sig).toBe(hmacSignature("secret", { ...h, _api_signature: "x" }));
    expect(sig).not.toBe(hmacSignature("other", h));
    expect(sig).toMatch(/^[A-Za-z0-9+/]+=*$/);
  });
});
