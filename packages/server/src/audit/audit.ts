import type { Executor } from "../db/database.ts";
import type { Role } from "../features/platform/platform.table.ts";

/** Who is acting: an operator (staff) or the system itself (imports, jobs, the NHSA gateway). */
export interface Actor {
  operatorId: bigint | null;
  login: string;
  role: Role | "system";
  regionCode: string | null;
  fixmedinsCode: string | null;
  requestId?: string;
}

export const SYSTEM_ACTOR: Actor = {
  operatorId: null,
  login: "system",
  role: "system",
  regionCode: null,
  fixmedinsCode: null,
};

export interface AuditEntry {
  action: string; // e.g. "person.create", "enrolment.suspend"
  entity: string; // table or aggregate name
  entityId?: string | bigint | null;
  before?: unknown;
  after?: unknown;
}

/** JSON that survives bigint (fen) values. */
export function toJson(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  return JSON.stringify(value, (_k, v) => (typeof v === "bigint" ? v.toString() : v));
}

/**
 * Appends one row to the audit log, inside the caller's transaction so the record and the change
 * commit together. Every write by agency staff goes through here.
 */
export async function recordAudit(ex: Executor, actor: Actor, entry: AuditEntry): Promise<void> {
  await ex.insertInto("audit_log").values(auditRow(actor, entry)).execute();
}

/**
 * Appends many rows to the audit log in their order, as recordAudit would one by one (bulk
 * writes that record one entry per row changed, e.g. a month's births in the simulator).
 */
export async function recordAudits(ex: Executor, actor: Actor, entries: AuditEntry[]): Promise<void> {
  for (let k = 0; k < entries.length; k += 1000)
    await ex
      .insertInto("audit_log")
      .values(entries.slice(k, k + 1000).map((entry) => auditRow(actor, entry)))
      .execute();
}

/** One audit_log row: who (the actor), what (the entry), through which request. */
function auditRow(actor: Actor, entry: AuditEntry) {
  return {
    operator_id: actor.operatorId,
    operator_login: actor.login,
    action: entry.action,
    entity: entry.entity,
    entity_id: entry.entityId == null ? null : String(entry.entityId),
    before: toJson(entry.before),
    after: toJson(entry.after),
    request_id: actor.requestId ?? null,
  };
}
