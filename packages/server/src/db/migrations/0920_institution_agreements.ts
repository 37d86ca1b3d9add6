import { type Kysely, sql } from "kysely";

/**
 * Service agreements of designated institutions (定点医药机构服务协议), each with its number and
 * days, and their early terminations (解除协议) as entries of their own: both append-only. The
 * institution's agreement_from/to stay what the gateway checks, kept as the window of its
 * agreements (core/registry/agreements.ts). Every institution gets its present agreement as the
 * first one, numbered from its code and start.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table institution_agreements (
      id bigserial primary key,
      institution_code text not null references institutions(code),
      agreement_no text not null unique,
      valid_from date not null,
      valid_to date,
      scope text not null default '',
      recorded_by text not null,
      recorded_at timestamptz not null default now(),
      check (valid_to is null or valid_to >= valid_from)
    );
    create index institution_agreements_institution on institution_agreements (institution_code, valid_from);
    create trigger institution_agreements_append_only before update or delete on institution_agreements
      for each row execute function refuse_change_of_append_only();
    create table agreement_terminations (
      agreement_id bigint primary key references institution_agreements(id),
      last_day date not null,
      reason text not null,
      recorded_by text not null,
      recorded_at timestamptz not null default now()
    );
    create trigger agreement_terminations_append_only before update or delete on agreement_terminations
      for each row execute function refuse_change_of_append_only();
    insert into institution_agreements (institution_code, agreement_no, valid_from, valid_to, recorded_by)
      select code, 'XY' || code || to_char(agreement_from, 'YYYYMMDD'), agreement_from, agreement_to, 'migration'
      from institutions order by code;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table agreement_terminations; drop table institution_agreements`.execute(db);
}
