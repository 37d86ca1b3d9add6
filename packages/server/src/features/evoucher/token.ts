import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * The e-voucher token: `EV1.<id>.<expiry>.<signature>`, id and expiry (Unix seconds) in base 36,
 * the signature the first 16 bytes of HMAC-SHA256(key, "EV1.<id>.<expiry>") in base64url. About
 * 40 characters: it fits mdtrt_cert_no (50) and a small QR code. The key is derived from the
 * platform's secret key (SecretBox.derive), so a token forged or altered in any character fails.
 */
const PREFIX = "EV1";
const SHAPE = /^EV1\.([0-9a-z]{1,12})\.([0-9a-z]{1,8})\.([A-Za-z0-9_-]{22})$/;

const sign = (key: Buffer, body: string) => createHmac("sha256", key).update(body).digest().subarray(0, 16);

export function makeToken(key: Buffer, id: bigint, expiresAt: Date): string {
  const body = `${PREFIX}.${id.toString(36)}.${Math.floor(expiresAt.getTime() / 1000).toString(36)}`;
  return `${body}.${sign(key, body).toString("base64url")}`;
}

export type TokenCheck =
  | { ok: true; id: bigint; expiresAt: Date }
  | { ok: false; why: "malformed" | "forged" };

/** What a token says, if its signature is ours (expiry is the caller's to check, against its clock). */
export function readToken(key: Buffer, token: string): TokenCheck {
  const m = SHAPE.exec(token);
  if (!m) return { ok: false, why: "malformed" };
  const body = `${PREFIX}.${m[1]}.${m[2]}`;
  const sent = Buffer.from(m[3]!, "base64url");
  if (sent.length !== 16 || !timingSafeEqual(sent, sign(key, body))) return { ok: false, why: "forged" };
  const id = [...m[1]!].reduce((n, c) => n * 36n + BigInt(Number.parseInt(c, 36)), 0n);
  return { ok: true, id, expiresAt: new Date(Number.parseInt(m[2]!, 36) * 1000) };
}
