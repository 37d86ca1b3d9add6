import { type Kysely, sql } from "kysely";

/**
 * E-vouchers (医保电子凭证): short-lived signed tokens a person shows as a QR code, resolved by 1101
 * with mdtrt_cert_type 01. The token carries this row's id and its expiry, signed; the row says
 * whose it is and lets a token be refused after expiry even when its signature is right.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table e_vouchers (
      id bigserial primary key,
      person_id int8 not null references persons (id),
      issued_at timestamptz not null,
      expires_at timestamptz not null,
      issued_by text not null,
      first_used_at timestamptz
    );
    create index e_vouchers_person on e_vouchers (person_id, issued_at);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table e_vouchers`.execute(db);
}
