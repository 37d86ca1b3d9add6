import { YibaoError } from "@yibao/core/errors";
import type { NhsaRequest } from "@yibao/core/nhsa";
import type { Executor } from "../../db/database.ts";
import type { AppDeps } from "../../http/context.ts";
import type { Plan } from "../../db/plan.ts";
import { checkOwner, findVisit } from "../settlement/visit.service.ts";

/** What a transaction handler gets: the request, the sender, the clock, the database or transaction. */
export interface NhsaCall {
  req: NhsaRequest;
  fixmedins: string;
  now: Date;
  deps: AppDeps;
  /** set by a handler: the envelope's warn_msg (the audit during settlement's warnings) */
  warn?: string;
}

export type Handler = (ex: Executor, call: NhsaCall) => Promise<Record<string, unknown>>;
/** A write planned as one guarded statement; the gateway adds the msgid record to that statement. */
export type PlanHandler = (ex: Executor, call: NhsaCall) => Promise<Plan<Record<string, unknown>>>;

export type TransactionDef =
  /** reads only; or writes run once per msgid, in one transaction with the stored answer */
  | { handler: Handler; writes: boolean }
  /** the hot writes (register, upload, settle, reverse): one statement each, the stored answer included */
  | { plan: PlanHandler };

export function obj(v: unknown, field: string): Record<string, unknown> {
  if (v === null || typeof v !== "object" || Array.isArray(v)) {
    throw new YibaoError("FIELD_REQUIRED", `input.${field} must be an object`, { field: `input.${field}` });
  }
  return v as Record<string, unknown>;
}

/** At most this many entries in an input list (fee lines of one upload). */
export const MAX_LIST = 5000;

/** An input list of objects: each entry must be an object (a fee line, a cancel entry). */
export function list(v: unknown, field: string): Record<string, unknown>[] {
  if (!Array.isArray(v))
    throw new YibaoError("FIELD_REQUIRED", `input.${field} must be an array`, { field: `input.${field}` });
  if (v.length > MAX_LIST)
    throw new YibaoError("FIELD_INVALID", `input.${field} has more than ${MAX_LIST} entries`, {
      field: `input.${field}`,
    });
  for (const [i, entry] of v.entries()) obj(entry, `${field}.${i}`);
  return v as Record<string, unknown>[];
}

/**
 * Length limits (characters) of the input fields the gateway reads as text, after the interface's
 * field definitions; any other field read as text is limited to DEFAULT_TEXT_LIMIT.
 */
export const INPUT_TEXT_LIMITS: Record<string, number> = {
  psn_no: 30,
  mdtrt_id: 30,
  setl_id: 30,
  insutype: 6,
  med_type: 6,
  mdtrt_cert_type: 3,
  mdtrt_cert_no: 50,
  certno: 50,
  card_sn: 50,
  feedetl_sn: 30,
  init_feedetl_sn: 30,
  med_list_codg: 50,
  medins_list_name: 100,
  ipt_otp_no: 30,
  ipt_no: 30,
  dise_codg: 30,
  dscg_maindiag_code: 30,
  invono: 50,
  clr_type: 6,
  setl_optins: 6,
  opter_no: 30,
  mac: 50,
  ip: 50,
};
export const DEFAULT_TEXT_LIMIT = 100;

/** A text field of the input: a string or a number; objects, arrays and booleans are refused by field. */
export function text(o: Record<string, unknown>, key: string, path: string, required = true): string {
  const v = o[key];
  const field = `${path}.${key}`;
  if (v === undefined || v === null || v === "") {
    if (required) throw new YibaoError("FIELD_REQUIRED", `${field} is required`, { field });
    return "";
  }
  if (typeof v !== "string" && !(typeof v === "number" && Number.isFinite(v)))
    throw new YibaoError("FIELD_INVALID", `${field} must be text`, { field });
  const s = String(v);
  const max = INPUT_TEXT_LIMITS[key] ?? DEFAULT_TEXT_LIMIT;
  if (s.length > max)
    throw new YibaoError("TEXT_TOO_LONG", `${field} is longer than ${max} characters`, {
      field,
      maxLength: max,
    });
  return s;
}

/**
 * The visit, if it belongs to the calling institution (institutions see only their own patients).
 * The handlers that read it this way change it outside a planned statement (2202, 2203, 2205,
 * 2402, 2405), so this process's session of the visit is dropped: a 2206/2207 after a 2205 must
 * check the HIS's medfee_sumamt against the lines left, not against the session's.
 */
export async function ownVisit(ex: Executor, call: NhsaCall, mdtrtId: string, lock = false) {
  const v = await findVisit(ex, mdtrtId, lock);
  checkOwner(v, call.fixmedins);
  call.deps.settlement.sessions?.drop(mdtrtId);
  return v;
}
