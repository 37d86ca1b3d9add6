import { type Kysely, sql } from "kysely";

/**
 * A run pays DRG points or DIP scores (each under its own budget), per diem (按床日) or capitation
 * (按人头) hospitals, or is a monthly advance (月度预结算).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table liquidation_runs add column method text not null default 'drg' check (method in ('drg','dip','per_diem','capitation','advance'))`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table liquidation_runs drop column method`.execute(db);
}
