import { createHash } from "node:crypto";
import { sql } from "kysely";
import type { Executor } from "../../db/database.ts";
import type { LoginPolicy } from "./login-policy.ts";

/**
 * Failed-login counters (table login_throttle, migration 0004). A login name is counted under a
 * hash of it, so that a password typed into the name field is never stored, and names that are
 * no operator's are counted like the others (their answers must not differ). Addresses are
 * counted as they come (request.ip).
 */
export const nameKey = (login: string) => `name:${createHash("sha256").update(login).digest("hex")}`;
export const addressKey = (address: string) => `addr:${address}`;

export interface Attempt {
  /** refused: the name or address is locked (or this attempt is beyond the limit); the seconds to wait */
  retryAfter: number | null;
  /** keys whose limit this attempt reaches if it fails */
  lastChance: string[];
}

/**
 * Refuses the attempt if a key is locked; otherwise counts it *before* the password is checked,
 * in one statement, so that attempts sent at once cannot all pass a counter that has not moved
 * yet: at most `max` attempts of a name (or address) are ever checked in a window. A success
 * hands the count back (`settleSuccess`). A key locked meanwhile is left as it is.
 */
export async function beginAttempt(
  ex: Executor,
  policy: LoginPolicy,
  keys: { key: string; max: number }[],
  now: Date,
): Promise<Attempt> {
  // A refused attempt counts for nothing: a locked address must not run up the names it tries.
  const locked = await ex
    .selectFrom("login_throttle")
    .select("locked_until")
    .where(
      "key",
      "in",
      keys.map((k) => k.key),
    )
    .where("locked_until", ">", now)
    .execute();
  if (locked.length > 0) {
    const until = Math.max(...locked.map((l) => l.locked_until!.getTime()));
    return { retryAfter: Math.ceil((until - now.getTime()) / 1000), lastChance: [] };
  }
  const windowStart = new Date(now.getTime() - policy.windowMs);
  const values = keys.map((k) => sql`(${k.key}, 1, ${now}::timestamptz, null::timestamptz)`);
  const { rows } = await sql<{ key: string; failures: number; locked_until: Date | null }>`
    insert into login_throttle as t (key, failures, window_start, locked_until)
    values ${sql.join(values)}
    on conflict (key) do update set
      failures = case when t.locked_until > ${now} then t.failures
                      when t.window_start <= ${windowStart} then 1 else t.failures + 1 end,
      window_start = case when t.locked_until > ${now} then t.window_start
                          when t.window_start <= ${windowStart} then ${now} else t.window_start end,
      locked_until = case when t.locked_until > ${now} then t.locked_until end
    returning key, failures, locked_until`.execute(ex);
  const max = new Map(keys.map((k) => [k.key, k.max]));
  let until = 0;
  const over: string[] = [];
  const lastChance: string[] = [];
  for (const r of rows) {
    if (r.locked_until && r.locked_until > now) until = Math.max(until, r.locked_until.getTime());
    else if (r.failures > max.get(r.key)!) over.push(r.key);
    else if (r.failures === max.get(r.key)) lastChance.push(r.key);
  }
  if (over.length > 0) {
    until = Math.max(until, now.getTime() + policy.lockMs);
    await lock(ex, over, new Date(now.getTime() + policy.lockMs));
  }
  return { retryAfter: until > 0 ? Math.ceil((until - now.getTime()) / 1000) : null, lastChance };
}

/** A failed attempt that reached a limit locks its keys for the lock period. */
export async function lock(ex: Executor, keys: string[], until: Date) {
  if (keys.length === 0) return;
  await ex.updateTable("login_throttle").set({ locked_until: until }).where("key", "in", keys).execute();
}

/** A successful login clears its name's count and hands back the attempt counted for its address. */
export async function settleSuccess(ex: Executor, name: string, address: string) {
  await ex.deleteFrom("login_throttle").where("key", "=", name).execute();
  await sql`update login_throttle set failures = greatest(failures - 1, 0) where key = ${address}`.execute(
    ex,
  );
}

/** An admin's unlock of an operator: their name's count and lock are gone. */
export async function clearName(ex: Executor, login: string) {
  await ex.deleteFrom("login_throttle").where("key", "=", nameKey(login)).execute();
}

export async function lockedNames(ex: Executor, logins: string[], now: Date): Promise<Map<string, Date>> {
  const keys = new Map(logins.map((l) => [nameKey(l), l]));
  const out = new Map<string, Date>();
  if (keys.size === 0) return out;
  const rows = await ex
    .selectFrom("login_throttle")
    .select(["key", "locked_until"])
    .where("key", "in", [...keys.keys()])
    .where("locked_until", ">", now)
    .execute();
  for (const r of rows) if (r.locked_until) out.set(keys.get(r.key)!, r.locked_until);
  return out;
}
