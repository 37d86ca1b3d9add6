import { createHmac } from "node:crypto";
import { fieldError } from "../errors/index.ts";

/**
 * The NHSA message envelope (国家医保信息平台 定点医药机构接口): facts from NHSA-INTERFACE.md.
 * Pure helpers: validation, reference ids, times and the gateway's HMAC-SHA1 signature.
 */
export interface NhsaRequest {
  infno: string;
  msgid: string;
  mdtrtarea_admvs?: string;
  insuplc_admdvs?: string;
  recer_sys_code?: string;
  dev_no?: string;
  dev_safe_info?: string;
  cainfo?: string;
  signtype?: string;
  infver?: string;
  opter_type?: string;
  opter?: string;
  opter_name?: string;
  inf_time?: string;
  fixmedins_code: string;
  fixmedins_name?: string;
  sign_no?: string;
  input: Record<string, unknown>;
}

const INF_TIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;

/** Checks the envelope's own fields; errors name the field as NHSA spells it. */
export function validateEnvelope(body: unknown): NhsaRequest {
  if (body === null || typeof body !== "object")
    throw fieldError("NHSA_ENVELOPE_INVALID", "body", "the request body must be a JSON object");
  const b = body as Record<string, unknown>;
  const str = (k: string) => (b[k] === undefined || b[k] === null ? undefined : String(b[k]));
  const infno = str("infno");
  if (!infno || !/^\d{4}$/.test(infno))
    throw fieldError("NHSA_ENVELOPE_INVALID", "infno", "infno must be a 4-digit transaction number");
  const fixmedins = str("fixmedins_code");
  if (!fixmedins) throw fieldError("NHSA_ENVELOPE_INVALID", "fixmedins_code", "fixmedins_code is required");
  const msgid = str("msgid");
  if (msgid?.length !== 30 || !/^\d{18}$/.test(msgid.slice(12))) {
    throw fieldError(
      "NHSA_MSGID_INVALID",
      "msgid",
      "msgid must be fixmedins_code (12) + yyyyMMddHHmmss + a 4-digit serial",
    );
  }
  if (msgid.slice(0, 12) !== fixmedins.padEnd(12, "0").slice(0, 12)) {
    throw fieldError("NHSA_MSGID_INVALID", "msgid", "msgid must start with the sender's fixmedins_code");
  }
  const infTime = str("inf_time");
  if (infTime !== undefined && !INF_TIME.test(infTime))
    throw fieldError("NHSA_ENVELOPE_INVALID", "inf_time", "inf_time must be yyyy-MM-dd HH:mm:ss");
  for (const k of ["mdtrtarea_admvs", "insuplc_admdvs"]) {
    const v = str(k);
    if (v !== undefined && v !== "" && !/^\d{6}$/.test(v))
      throw fieldError("NHSA_ENVELOPE_INVALID", k, `${k} must be a 6-digit region code`);
  }
  const input = b.input ?? {};
  if (typeof input !== "object" || Array.isArray(input))
    throw fieldError("NHSA_ENVELOPE_INVALID", "input", "input must be an object");
  return {
    ...(b as unknown as NhsaRequest),
    infno,
    msgid,
    fixmedins_code: fixmedins,
    input: input as Record<string, unknown>,
  };
}

const pad = (n: number, w = 2) => String(n).padStart(w, "0");

/** yyyyMMddHHmmss (China time, as the interface's clients send and expect). */
export function compactTime(d: Date, millis = false): string {
  const t = new Date(d.getTime() + 8 * 3600_000);
  const s = `${t.getUTCFullYear()}${pad(t.getUTCMonth() + 1)}${pad(t.getUTCDate())}${pad(t.getUTCHours())}${pad(t.getUTCMinutes())}${pad(t.getUTCSeconds())}`;
  return millis ? s + pad(t.getUTCMilliseconds(), 3) : s;
}

/** yyyy-MM-dd HH:mm:ss in China time. */
export function displayTime(d: Date): string {
  const s = compactTime(d);
  return `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)} ${s.slice(8, 10)}:${s.slice(10, 12)}:${s.slice(12, 14)}`;
}

/** Parses "yyyy-MM-dd HH:mm:ss" (or a date alone) given in China time. */
export function parseNhsaTime(text: unknown, field: string): Date {
  const s = String(text ?? "");
  const m = /^(\d{4})-(\d{2})-(\d{2})(?: (\d{2}):(\d{2}):(\d{2}))?$/.exec(s);
  if (!m) throw fieldError("DATE_INVALID", field, `${field} must be yyyy-MM-dd HH:mm:ss`);
  const [, y, mo, d, h = "00", mi = "00", se = "00"] = m;
  const t = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h) - 8, Number(mi), Number(se));
  if (Number.isNaN(t)) throw fieldError("DATE_INVALID", field);
  return new Date(t);
}

/** inf_refmsgid: region 6 + time 14 + serial 10. */
export function refMsgId(region: string, now: Date, serial: number): string {
  return (
    region.padEnd(6, "0").slice(0, 6) + compactTime(now) + String(serial % 10_000_000_000).padStart(10, "0")
  );
}

/**
 * The gateway signature of the HMAC variant: Base64(HmacSHA1(secret, "k1=v1&k2=v2..." over the
 * _api_* headers sorted by name, the signature itself excluded)).
 */
export function hmacSignature(secret: string, headers: Record<string, string>): string {
  const text = Object.keys(headers)
    .filter((k) => k !== "_api_signature")
    .sort()
    .map((k) => `${k}=${headers[k]}`)
    .join("&");
  return createHmac("sha1", secret).update(text).digest("base64");
}
