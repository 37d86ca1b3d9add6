import { type Kysely, sql } from "kysely";

/**
 * Registry (参保登记) base tables: persons, employers, enrolments with their status history,
 * assistance categories, personal accounts and their append-only ledger.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table persons (
      id bigserial primary key,
      psn_no text not null unique,         -- NHSA person number (人员编号)
      certno char(18) not null unique,     -- resident ID number (GB 11643), validated
      name text not null,
      gender char(1) not null check (gender in ('1','2','9')),   -- gend, derived from certno
      birth_date date not null,            -- brdy, derived from certno
      phone text,
      address text,
      household_no text,                   -- 户号
      region_code char(6) not null references regions(code),
      parent_person_id bigint references persons(id),            -- newborns: the parent
      created_at timestamptz not null default now()
    );
    create index persons_household on persons (household_no);
    create table employers (
      id bigserial primary key,
      uscc char(18) not null unique,       -- unified social credit code (统一社会信用代码), validated
      name text not null,
      region_code char(6) not null references regions(code),
      created_at timestamptz not null default now()
    );
    -- One row per enrolment of a person in a scheme; status is the current one, the history below
    -- is the record (never overwritten).
    create table enrolments (
      id bigserial primary key,
      person_id bigint not null references persons(id),
      insutype text not null,              -- 310 employee, 390 resident, ...
      psn_type text not null,              -- 1101, 1201, 1501, ...
      region_code char(6) not null references regions(code),     -- insuplc_admdvs
      employer_id bigint references employers(id),
      flexible boolean not null default false,                    -- 灵活就业
      start_date date not null,            -- psn_insu_date
      end_date date,
      benefit_start_date date,             -- benefits start after payment + waiting period; null = not yet
      status text not null check (status in ('active','suspended','terminated')),
      carried_months int not null default 0,   -- contribution months carried over by transfers
      created_at timestamptz not null default now()
    );
    create index enrolments_person on enrolments (person_id);
    create index enrolments_employer on enrolments (employer_id);
    -- No duplicate live enrolment in basic insurance (employee 310 / resident 390) for one person.
    create unique index enrolments_one_basic on enrolments (person_id)
      where status <> 'terminated' and insutype in ('310','390');
    create table enrolment_status_history (
      id bigserial primary key,
      enrolment_id bigint not null references enrolments(id),
      status text not null check (status in ('active','suspended','terminated')),
      effective_date date not null,
      reason text,
      operator_id bigint references operators(id),
      recorded_at timestamptz not null default now()
    );
    create index enrolment_status_history_enrolment on enrolment_status_history (enrolment_id, effective_date);
    -- Medical-assistance categories set by civil affairs (特困 tk, 低保 db, 监测/边缘 jc).
    create table assistance_categories (
      id bigserial primary key,
      person_id bigint not null references persons(id),
      category text not null check (category in ('tk','db','jc')),
      valid_from date not null,
      valid_to date,
      source text not null default 'civil_affairs',
      recorded_at timestamptz not null default now()
    );
    create index assistance_categories_person on assistance_categories (person_id, valid_from);
    -- Personal account (个人账户): cached balance + append-only ledger; sum(ledger) = balance always.
    create table personal_accounts (
      person_id bigint primary key references persons(id),
      balance bigint not null default 0 check (balance >= 0),
      updated_at timestamptz not null default now()
    );
    create table account_ledger (
      id bigserial primary key,
      person_id bigint not null references personal_accounts(person_id),
      amount bigint not null,              -- fen, signed: credit > 0, debit < 0
      balance_after bigint not null,
      kind text not null,                  -- opening, contribution_credit, settlement, settlement_reversal, transfer_in, transfer_out, ...
      ref_type text,
      ref_id text,
      at timestamptz not null default now()
    );
    create index account_ledger_person on account_ledger (person_id, id);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table account_ledger, personal_accounts, assistance_categories, enrolment_status_history,
    enrolments, employers, persons`.execute(db);
}
