import { type Kysely, sql } from "kysely";

/** Catalogues (目录) with validity periods, and benefit policies as versioned data. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table catalogue_entries (
      id bigserial primary key,
      code text not null,                  -- med_list_codg (national code)
      name text not null,
      kind text not null check (kind in ('drug','service','material')),
      chrgitm_type text not null,          -- med_chrgitm_type 01..14
      class char(1) not null check (class in ('A','B','C')),   -- 甲/乙/丙 (chrgitm_lv 01/02/03)
      self_pay_ratio int not null default 0 check (self_pay_ratio between 0 and 10000),  -- 先行自付, scale 4
      price_cap bigint check (price_cap >= 0),   -- 限价 per unit, scale 6 (micro-yuan)
      restrictions jsonb not null default '{}',  -- sex, ageMin, ageMax, levels, setting, maxPerDay
      valid_from date not null,
      valid_to date,                       -- null = open-ended; versions of one code never overlap
      created_at timestamptz not null default now()
    );
    create index catalogue_entries_code on catalogue_entries (code, valid_from);
    create table benefit_policies (
      id bigserial primary key,
      region_code char(6) not null references regions(code),
      insutype text not null,
      med_type text not null,
      year int not null,
      version int not null,
      document jsonb not null,             -- the policy in the reference-model JSON form (docs/policy.md)
      created_by text not null,
      created_at timestamptz not null default now(),
      unique (region_code, insutype, med_type, year, version)
    );
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table benefit_policies, catalogue_entries`.execute(db);
}
