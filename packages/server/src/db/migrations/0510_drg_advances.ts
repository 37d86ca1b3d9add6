import { type Kysely, sql } from "kysely";

/**
 * Monthly DRG advances (月度预结算): one per region and month (the run, with the month and the
 * annual budget it was asked with), and one per hospital and month (drg_advances: what was
 * advanced to it), so a repeated request cannot pay a month twice, even when copies arrive at
 * once, and the year-end liquidation subtracts exactly what the hospital was advanced.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table liquidation_runs add column period text;          -- an advance's month, yyyy-MM
    alter table liquidation_runs add column annual_budget bigint; -- the annual budget it was asked with, fen
    create unique index liquidation_runs_advance on liquidation_runs (region_code, period)
      where method = 'advance';
    create table drg_advances (
      institution_code text not null references institutions(code),
      month char(7) not null,
      run_id bigint not null references liquidation_runs(id),
      amount bigint not null check (amount >= 0),   -- fen
      primary key (institution_code, month)
    );
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop table drg_advances;
    drop index liquidation_runs_advance;
    alter table liquidation_runs drop column annual_budget;
    alter table liquidation_runs drop column period;
  `.execute(db);
}
