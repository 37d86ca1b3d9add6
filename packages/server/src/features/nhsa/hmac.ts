import { createHmac } from "node:crypto";

/**
 * The gateway signature of the HMAC variant (NHSA-INTERFACE.md): Base64(HmacSHA1(secret,
 * "k1=v1&k2=v2..." over the _api_* headers sorted by name, the signature itself excluded)).
 */
export function hmacSignature(secret: string, headers: Record<string, string>): string {
  const text = Object.keys(headers)
    .filter((k) => k !== "_api_signature")
    .sort()
    .map((k) => `${k}=${headers[k]}`)
    .join("&");
  return createHmac("sha1", secret).update(text).digest("base64");
}
