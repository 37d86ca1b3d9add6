import { type Config, defaultConfig } from "../../config.ts";
import type { Db } from "../../db/database.ts";
import { SecretBox } from "../../security/secret-box.ts";
import { LastUse } from "./last-use.ts";
import { type LookupLimits, lookupLimits } from "./lookup-limits.ts";
import { ReplayCache } from "./replay-cache.ts";

/**
 * How the gateway authenticates senders. "hmac" (the default of `yibao serve`): every message
 * carries the signed _api_* headers of a live key of its institution. "open" (the demo started
 * by `npm start` / `yibao start`, and the test app): institutions without a live key may send
 * unsigned messages; an institution with a key must still sign.
 */
export type NhsaAuthMode = "hmac" | "open";

/** The signed headers' timestamp may differ from our clock by this much (and a header set is remembered this long). */
export const MAX_SKEW_MS = 5 * 60_000;

/** What the gateway keeps in one process: its mode, the key that opens secrets, replays seen, last uses, 1101 limits. */
export interface GatewayContext {
  auth: NhsaAuthMode;
  secrets: SecretBox;
  replays: ReplayCache;
  lastUse: LastUse;
  limits: LookupLimits;
  /** how long a rotated key keeps working */
  keyGraceMs: number;
}

export interface GatewayOptions {
  auth?: NhsaAuthMode;
  /** absent: a key that lives only in this process (tests, in-memory databases) */
  secrets?: SecretBox;
  /** absent: the defaults of docs/configuration.md */
  config?: Pick<Config, "lookupsPerMinute" | "missesPerMinute" | "keyGraceHours">;
  lookupsPerMinute?: number;
  missesPerMinute?: number;
}

export function gatewayContext(db: Db, o: GatewayOptions = {}): GatewayContext {
  const c = o.config ?? defaultConfig();
  return {
    auth: o.auth ?? "hmac",
    secrets: o.secrets ?? SecretBox.ephemeral(),
    replays: new ReplayCache(MAX_SKEW_MS),
    lastUse: new LastUse(db),
    limits: lookupLimits({
      perMinute: o.lookupsPerMinute ?? c.lookupsPerMinute,
      missesPerMinute: o.missesPerMinute ?? c.missesPerMinute,
    }),
    keyGraceMs: c.keyGraceHours * 3600_000,
  };
}
