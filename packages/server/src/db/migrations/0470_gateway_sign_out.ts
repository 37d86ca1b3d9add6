import { type Kysely, sql } from "kysely";

/** 9002 sign-out (签退): when a sign-in number was signed out (null while it is signed in). */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table nhsa_sign_ins add column sign_out_time timestamptz`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table nhsa_sign_ins drop column sign_out_time`.execute(db);
}
