import { type Config, defaultConfig } from "../../config.ts";

/**
 * Login throttling and sessions. A login name with `maxFailuresPerName` failed logins within
 * `windowMs`, or a client address with `maxFailuresPerAddress`, is locked for `lockMs`: every
 * login for it is refused (AUTH_LOCKED with a retry-after), the right password included, until
 * the lock ends or an admin unlocks the operator. Sessions last `sessionMs`.
 */
export interface LoginPolicy {
  maxFailuresPerName: number;
  maxFailuresPerAddress: number;
  windowMs: number;
  lockMs: number;
  sessionMs: number;
}

/** The policy from the configuration (YIBAO_LOGIN_*, YIBAO_SESSION_HOURS: docs/configuration.md). */
export function loginPolicy(
  c: Pick<
    Config,
    "loginMaxFailures" | "loginMaxFailuresPerAddress" | "loginLockMinutes" | "sessionHours"
  > = defaultConfig(),
): LoginPolicy {
  return {
    maxFailuresPerName: c.loginMaxFailures,
    maxFailuresPerAddress: c.loginMaxFailuresPerAddress,
    windowMs: c.loginLockMinutes * 60_000,
    lockMs: c.loginLockMinutes * 60_000,
    sessionMs: c.sessionHours * 3600_000,
  };
}
