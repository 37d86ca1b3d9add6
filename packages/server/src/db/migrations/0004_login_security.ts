import { type Kysely, sql } from "kysely";

/**
 * Login throttling and operator life cycle. `login_throttle` counts failed logins per login name
 * (a hash of it, so a password typed into the name field is never stored) and per client address;
 * a key with too many failures in the window is locked until `locked_until`. It lives in the
 * database so that every worker process and a restart see the same counts.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table login_throttle (
      key text primary key,                -- 'name:' || sha256(login) or 'addr:' || client address
      failures int not null,
      window_start timestamptz not null,   -- first failure of the current window
      locked_until timestamptz
    );
    alter table operators add column password_changed_at timestamptz;
    alter table operators add column deactivated_at timestamptz;
    create index sessions_operator on sessions (operator_id);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop index sessions_operator;
    alter table operators drop column deactivated_at;
    alter table operators drop column password_changed_at;
    drop table login_throttle;
  `.execute(db);
}
