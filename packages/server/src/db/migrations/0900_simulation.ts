import { type Kysely, sql } from "kysely";

/**
 * The region simulator's own record (features/simulation): one run per region and year with the
 * options it was started with, and every batch of every stage it finished, so an interrupted run
 * continues where it stopped. A batch is recorded in the same transaction as its writes where
 * the stage writes in a transaction; settlements (written one statement at a time by the
 * settlement service) are found again by their visit numbers when a batch is repeated.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table simulation_runs (
      id bigserial primary key,
      region_code char(6) not null,
      year int not null,
      seed bigint not null,
      insured int not null,
      options jsonb not null,
      started_at timestamptz not null,
      finished_at timestamptz,
      unique (region_code, year)
    );
    create table simulation_batches (
      run_id bigint not null references simulation_runs(id),
      stage text not null,
      batch int not null,
      detail jsonb,
      done_at timestamptz not null,
      primary key (run_id, stage, batch)
    );
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table simulation_batches, simulation_runs`.execute(db);
}
