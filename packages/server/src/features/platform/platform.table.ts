import type { ColumnType, Generated } from "kysely";

export type Role = "admin" | "agency" | "auditor" | "supervisor" | "leader" | "institution";

export interface RegionTable {
  code: string;
  name: string;
  level: "province" | "city" | "county";
  parent_code: string | null;
  created_at: Generated<Date>;
}

export interface OperatorTable {
  id: Generated<bigint>;
  login: string;
  display_name: string;
  role: Role;
  password_hash: string;
  region_code: string | null;
  fixmedins_code: string | null;
  active: Generated<boolean>;
  created_at: Generated<Date>;
  password_changed_at: Date | null;
  deactivated_at: Date | null;
}

/** Failed-login counters per login name (hashed) and per address (features/platform/login-throttle.ts). */
export interface LoginThrottleTable {
  key: string;
  failures: number;
  window_start: Date;
  locked_until: Date | null;
}

export interface SessionTable {
  token_hash: string;
  operator_id: bigint;
  created_at: Generated<Date>;
  expires_at: Date;
}

export interface AuditLogTable {
  id: Generated<bigint>;
  at: Generated<Date>;
  operator_id: bigint | null;
  operator_login: string;
  action: string;
  entity: string;
  entity_id: string | null;
  before: ColumnType<unknown, string | null, string | null>;
  after: ColumnType<unknown, string | null, string | null>;
  request_id: string | null;
}

export interface IdempotencyKeyTable {
  scope: string;
  key: string;
  request_hash: string;
  status_code: number;
  response: ColumnType<unknown, string, string>;
  created_at: ColumnType<Date, never, never>;
}

declare module "../../db/schema.ts" {
  interface DB {
    regions: RegionTable;
    operators: OperatorTable;
    sessions: SessionTable;
    login_throttle: LoginThrottleTable;
    audit_log: AuditLogTable;
    idempotency_keys: IdempotencyKeyTable;
  }
}
