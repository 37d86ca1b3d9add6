import { type Kysely, sql } from "kysely";

/**
 * National cryptography per institution (国密): SM3withSM2 `cainfo` signatures verified with the
 * institution's SM2 public key (public: stored in clear), SM4 input/output under a key shared with
 * it (sealed like the HMAC secrets, security/secret-box.ts). No row: neither.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table nhsa_crypto (
      fixmedins_code text primary key references institutions (code),
      sign_type text check (sign_type in ('SM2')),
      sm2_public_key text,
      enc_type text check (enc_type in ('SM4')),
      sm4_key_enc text,
      updated_at timestamptz not null,
      check ((sign_type is null) = (sm2_public_key is null)),
      check ((enc_type is null) = (sm4_key_enc is null))
    )
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table nhsa_crypto`.execute(db);
}
