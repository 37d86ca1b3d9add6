import { type Kysely, sql } from "kysely";

/** Contributions: parameters per region and year, assessments, append-only payments, account credits. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table contribution_params (
      region_code char(6) not null references regions(code),
      year int not null,
      params jsonb not null,               -- ContributionParams in decimal-string form
      updated_at timestamptz not null default now(),
      primary key (region_code, year)
    );
    -- What is owed: one row per employee enrolment per month, per resident enrolment per year.
    create table contribution_assessments (
      id bigserial primary key,
      enrolment_id bigint not null references enrolments(id),
      person_id bigint not null references persons(id),
      employer_id bigint references employers(id),
      kind text not null check (kind in ('employee','retiree','resident')),
      period text not null,                -- yyyy-MM (employees) or yyyy (residents)
      base bigint not null default 0,      -- 缴费基数
      employer_amount bigint not null default 0,
      individual_amount bigint not null default 0,
      assistance_amount bigint not null default 0,   -- 资助参保: paid by medical assistance
      government_subsidy bigint not null default 0,  -- recorded income, not owed by the person
      total bigint not null,               -- employer + individual + assistance (what must be paid)
      account_credit bigint not null default 0,      -- to the personal account once paid
      coverage_start date not null,
      created_at timestamptz not null default now(),
      unique (enrolment_id, period)
    );
    create index contribution_assessments_employer on contribution_assessments (employer_id, period);
    -- Append-only: a reversal is a new row with the negative amount that names the reversed one.
    create table contribution_payments (
      id bigserial primary key,
      assessment_id bigint not null references contribution_assessments(id),
      amount bigint not null,              -- fen; > 0 payment, < 0 reversal
      channel text not null,               -- tax, bank, wechat, alipay, counter, assistance
      reference text,
      paid_on date not null,
      reverses_id bigint unique references contribution_payments(id),
      operator_id bigint references operators(id),
      created_at timestamptz not null default now()
    );
    create index contribution_payments_assessment on contribution_payments (assessment_id);
    -- Personal-account credits from paid assessments (append-only: a claw-back after a reversed
    -- payment is a negative row). An assessment whose net credit is 0 and which is fully paid is
    -- due, so the monthly job is idempotent and resumable.
    create table account_credits (
      id bigserial primary key,
      assessment_id bigint not null references contribution_assessments(id),
      person_id bigint not null references persons(id),
      month text not null,
      amount bigint not null,
      credited_at timestamptz not null default now()
    );
    create index account_credits_assessment on account_credits (assessment_id);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table account_credits, contribution_payments, contribution_assessments, contribution_params`.execute(
    db,
  );
}
