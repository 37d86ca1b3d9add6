import { type Kysely, sql } from "kysely";

/**
 * Optimistic concurrency for settlement. A visit carries a version that every change of the
 * visit or its fee lines bumps; a settlement stores only if the visit, the person's
 * accumulators and account are as it read them (see db/statement.ts). A fee line number may be
 * used again once its line is cancelled (a HIS re-uploads a corrected line under the same
 * feedetl_sn after 2205), so it is unique among live lines only.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table visits add column version int not null default 0;
    alter table fee_lines drop constraint fee_lines_visit_id_feedetl_sn_key;
    create unique index fee_lines_live_sn on fee_lines (visit_id, feedetl_sn) where not cancelled;
    create index settlements_visit on settlements (visit_id);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop index settlements_visit;
    drop index fee_lines_live_sn;
    alter table fee_lines add constraint fee_lines_visit_id_feedetl_sn_key unique (visit_id, feedetl_sn);
    alter table visits drop column version;
  `.execute(db);
}
