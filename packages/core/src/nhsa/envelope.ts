import { compactTime, isCalendarDateTime } from "../time/index.ts";
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

/**
 * Length limits of the envelope's text fields (characters). A field may be a string or a number
 * (some HIS send infno as a number); objects, arrays and booleans are refused by field.
 */
export const ENVELOPE_TEXT_LIMITS: Record<string, number> = {
  infno: 4,
  msgid: 64, // the msgid check itself wants 1-30; this only bounds what it reads
  mdtrtarea_admvs: 6,
  insuplc_admdvs: 6,
  recer_sys_code: 20,
  dev_no: 100,
  dev_safe_info: 2000,
  cainfo: 4000,
  signtype: 20,
  infver: 10,
  opter_type: 3,
  opter: 30,
  opter_name: 50,
  inf_time: 19,
  fixmedins_code: 30,
  fixmedins_name: 200,
  sign_no: 64,
  enc_type: 10,
};

function checkEnvelopeText(v: unknown, field: string, max: number) {
  if (v === undefined || v === null) return;
  if (typeof v !== "string" && !(typeof v === "number" && Number.isFinite(v)))
    throw fieldError("NHSA_ENVELOPE_INVALID", field, `${field} must be text`);
  if (String(v).length > max)
    throw fieldError("NHSA_ENVELOPE_INVALID", field, `${field} is longer than ${max} characters`, {
      maxLength: max,
    });
}

/** Checks the envelope's own fields; errors name the field as NHSA spells it. */
export function validateEnvelope(body: unknown): NhsaRequest {
  if (body === null || typeof body !== "object")
    throw fieldError("NHSA_ENVELOPE_INVALID", "body", "the request body must be a JSON object");
  if (Array.isArray(body))
    throw fieldError("NHSA_ENVELOPE_INVALID", "body", "the request body must be a JSON object");
  const b = body as Record<string, unknown>;
  for (const [k, max] of Object.entries(ENVELOPE_TEXT_LIMITS)) checkEnvelopeText(b[k], k, max);
  const str = (k: string) => (b[k] === undefined || b[k] === null ? undefined : String(b[k]));
  const infno = str("infno");
  if (!infno || !/^\d{4}$/.test(infno))
    throw fieldError("NHSA_ENVELOPE_INVALID", "infno", "infno must be a 4-digit transaction number");
  const fixmedins = str("fixmedins_code");
  if (!fixmedins) throw fieldError("NHSA_ENVELOPE_INVALID", "fixmedins_code", "fixmedins_code is required");
  // Any 1-30 letters and digits: clients build it from a UUID, a timestamp or their institution
  // code. It is unique per institution (the idempotency key), and that is all the gateway relies on.
  const msgid = str("msgid");
  if (!msgid || !/^[A-Za-z0-9]{1,30}$/.test(msgid))
    throw fieldError("NHSA_MSGID_INVALID", "msgid", "msgid must be 1-30 letters and digits");
  const infTime = str("inf_time");
  if (infTime !== undefined && !isCalendarDateTime(infTime))
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

/**
 * inf_refmsgid: region 6 + time 14 + serial 10, always 30 digits: a region that is not 6 digits
 * (the sender's mdtrtarea_admvs may be anything) becomes 000000.
 */
export function refMsgId(region: unknown, now: Date, serial: number): string {
  const r = typeof region === "string" && /^\d{6}$/.test(region) ? region : "000000";
  const n = Number.isSafeInteger(serial) && serial >= 0 ? serial % 10_000_000_000 : 0;
  return r + compactTime(now) + String(n).padStart(10, "0");
}
