import { createHash } from "node:crypto";
import { hash } from "@node-rs/argon2";
import { YibaoError, fieldError } from "@yibao/core/errors";
import type { Actor } from "../../audit/audit.ts";
import { recordAudit } from "../../audit/audit.ts";
import type { Db, Executor } from "../../db/database.ts";
import { clearName, lockedNames } from "./login-throttle.ts";
import {
  type OperatorRow,
  deleteSessionsOf,
  findOperatorById,
  findOperatorByLogin,
  insertOperator,
} from "./operator.repository.ts";
import type { Role } from "./platform.table.ts";

export const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");

export interface NewOperator {
  login: string;
  displayName: string;
  role: Role;
  password: string;
  regionCode?: string | null;
  fixmedinsCode?: string | null;
}

/** Staff roles whose operators belong to a region (their scope: features/platform/region-scope.ts). */
const REGIONAL: Role[] = ["agency", "auditor", "supervisor", "leader"];

export function checkPassword(password: string, field = "password") {
  if (password.length < 10) throw fieldError("PASSWORD_WEAK", field);
}

export const hashPassword = (password: string) => hash(password);

/** An operator as the API shows it: never the password hash. */
export function operatorView(r: OperatorRow, lockedUntil: Date | null = null) {
  return {
    id: String(r.id),
    login: r.login,
    displayName: r.display_name,
    role: r.role,
    regionCode: r.region_code,
    fixmedinsCode: r.fixmedins_code,
    active: r.active,
    lockedUntil,
  };
}

/** Creates an operator with an argon2id password hash. Audited when an operator does it. */
export async function createOperator(db: Db, actor: Actor, input: NewOperator) {
  checkPassword(input.password);
  if (REGIONAL.includes(input.role) && !input.regionCode)
    throw fieldError("OPERATOR_REGION_REQUIRED", "regionCode");
  const passwordHash = await hashPassword(input.password);
  return db.transaction().execute(async (trx) => {
    if (await findOperatorByLogin(trx, input.login)) {
      throw new YibaoError("OPERATOR_EXISTS", `Operator ${input.login} already exists`, { field: "login" });
    }
    const row = await insertOperator(trx, {
      login: input.login,
      display_name: input.displayName,
      role: input.role,
      password_hash: passwordHash,
      region_code: input.regionCode ?? null,
      fixmedins_code: input.fixmedinsCode ?? null,
    });
    const { password_hash: _omit, ...visible } = row;
    await recordAudit(trx, actor, {
      action: "operator.create",
      entity: "operators",
      entityId: row.id,
      after: visible,
    });
    return visible;
  });
}

async function requireOperator(trx: Executor, id: bigint) {
  const op = await findOperatorById(trx, id, true);
  if (!op) throw new YibaoError("OPERATOR_UNKNOWN", `No operator ${id}`, { field: "id" });
  return op;
}

/**
 * Deactivates (or reactivates) an operator. Deactivation ends their sessions in the same
 * transaction, so the next request with any of their tokens is refused. An admin cannot
 * deactivate themselves (the last admin would lock everyone out).
 */
export async function setOperatorActive(db: Db, actor: Actor, id: bigint, active: boolean, now: Date) {
  if (!active && actor.operatorId === id) throw fieldError("OPERATOR_SELF", "id");
  return db.transaction().execute(async (trx) => {
    const before = await requireOperator(trx, id);
    await trx
      .updateTable("operators")
      .set({ active, deactivated_at: active ? null : now })
      .where("id", "=", id)
      .execute();
    if (!active) await deleteSessionsOf(trx, id);
    await recordAudit(trx, actor, {
      action: active ? "operator.activate" : "operator.deactivate",
      entity: "operators",
      entityId: id,
      before: { active: before.active },
      after: { active },
    });
    return operatorView({ ...before, active });
  });
}

/** An admin sets a new password: the operator's sessions end and any login lock is lifted. */
export async function resetPassword(db: Db, actor: Actor, id: bigint, password: string, now: Date) {
  checkPassword(password, "newPassword");
  const passwordHash = await hashPassword(password);
  return db.transaction().execute(async (trx) => {
    const op = await requireOperator(trx, id);
    await trx
      .updateTable("operators")
      .set({ password_hash: passwordHash, password_changed_at: now })
      .where("id", "=", id)
      .execute();
    await deleteSessionsOf(trx, id);
    await clearName(trx, op.login);
    await recordAudit(trx, actor, { action: "operator.password_reset", entity: "operators", entityId: id });
    return operatorView(op);
  });
}

/** An admin lifts the login lock of an operator's name before it ends by itself. */
export async function unlockOperator(db: Db, actor: Actor, id: bigint) {
  return db.transaction().execute(async (trx) => {
    const op = await requireOperator(trx, id);
    await clearName(trx, op.login);
    await recordAudit(trx, actor, { action: "operator.unlock", entity: "operators", entityId: id });
    return operatorView(op);
  });
}

/** Operators by id, with the lock of their login name if one is in force. */
export async function listOperators(ex: Executor, now: Date, after: bigint | null, limit: number) {
  let q = ex
    .selectFrom("operators")
    .select([
      "id",
      "login",
      "display_name",
      "role",
      "password_hash",
      "region_code",
      "fixmedins_code",
      "active",
    ])
    .orderBy("id")
    .limit(limit);
  if (after !== null) q = q.where("id", ">", after);
  const rows = await q.execute();
  const locks = await lockedNames(
    ex,
    rows.map((r) => r.login),
    now,
  );
  return rows.map((r) => ({ ...operatorView(r, locks.get(r.login) ?? null), rowId: r.id }));
}
