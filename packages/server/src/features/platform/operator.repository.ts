import type { Executor } from "../../db/database.ts";
import type { Role } from "./platform.table.ts";

export interface OperatorRow {
  id: bigint;
  login: string;
  display_name: string;
  role: Role;
  password_hash: string;
  region_code: string | null;
  fixmedins_code: string | null;
  active: boolean;
}

type NewOperatorRow = Omit<OperatorRow, "id" | "active">;

const COLUMNS = [
  "id",
  "login",
  "display_name",
  "role",
  "password_hash",
  "region_code",
  "fixmedins_code",
  "active",
] as const;

export function findOperatorByLogin(ex: Executor, login: string): Promise<OperatorRow | undefined> {
  return ex.selectFrom("operators").select(COLUMNS).where("login", "=", login).executeTakeFirst();
}

export function findOperatorById(ex: Executor, id: bigint, lock = false): Promise<OperatorRow | undefined> {
  let q = ex.selectFrom("operators").select(COLUMNS).where("id", "=", id);
  if (lock) q = q.forUpdate();
  return q.executeTakeFirst();
}

export async function insertOperator(ex: Executor, values: NewOperatorRow): Promise<OperatorRow> {
  return ex.insertInto("operators").values(values).returning(COLUMNS).executeTakeFirstOrThrow();
}

export function findSession(ex: Executor, tokenHash: string, now: Date) {
  return ex
    .selectFrom("sessions")
    .innerJoin("operators", "operators.id", "sessions.operator_id")
    .select([
      "operators.id",
      "operators.login",
      "operators.role",
      "operators.region_code",
      "operators.fixmedins_code",
      "operators.active",
    ])
    .where("sessions.token_hash", "=", tokenHash)
    .where("sessions.expires_at", ">", now)
    .executeTakeFirst();
}

export async function insertSession(ex: Executor, tokenHash: string, operatorId: bigint, expiresAt: Date) {
  await ex
    .insertInto("sessions")
    .values({ token_hash: tokenHash, operator_id: operatorId, expires_at: expiresAt })
    .execute();
}

export async function deleteSession(ex: Executor, tokenHash: string) {
  await ex.deleteFrom("sessions").where("token_hash", "=", tokenHash).execute();
}

/** Ends an operator's sessions (all, or all but one): deactivation and password changes. */
export async function deleteSessionsOf(ex: Executor, operatorId: bigint, keepTokenHash?: string) {
  let q = ex.deleteFrom("sessions").where("operator_id", "=", operatorId);
  if (keepTokenHash) q = q.where("token_hash", "<>", keepTokenHash);
  await q.execute();
}
