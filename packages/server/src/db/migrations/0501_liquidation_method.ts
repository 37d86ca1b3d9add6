import { type Kysely, sql } from "kysely";

/** A liquidation run pays either DRG points or DIP scores, each under its own budget. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table liquidation_runs add column method text not null default 'drg' check (method in ('drg','dip'))`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table liquidation_runs drop column method`.execute(db);
}
