import { type Kysely, sql } from "kysely";

/**
 * Contribution assessments by period and kind: the month's employee assessments (their
 * collection, the month's account credit) and a year's resident ones are read by period, which no
 * index had, so each such read scanned every assessment of every period (at a million insured,
 * 4.4 million rows a year, several times a month). Few distinct keys: btree deduplication keeps
 * the index small (about 3 MB for 440,000 assessments). And enrolments by region and scheme: a
 * county's assessment run (employees every month, residents every month for the newcomers) read
 * every enrolment of every county.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index contribution_assessments_period on contribution_assessments (period, kind)`.execute(
    db,
  );
  await sql`create index enrolments_region on enrolments (region_code, insutype)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index enrolments_region`.execute(db);
  await sql`drop index contribution_assessments_period`.execute(db);
}
