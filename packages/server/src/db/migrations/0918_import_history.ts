import { type Kysely, sql } from "kysely";

/**
 * The history of CSV imports (批量导入, features/registry/import.service.ts), one row per file sent,
 * accepted or refused (append-only): who, when, the kind, the file's name, its rows, how many were
 * imported, and the report (every bad row: row, field, code, message). An accepted file's row is
 * written in the transaction of its rows; a refused one's on its own, after nothing was imported.
 * `region_code` is the importing operator's: who may read the row (their scope).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table imports (
      id bigserial primary key,
      kind text not null check (kind in ('persons','employers','enrolments','assistance')),
      file_name text,
      rows integer not null check (rows >= 0),
      imported integer not null check (imported >= 0),
      accepted boolean not null,
      report jsonb not null,
      operator_id bigint references operators(id),
      operator_login text not null,
      region_code char(6),
      created_at timestamptz not null default now()
    );
    create index imports_by_region on imports (region_code, id);
    create trigger imports_no_update_delete before update or delete on imports
      for each row execute function refuse_change_of_append_only();
    create trigger imports_no_truncate before truncate on imports
      for each statement execute function refuse_change_of_append_only();
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table imports`.execute(db);
}
