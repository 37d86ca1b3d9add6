import { type Kysely, sql } from "kysely";

/** Platform tables: regions, operators and sessions, the audit log, idempotency keys. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table regions (
      code char(6) primary key,            -- admdvs, 6-digit administrative division code
      name text not null,
      level text not null check (level in ('province','city','county')),
      parent_code char(6) references regions(code),
      created_at timestamptz not null default now()
    );
    create table operators (
      id bigserial primary key,
      login text not null unique,
      display_name text not null,
      role text not null check (role in ('admin','agency','auditor','supervisor','leader','institution')),
      password_hash text not null,
      region_code char(6) references regions(code),
      fixmedins_code text,                 -- for role institution: the hospital/pharmacy it acts for
      active boolean not null default true,
      created_at timestamptz not null default now()
    );
    create table sessions (
      token_hash text primary key,         -- sha256 of the bearer token; the token itself is never stored
      operator_id bigint not null references operators(id),
      created_at timestamptz not null default now(),
      expires_at timestamptz not null
    );
    -- Append-only: who did what, when, with the state before and after.
    create table audit_log (
      id bigserial primary key,
      at timestamptz not null default now(),
      operator_id bigint references operators(id),
      operator_login text not null,
      action text not null,
      entity text not null,
      entity_id text,
      before jsonb,
      after jsonb,
      request_id text
    );
    create index audit_log_entity on audit_log (entity, entity_id);
    create index audit_log_operator on audit_log (operator_id, at);
    -- Idempotency keys (NHSA msgid, or the Idempotency-Key header): a replay returns the first answer.
    create table idempotency_keys (
      scope text not null,                 -- who sent it, e.g. 'nhsa:H53010100001' or 'op:12'
      key text not null,
      request_hash text not null,
      status_code int not null,
      response jsonb not null,
      created_at timestamptz not null default now(),
      primary key (scope, key)
    );
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table idempotency_keys, audit_log, sessions, operators, regions`.execute(db);
}
