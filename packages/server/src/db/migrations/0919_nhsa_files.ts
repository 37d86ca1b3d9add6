import { type Kysely, sql } from "kysely";

/**
 * Files institutions upload with 9101 (文件上传), named afterwards by their `file_qury_no`: the
 * 3202 detail file (对明细账) of the national interface. A file is its sender's: no other
 * institution can name it. Rows are never changed.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table nhsa_files (
      id bigserial primary key,
      file_qury_no text not null unique,
      fixmedins_code text not null,
      filename text not null,
      content bytea not null,
      bytes integer not null,
      sha256 text not null,
      msgid text not null,
      uploaded_at timestamptz not null,
      expires_at timestamptz not null
    );
    create index nhsa_files_sender on nhsa_files (fixmedins_code, uploaded_at);
    create trigger nhsa_files_no_update before update on nhsa_files
      for each row execute function refuse_change_of_append_only();
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table nhsa_files`.execute(db);
}
