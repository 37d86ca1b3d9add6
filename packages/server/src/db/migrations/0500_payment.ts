import { type Kysely, sql } from "kysely";

/**
 * Paying hospitals: discharged inpatient cases to be paid by DRG points (病案首页 data with costs),
 * liquidation runs and their per-hospital statements.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table drg_cases (
      id text primary key,                 -- the case (settlement or 病案) id
      institution_code text not null references institutions(code),
      person_ref text not null,            -- psn_no (for readmission checks)
      year int not null,                   -- discharge year
      admission date not null,
      discharge date not null,
      gender char(1) not null,
      age int not null,
      age_days int,
      weight_grams int,
      los int not null,
      discharge_way text,
      diagnoses jsonb not null,            -- principal first
      procedures jsonb not null,           -- principal first
      cost bigint not null check (cost >= 0),          -- medfee of the stay, fen
      fund_paid bigint not null check (fund_paid >= 0), -- paid by the funds at settlement, fen
      special_review boolean not null default false,   -- 特病单议
      mdc text, adrg text, drg text,       -- null until grouped
      scheme text,
      grouped_at timestamptz
    );
    create index drg_cases_year on drg_cases (year, institution_code);
    create index drg_cases_ungrouped on drg_cases (year) where drg is null;
    create table liquidation_runs (
      id bigserial primary key,
      region_code char(6) not null references regions(code),
      year int not null,
      budget bigint not null,
      total_points bigint not null,        -- x 10^4
      point_value text not null,           -- yuan per point
      weights_year int not null,
      created_by text not null,
      created_at timestamptz not null default now()
    );
    create table liquidation_statements (
      run_id bigint not null references liquidation_runs(id),
      institution_code text not null references institutions(code),
      coefficient int not null,            -- x 10^4
      points bigint not null,              -- x 10^4
      drg_amount bigint not null,
      fund_paid bigint not null,
      adjustment bigint not null,
      deduction bigint not null,
      payable bigint not null,
      advances bigint not null,
      balance_due bigint not null,
      cases jsonb not null,                -- every case: id, drg, cost, fund_paid, kind, points, readmission
      primary key (run_id, institution_code)
    );
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table liquidation_statements, liquidation_runs, drg_cases`.execute(db);
}
