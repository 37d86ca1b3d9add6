import { type Kysely, sql } from "kysely";

/**
 * Monthly aggregates the dashboards read (features/analytics/refresh.ts): a city of a million
 * insured settles some six million bills a year, too many to sum on every request, so each month's
 * sums are kept here and recomputed from the ledgers by a refresh (the server every minute for the
 * current and the previous month, the simulator after each month, `yibao aggregates refresh` for a
 * whole year). Nothing here is a source of truth: a refresh deletes a month's rows and writes them
 * again from settlements, contributions, account credits, fund entries and liquidation runs.
 * region_code is the enrolment's region (a county); readers sum a region's subtree.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table settlement_monthly (
      region_code char(6) not null,
      year int not null,
      month int not null,
      insutype text not null,
      med_type text not null,
      psn_group text not null,             -- employee | retiree | resident
      maf_category text not null,          -- tk | db | jc | '' (none), on the visit's day
      payment text not null,               -- the institution's payment method, or 'manual' (零星报销)
      level char(1) not null,
      out_of_province boolean not null,    -- treated in another province than the insured region's
      settlements bigint not null,
      reversals bigint not null,
      medfee bigint not null, full_own_pay bigint not null, over_limit bigint not null,
      pre_self_pay bigint not null, in_scope bigint not null, deductible bigint not null,
      pool_pay bigint not null, large_amount_pay bigint not null, ci_pay bigint not null,
      maf_pay bigint not null, fund_pay bigint not null, person_part bigint not null,
      account_pay bigint not null, cash_pay bigint not null,
      primary key (year, month, region_code, insutype, med_type, psn_group, maf_category, payment, level,
        out_of_province)
    );
    create table fund_monthly (
      region_code char(6) not null,
      year int not null,
      month int not null,
      fund_code text not null,
      item text not null,                  -- contributions, subsidies, interest, transfers_in, ... (docs/fund.md)
      amount bigint not null,
      primary key (year, month, region_code, fund_code, item)
    );
    create table enrolment_monthly (
      region_code char(6) not null,
      year int not null,
      month int not null,
      insutype text not null,
      insured bigint not null,             -- persons insured at the month's end
      primary key (year, month, region_code, insutype)
    );
    create table aggregate_refreshes (
      year int not null,
      month int not null,
      refreshed_at timestamptz not null,   -- the refreshing job's clock
      took_ms int not null,
      primary key (year, month)
    );
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table aggregate_refreshes, enrolment_monthly, fund_monthly, settlement_monthly`.execute(db);
}
