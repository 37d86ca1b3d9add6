import type { Actor } from "../../audit/audit.ts";
import type { Executor } from "../../db/database.ts";
import { type RegionScope, regionIn } from "../platform/region-scope.ts";
import type { RowError } from "./csv.ts";
import type { ImportTable } from "./import-history.table.ts";

export interface ImportRecord {
  kind: ImportTable["kind"];
  fileName: string | null;
  rows: number;
  imported: number;
  errors: RowError[];
}

/** Appends the record of one file; answers its id. */
export async function insertImportRecord(ex: Executor, actor: Actor, r: ImportRecord) {
  const row = await ex
    .insertInto("imports")
    .values({
      kind: r.kind,
      file_name: r.fileName,
      rows: r.rows,
      imported: r.imported,
      accepted: r.errors.length === 0,
      report: JSON.stringify(r.errors),
      operator_id: actor.operatorId,
      operator_login: actor.login,
      region_code: actor.regionCode,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

const SUMMARY = [
  "id",
  "kind",
  "file_name",
  "rows",
  "imported",
  "accepted",
  "operator_login",
  "region_code",
  "created_at",
] as const;

/**
 * Imports an operator may read: those made by operators of their scope, newest first. Imports by
 * the system (CLI, demo, region null) are the scope-less readers' only (admin without a region).
 */
export function listImports(ex: Executor, scope: RegionScope, before: bigint | null, limit: number) {
  let q = ex
    .selectFrom("imports")
    .select(SUMMARY)
    .where(regionIn("region_code", scope))
    .orderBy("id", "desc")
    .limit(limit);
  if (before !== null) q = q.where("id", "<", before);
  return q.execute();
}

export function findImport(ex: Executor, scope: RegionScope, id: bigint) {
  return ex
    .selectFrom("imports")
    .select([...SUMMARY, "report"])
    .where("id", "=", id)
    .where(regionIn("region_code", scope))
    .executeTakeFirst();
}
