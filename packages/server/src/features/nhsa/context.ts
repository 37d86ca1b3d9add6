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

export function list(v: unknown, field: string): Record<string, unknown>[] {
  if (!Array.isArray(v))
    throw new YibaoError("FIELD_REQUIRED", `input.${field} must be an array`, { field: `input.${field}` });
  return v as Record<string, unknown>[];
}

export function text(o: Record<string, unknown>, key: string, path: string, required = true): string {
  const v = o[key];
  if (v === undefined || v === null || v === "") {
    if (required)
      throw new YibaoError("FIELD_REQUIRED", `${path}.${key} is required`, { field: `${path}.${key}` });
    return "";
  }
  return String(v);
}

/** The visit, if it belongs to the calling institution (institutions see only their own patients). */
export async function ownVisit(ex: Executor, call: NhsaCall, mdtrtId: string, lock = false) {
  const v = await findVisit(ex, mdtrtId, lock);
  checkOwner(v, call.fixmedins);
  return v;
}
