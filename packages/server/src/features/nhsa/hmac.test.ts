import { describe, expect, it } from "vitest";
import { hmacSignature } from "./hmac.ts";

describe("gateway HMAC signature", () => {
  it("signs the sorted _api_* headers, the signature itself excluded", () => {
    const h = { _api_name: "x", _api_version: "1.0", _api_timestamp: "1", _api_access_key: "k" };
    const sig = hmacSignature("secret", h);
    expect(sig).toBe(hmacSignature("secret", { ...h, _api_signature: "x" }));
    expect(sig).not.toBe(hmacSignature("other", h));
    // Base64 of HmacSHA1("secret", "_api_access_key=k&_api_name=x&_api_timestamp=1&_api_version=1.0")
    expect(sig).toMatch(/^[A-Za-z0-9+/]{27}=$/);
  });
});
