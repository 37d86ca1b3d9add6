import { type Kysely, sql } from "kysely";

/**
 * Stored answers (idempotency) as json, not jsonb: they are only ever stored and handed back as
 * they were, which json does byte for byte and stores in a third of jsonb's time (no binary
 * tree). Large ones (a fee upload's answer, 6 KB) are compressed with lz4 where the server has it
 * (PostgreSQL 14+ built with lz4, as Debian's is; PGlite keeps pglz).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table idempotency_keys alter column response type json using response::json`.execute(db);
  await sql`
    do $$ begin
      alter table idempotency_keys alter column response set compression lz4;
    exception when others then null;
    end $$`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table idempotency_keys alter column response type jsonb using response::jsonb`.execute(db);
}
