import { type Kysely, sql } from "kysely";

/** Designated medical institutions and pharmacies (定点医药机构) under agreement with the agency. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table institutions (
      code text primary key,               -- fixmedins_code (定点医药机构编号), 12 characters
      name text not null,                  -- fixmedins_name
      kind text not null check (kind in ('hospital','primary','pharmacy')),
      level text not null check (level in ('1','2','3')),   -- 医院等级: 1 primary, 2 secondary, 3 tertiary
      region_code char(6) not null references regions(code),
      -- how inpatient cases are paid: fee-for-service, DRG points, DIP scores, per diem, capitation
      payment_method text not null default 'drg' check (payment_method in ('ffs','drg','dip','per_diem','capitation')),
      agreement_from date not null,
      agreement_to date,
      active boolean not null default true,
      created_at timestamptz not null default now()
    );
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table institutions`.execute(db);
}
