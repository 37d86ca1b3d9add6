import { type Kysely, sql } from "kysely";
import { loadConfig } from "../../config.ts";
import { loadSecretBox } from "../../security/secret-key.ts";

/**
 * Gateway access keys as a life cycle: issued (shown once), rotated (the old key keeps working
 * until `expires_at`), revoked (`revoked_at`, at once). The secret is stored sealed (AES-256-GCM,
 * security/secret-box.ts) in `secret_enc`; keys stored in clear by earlier versions are sealed
 * here under the configured secret key and the clear column is dropped. `last_used_at` is
 * written at most once a minute per key by the gateway, off the request path. `id` names a key
 * in the API and the CLI, so that the access key itself can be shown masked.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table nhsa_access_keys add column id bigserial unique;
    alter table nhsa_access_keys add column secret_enc text;
    alter table nhsa_access_keys add column expires_at timestamptz;
    alter table nhsa_access_keys add column revoked_at timestamptz;
    alter table nhsa_access_keys add column last_used_at timestamptz;
    alter table nhsa_access_keys add column rotated_from bigint references nhsa_access_keys(id);
  `.execute(db);
  const clear = await sql<{ access_key: string; secret: string }>`
    select access_key, secret from nhsa_access_keys`.execute(db);
  if (clear.rows.length > 0) {
    const box = loadSecretBox(loadConfig());
    for (const r of clear.rows) {
      await sql`update nhsa_access_keys set secret_enc = ${box.seal(r.secret, r.access_key)}
        where access_key = ${r.access_key}`.execute(db);
    }
  }
  await sql`
    update nhsa_access_keys set revoked_at = now() where not active and revoked_at is null;
    alter table nhsa_access_keys alter column secret_enc set not null;
    alter table nhsa_access_keys drop column secret;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  // The clear secrets are gone: going back leaves every key unusable (revoked), on purpose.
  await sql`
    alter table nhsa_access_keys add column secret text not null default '';
    update nhsa_access_keys set active = false;
    alter table nhsa_access_keys drop column rotated_from, drop column last_used_at,
      drop column revoked_at, drop column expires_at, drop column secret_enc, drop column id;
  `.execute(db);
}
