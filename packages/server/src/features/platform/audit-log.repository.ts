import type { Executor } from "../../db/database.ts";

/** What the audit log may be filtered on (GET /audit-log). */
export interface AuditFilter {
  entity?: string;
  entityId?: string;
  operatorLogin?: string;
}

/** Audit-log entries, newest first, before a cursor: `limit` rows (ask one more to know if a page follows). */
export function auditLogPage(ex: Executor, filter: AuditFilter, before: bigint | null, limit: number) {
  let q = ex.selectFrom("audit_log").selectAll().orderBy("id", "desc").limit(limit);
  if (before !== null) q = q.where("id", "<", before);
  if (filter.entity) q = q.where("entity", "=", filter.entity);
  if (filter.entityId) q = q.where("entity_id", "=", filter.entityId);
  if (filter.operatorLogin) q = q.where("operator_login", "=", filter.operatorLogin);
  return q.execute();
}
