import { type Kysely, sql } from "kysely";

/**
 * Inter-region clearing (异地就医清算): one statement per month and region pair (lower code as
 * region_a), both directions and the net, and the settlements behind it. A settlement is cleared
 * once (clearing_items.settlement_id is unique); a reversal is a settlement of its own month.
 * Amounts are fen; the checks keep the net equal to its directions.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table clearing_statements (
      id bigserial primary key,
      month char(7) not null,              -- yyyy-MM, Beijing time of the settlements
      region_a char(6) not null references regions(code),
      region_b char(6) not null references regions(code),
      a_to_b_count int not null, a_to_b_fund bigint not null, a_to_b_account bigint not null, a_to_b bigint not null,
      b_to_a_count int not null, b_to_a_fund bigint not null, b_to_a_account bigint not null, b_to_a bigint not null,
      net bigint not null,                 -- a_to_b - b_to_a: positive, region_a pays region_b
      status text not null check (status in ('issued','confirmed','paid')),
      issued_by text not null, issued_at timestamptz not null,
      confirmed_by text, confirmed_at timestamptz,
      paid_by text, paid_at timestamptz, payment_ref text,
      unique (month, region_a, region_b),
      check (region_a < region_b),
      check (a_to_b = a_to_b_fund + a_to_b_account and b_to_a = b_to_a_fund + b_to_a_account),
      check (net = a_to_b - b_to_a)
    );
    create table clearing_items (
      statement_id bigint not null references clearing_statements(id),
      settlement_id bigint not null unique references settlements(id),
      payer char(6) not null,              -- the insured region (clr_optins)
      payee char(6) not null,              -- the treatment region
      fund_pay bigint not null,
      account_pay bigint not null,
      primary key (statement_id, settlement_id)
    );
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table clearing_items, clearing_statements`.execute(db);
}
