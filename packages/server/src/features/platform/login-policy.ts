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

const positive = (v: string | undefined, fallback: number, name: string) => {
  const n = Number(v ?? fallback);
  if (!(n > 0)) throw new Error(`${name} must be a positive number`);
  return n;
};

/** YIBAO_LOGIN_MAX_FAILURES (5), YIBAO_LOGIN_MAX_FAILURES_PER_ADDRESS (20), YIBAO_LOGIN_LOCK_MINUTES (15), YIBAO_SESSION_HOURS (12). */
export function loginPolicy(env: NodeJS.ProcessEnv = process.env): LoginPolicy {
  const lockMinutes = positive(env.YIBAO_LOGIN_LOCK_MINUTES, 15, "YIBAO_LOGIN_LOCK_MINUTES");
  return {
    maxFailuresPerName: positive(env.YIBAO_LOGIN_MAX_FAILURES, 5, "YIBAO_LOGIN_MAX_FAILURES"),
    maxFailuresPerAddress: positive(
      env.YIBAO_LOGIN_MAX_FAILURES_PER_ADDRESS,
      20,
      "YIBAO_LOGIN_MAX_FAILURES_PER_ADDRESS",
    ),
    windowMs: lockMinutes * 60_000,
    lockMs: lockMinutes * 60_000,
    sessionMs: positive(env.YIBAO_SESSION_HOURS, 12, "YIBAO_SESSION_HOURS") * 3600_000,
  };
}
