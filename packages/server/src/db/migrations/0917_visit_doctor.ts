import { type Kysely, sql } from "kysely";

/**
 * The attending doctor of a visit (主治医生, atddr_no of 2201 / 2401, the 医保医师 code), so a
 * case's findings name the doctor and the doctors' points (医保医师积分) can be kept. Null for
 * visits opened without one, and for those before this migration.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table visits add column atddr_no text`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table visits drop column atddr_no`.execute(db);
}
