import { type Kysely, sql } from "kysely";

/** NHSA gateway: per-institution access keys (HMAC variant) and sign-ins (9001). */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table nhsa_access_keys (
      access_key text primary key,
      fixmedins_code text not null references institutions(code),
      secret text not null,
      active boolean not null default true,
      created_at timestamptz not null default now()
    );
    create index nhsa_access_keys_institution on nhsa_access_keys (fixmedins_code);
    create table nhsa_sign_ins (
      sign_no text primary key,
      fixmedins_code text not null references institutions(code),
      opter_no text,
      mac text,
      ip text,
      sign_time timestamptz not null default now()
    );
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table nhsa_sign_ins, nhsa_access_keys`.execute(db);
}
