import { randomBytes } from "node:crypto";
import { hash, verify } from "@node-rs/argon2";
import { YibaoError, fieldError } from "@yibao/core/errors";
import { type Actor, SYSTEM_ACTOR, recordAudit } from "../../audit/audit.ts";
import type { Db, Executor } from "../../db/database.ts";
import type { LoginPolicy } from "./login-policy.ts";
import { addressKey, beginAttempt, lock, nameKey, settleSuccess } from "./login-throttle.ts";
import {
  type OperatorRow,
  deleteSession,
  deleteSessionsOf,
  findOperatorById,
  findOperatorByLogin,
  findSession,
  insertSession,
} from "./operator.repository.ts";
import { checkPassword, hashPassword, sha256 } from "./operator.service.ts";

/** Where a login comes from: the client address (request.ip) and the request id, for the audit log. */
export interface LoginContext {
  address: string;
  requestId?: string;
}

const actorFor = (op: OperatorRow, ctx: LoginContext): Actor => ({
  operatorId: op.id,
  login: op.login,
  role: op.role,
  regionCode: op.region_code,
  fixmedinsCode: op.fixmedins_code,
  requestId: ctx.requestId,
});

/**
 * Audits a login attempt: who (the operator, or "(unknown)" for a name that is nobody's, which is
 * not stored since it may be a mistyped password), from which address, and the outcome. Never
 * the password.
 */
async function auditLogin(ex: Executor, op: OperatorRow | undefined, ctx: LoginContext, outcome: string) {
  const actor = op ? actorFor(op, ctx) : { ...SYSTEM_ACTOR, login: "(unknown)", requestId: ctx.requestId };
  await recordAudit(ex, actor, {
    action: outcome === "ok" ? "auth.login" : "auth.login_failed",
    entity: "operators",
    entityId: op?.id ?? null,
    after: { address: ctx.address, ...(outcome === "ok" ? {} : { reason: outcome }) },
  });
}

let dummyHash: string | null = null;
/** Verifies against a dummy hash, so that unknown logins take as long as known ones. */
async function dummyVerify(password: string) {
  dummyHash ??= await hash("dummy-password-for-timing");
  await verify(dummyHash, password);
}

/**
 * Checks the password and opens a session; returns the bearer token (stored only as a hash).
 * Throttled per login name and per address (login-throttle.ts): a locked name or address is
 * refused with AUTH_LOCKED and a retry-after, the right password included. Every attempt is
 * audited with its address.
 */
export async function login(
  db: Db,
  policy: LoginPolicy,
  credentials: { login: string; password: string },
  ctx: LoginContext,
  now: Date,
) {
  const name = nameKey(credentials.login);
  const address = addressKey(ctx.address);
  const op = await findOperatorByLogin(db, credentials.login);
  const attempt = await beginAttempt(
    db,
    policy,
    [
      { key: name, max: policy.maxFailuresPerName },
      { key: address, max: policy.maxFailuresPerAddress },
    ],
    now,
  );
  if (attempt.retryAfter !== null) {
    await auditLogin(db, op, ctx, "locked");
    throw new YibaoError("AUTH_LOCKED", "Too many failed logins: try again later", {
      retryAfter: attempt.retryAfter,
    });
  }
  let ok = false;
  if (op?.active) ok = await verify(op.password_hash, credentials.password);
  else await dummyVerify(credentials.password);
  if (!op || !ok) {
    await db.transaction().execute(async (trx) => {
      await lock(trx, attempt.lastChance, new Date(now.getTime() + policy.lockMs));
      await auditLogin(trx, op, ctx, !op ? "unknown_login" : op.active ? "wrong_password" : "inactive");
    });
    throw new YibaoError("AUTH_FAILED");
  }
  const token = randomBytes(32).toString("base64url");
  await db.transaction().execute(async (trx) => {
    await settleSuccess(trx, name, address);
    await insertSession(trx, sha256(token), op.id, new Date(now.getTime() + policy.sessionMs));
    await auditLogin(trx, op, ctx, "ok");
  });
  return { token, operator: { id: op.id, login: op.login, role: op.role, displayName: op.display_name } };
}

export async function logout(db: Db, actor: Actor, token: string) {
  await db.transaction().execute(async (trx) => {
    await deleteSession(trx, sha256(token));
    await recordAudit(trx, actor, { action: "auth.logout", entity: "operators", entityId: actor.operatorId });
  });
}

/** Resolves a bearer token to the acting operator, or null (unknown, expired or ended). */
export async function actorFromToken(db: Db, token: string, now: Date): Promise<Actor | null> {
  const row = await findSession(db, sha256(token), now);
  if (!row?.active) return null;
  return {
    operatorId: row.id,
    login: row.login,
    role: row.role,
    regionCode: row.region_code,
    fixmedinsCode: row.fixmedins_code,
  };
}

/**
 * An operator changes their own password: the current one is checked (and a wrong one counts as
 * a failed login of their name), the new one must differ and be strong enough. Their other
 * sessions end; this one stays.
 */
export async function changePassword(
  db: Db,
  policy: LoginPolicy,
  actor: Actor,
  token: string,
  passwords: { oldPassword: string; newPassword: string },
  ctx: LoginContext,
  now: Date,
) {
  checkPassword(passwords.newPassword, "newPassword");
  if (passwords.newPassword === passwords.oldPassword) throw fieldError("PASSWORD_UNCHANGED", "newPassword");
  const op = await findOperatorById(db, actor.operatorId!);
  if (!op) throw new YibaoError("AUTH_SESSION_EXPIRED");
  const attempt = await beginAttempt(
    db,
    policy,
    [{ key: nameKey(op.login), max: policy.maxFailuresPerName }],
    now,
  );
  if (attempt.retryAfter !== null)
    throw new YibaoError("AUTH_LOCKED", "Too many failed attempts: try again later", {
      retryAfter: attempt.retryAfter,
    });
  if (!(await verify(op.password_hash, passwords.oldPassword))) {
    await db.transaction().execute(async (trx) => {
      await lock(trx, attempt.lastChance, new Date(now.getTime() + policy.lockMs));
      await recordAudit(trx, actor, {
        action: "operator.password_change_failed",
        entity: "operators",
        entityId: op.id,
        after: { address: ctx.address },
      });
    });
    throw fieldError("PASSWORD_WRONG", "oldPassword");
  }
  const passwordHash = await hashPassword(passwords.newPassword);
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom("login_throttle").where("key", "=", nameKey(op.login)).execute();
    await trx
      .updateTable("operators")
      .set({ password_hash: passwordHash, password_changed_at: now })
      .where("id", "=", op.id)
      .execute();
    await deleteSessionsOf(trx, op.id, sha256(token));
    await recordAudit(trx, actor, {
      action: "operator.password_change",
      entity: "operators",
      entityId: op.id,
      after: { address: ctx.address },
    });
  });
}
