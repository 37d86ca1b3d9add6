import { type Kysely, sql } from "kysely";

/**
 * Settlement: year-to-date accumulators, visits (就诊), fee lines, settlements (结算, with their
 * reversals as new rows) and the fund's double-entry ledger.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table person_accumulators (
      person_id bigint not null references persons(id),
      year int not null,
      admissions int not null default 0,
      deductible_paid bigint not null default 0,
      pool_paid bigint not null default 0,
      large_amount_paid bigint not null default 0,
      ci_burden bigint not null default 0,
      ci_paid bigint not null default 0,
      maf_deductible_paid bigint not null default 0,
      maf_paid bigint not null default 0,
      opening jsonb,                       -- opening balances loaded at migration (期初), if any
      primary key (person_id, year)
    );
    create table visits (
      id bigserial primary key,
      mdtrt_id text not null unique,       -- 就诊ID
      person_id bigint not null references persons(id),
      enrolment_id bigint not null references enrolments(id),
      insutype text not null,
      med_type text not null,
      institution_code text references institutions(code),   -- null for manual reimbursement
      level char(1) not null check (level in ('1','2','3')),
      begntime timestamptz not null,
      endtime timestamptz,
      ipt_otp_no text,
      dise_codg text,
      status text not null check (status in ('open','discharged','settled','cancelled')),
      created_at timestamptz not null default now()
    );
    create index visits_person on visits (person_id, begntime);
    create index visits_institution on visits (institution_code, begntime);
    create table fee_lines (
      id bigserial primary key,
      visit_id bigint not null references visits(id),
      feedetl_sn text not null,            -- the hospital's line number
      init_feedetl_sn text,                -- for refund lines: the line refunded
      code text not null,                  -- med_list_codg
      name text,
      class char(1) not null check (class in ('A','B','C')),
      chrgitm_type text,
      price bigint not null,               -- pric, scale 6
      quantity bigint not null,            -- cnt, scale 4 (negative for refunds)
      price_cap bigint,                    -- scale 6
      self_pay_ratio int,                  -- scale 4
      amount bigint not null,              -- det_item_fee_sumamt, fen
      fee_time timestamptz not null,
      restricted_reason text,              -- why a line was paid as class C (restriction broken)
      cancelled boolean not null default false,
      unique (visit_id, feedetl_sn)
    );
    create table settlements (
      id bigserial primary key,
      setl_id text not null unique,
      visit_id bigint not null references visits(id),
      person_id bigint not null references persons(id),
      year int not null,
      kind text not null check (kind in ('settle','reverse')),
      reverses_id bigint unique references settlements(id),
      msgid text,                          -- medins_setl_id
      medfee bigint not null, full_own_pay bigint not null, over_limit bigint not null,
      pre_self_pay bigint not null, in_scope bigint not null, deductible bigint not null,
      pool_pay bigint not null, pool_prop_self_pay bigint not null, large_amount_pay bigint not null,
      ci_pay bigint not null, maf_pay bigint not null, fund_pay bigint not null,
      person_part bigint not null, account_pay bigint not null, cash_pay bigint not null,
      balance_after bigint not null,
      funds jsonb not null,                -- setldetail [{fundPayType, amount}]
      delta jsonb not null,                -- accumulator changes, for the reversal
      setl_time timestamptz not null default now(),
      check (medfee = fund_pay + person_part),
      check (person_part = account_pay + cash_pay)
    );
    create index settlements_person on settlements (person_id, year);
    create index settlements_time on settlements (setl_time);
    -- Double entry: every settlement posts balanced rows; a reversal posts the opposite rows.
    create table fund_ledger (
      id bigserial primary key,
      settlement_id bigint not null references settlements(id),
      account text not null,               -- 'fund:310100', 'payable:H53010000001', 'payable:person:<psn_no>'
      debit bigint not null default 0 check (debit >= 0),
      credit bigint not null default 0 check (credit >= 0),
      at timestamptz not null default now()
    );
    create index fund_ledger_settlement on fund_ledger (settlement_id);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table fund_ledger, settlements, fee_lines, visits, person_accumulators`.execute(db);
}
