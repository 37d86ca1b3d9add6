import { timingSafeEqual } from "node:crypto";
import { YibaoError } from "@yibao/core/errors";
import type { NhsaRequest } from "@yibao/core/nhsa";
import { hmacSignature } from "./hmac.ts";
import type { AppDeps } from "../../http/context.ts";
import { MAX_SKEW_MS } from "./gateway-context.ts";

type Headers = Record<string, string | string[] | undefined>;

const header = (headers: Headers, k: string) => {
  const v = headers[k];
  return Array.isArray(v) ? v[0] : v;
};

/** Equal strings, compared in time that does not depend on where they differ. */
export function constantTimeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  if (x.length !== y.length) {
    timingSafeEqual(x, x); // same work either way
    return false;
  }
  return timingSafeEqual(x, y);
}

const invalid = (message: string) =>
  new YibaoError("NHSA_SIGNATURE_INVALID", message, { field: "_api_signature" });

/**
 * The sender of a message: a designated institution with an agreement, and (HMAC variant) the
 * signed _api_* headers of one of its live keys, within the clock skew, accepted once. See
 * gateway-context.ts for the two modes.
 */
export async function authenticate(deps: AppDeps, req: NhsaRequest, headers: Headers, now: Date) {
  const inst = await deps.settlement.reference.institution(deps.db, req.fixmedins_code);
  if (!inst?.active)
    throw new YibaoError("NHSA_INSTITUTION_UNKNOWN", `Unknown institution ${req.fixmedins_code}`, {
      field: "fixmedins_code",
    });
  const t = now.getTime();
  const keys = inst.accessKeys.filter((k) => k.expiresAt === null || k.expiresAt > t);
  const gw = deps.gateway;
  if (keys.length === 0 && gw.auth === "open") return inst;
  const api = {
    _api_name: header(headers, "_api_name") ?? "",
    _api_version: header(headers, "_api_version") ?? "",
    _api_timestamp: header(headers, "_api_timestamp") ?? "",
    _api_access_key: header(headers, "_api_access_key") ?? "",
  };
  const signature = header(headers, "_api_signature") ?? "";
  const ts = Number(api._api_timestamp);
  if (!signature || !/^\d{1,15}$/.test(api._api_timestamp) || Math.abs(t - ts) > MAX_SKEW_MS)
    throw invalid("Missing or stale gateway credentials (_api_timestamp within 5 minutes)");
  const key = keys.find((k) => k.accessKey === api._api_access_key);
  if (!key) throw invalid("Unknown, revoked or expired access key");
  const expected = hmacSignature(gw.secrets.open(key.secretEnc, key.accessKey), api);
  if (!constantTimeEqual(expected, signature)) throw invalid("Wrong gateway signature");
  if (!gw.replays.firstUse(`${key.id}:${signature}`, ts, t))
    throw new YibaoError("NHSA_SIGNATURE_REPLAYED", undefined, { field: "_api_timestamp" });
  gw.lastUse.touch(key.id, now);
  return inst;
}
