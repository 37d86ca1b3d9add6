import { createHash, randomBytes } from "node:crypto";
import { hash, verify } from "@node-rs/argon2";
import { YibaoError, fieldError } from "@yibao/core/errors";
import type { Actor } from "../../audit/audit.ts";
import { recordAudit } from "../../audit/audit.ts";
import type { Db } from "../../db/database.ts";
import {
  deleteSession,
  findOperatorByLogin,
  findSession,
  insertOperator,
  insertSession,
} from "./operator.repository.ts";
import type { Role } from "./platform.table.ts";

const SESSION_HOURS = 12;

export const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");

export interface NewOperator {
  login: string;
  displayName: string;
  role: Role;
  password: string;
  regionCode?: string | null;
  fixmedinsCode?: string | null;
}

/** Creates an operator with an argon2id password hash. Audited when an operator does it. */
export async function createOperator(db: Db, actor: Actor, input: NewOperator) {
  if (input.password.length < 10) throw fieldError("PASSWORD_WEAK", "password");
  const passwordHash = await hash(input.password);
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

/** Checks the password and opens a session; returns the bearer token (stored only as a hash). */
export async function login(db: Db, loginName: string, password: string, now: Date) {
  const op = await findOperatorByLogin(db, loginName);
  // Verify against a dummy hash when the login is unknown so timing does not reveal which logins exist.
  let ok = false;
  if (op?.active) ok = await verify(op.password_hash, password);
  else await dummyVerify(password);
  if (!op || !ok) throw new YibaoError("AUTH_FAILED");
  const token = randomBytes(32).toString("base64url");
  await insertSession(db, sha256(token), op.id, new Date(now.getTime() + SESSION_HOURS * 3600_000));
  return { token, operator: { id: op.id, login: op.login, role: op.role, displayName: op.display_name } };
}

let dummyHash: string | null = null;
async function dummyVerify(password: string) {
  dummyHash ??= await hash("dummy-password-for-timing");
  await verify(dummyHash, password);
}

export async function logout(db: Db, token: string) {
  await deleteSession(db, sha256(token));
}

/** Resolves a bearer token to the acting operator, or null. */
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
