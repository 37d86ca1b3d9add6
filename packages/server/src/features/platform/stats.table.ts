import type { Generated } from "kysely";

/**
 * Kept counts of the registry (migration 0935): delta rows appended by triggers as persons,
 * employers and enrolments change; a group's count is the sum of its rows.
 */
export interface RegistryCountTable {
  id: Generated<bigint>;
  subject: "persons" | "employers" | "enrolments";
  insutype: string; // '' unless subject = 'enrolments'
  status: string; // '' unless subject = 'enrolments'
  n: bigint;
}

declare module "../../db/schema.ts" {
  interface DB {
    registry_counts: RegistryCountTable;
  }
}
