import { type Kysely, sql } from "kysely";

/**
 * The fund (基金管理): what the other ledgers do not already hold.
 * - fund_entries: money a fund receives or pays that is neither a contribution nor a settlement
 *   nor a hospital payment (finance subsidies, interest, transfers between funds, opening balances
 *   carried from the old system). Append-only, like the audit log (0003): a correction is a
 *   reversing entry that names the one it reverses.
 * - fund_budgets: the budget of each fund set at the start of the year, as versions (the latest
 *   one is in force; earlier ones are the record).
 * - region_populations: the resident population (常住人口) of a region and year, the denominator
 *   of the participation rate.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table fund_entries (
      id bigserial primary key,
      region_code char(6) not null references regions(code),
      fund_code text not null check (fund_code in ('310100','310200','390100','330100','390200','610100')),
      kind text not null check (kind in ('opening','subsidy','interest','transfer','other')),
      direction text not null check (direction in ('in','out')),
      amount bigint not null,              -- fen; > 0 an entry, < 0 the reversal of one
      booked_on date not null,
      reference text not null,
      pair_id bigint,                      -- a transfer: the entry on the other fund's side
      reverses_id bigint unique references fund_entries(id),
      operator_id bigint references operators(id),
      created_by text not null,
      created_at timestamptz not null default now(),
      check (kind not in ('opening','subsidy','interest') or direction = 'in')
    );
    create index fund_entries_region on fund_entries (region_code, booked_on);
    create trigger fund_entries_no_update_delete before update or delete on fund_entries
      for each row execute function refuse_change_of_append_only();
    create trigger fund_entries_no_truncate before truncate on fund_entries
      for each statement execute function refuse_change_of_append_only();
    create table fund_budgets (
      region_code char(6) not null references regions(code),
      year int not null,
      version int not null,
      fund_code text not null,
      income bigint not null check (income >= 0),
      expenditure bigint not null check (expenditure >= 0),
      note text,
      set_by text not null,
      set_at timestamptz not null,
      primary key (region_code, year, version, fund_code)
    );
    create table region_populations (
      region_code char(6) not null references regions(code),
      year int not null,
      population bigint not null check (population > 0),
      source text not null,
      set_by text not null,
      set_at timestamptz not null,
      primary key (region_code, year)
    );
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table region_populations, fund_budgets, fund_entries`.execute(db);
}
