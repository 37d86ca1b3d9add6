import type { ColumnType, Generated } from "kysely";
import type { RowError } from "./csv.ts";

/** One CSV file sent for import, accepted or refused (migration 0918), append-only. */
export interface ImportTable {
  id: Generated<bigint>;
  kind: "persons" | "employers" | "enrolments" | "assistance";
  file_name: string | null;
  rows: number;
  imported: number;
  accepted: boolean;
  /** every bad row of a refused file (empty for an accepted one) */
  report: ColumnType<RowError[], string, string>;
  operator_id: bigint | null;
  operator_login: string;
  region_code: string | null;
  created_at: Generated<Date>;
}

declare module "../../db/schema.ts" {
  interface DB {
    imports: ImportTable;
  }
}
