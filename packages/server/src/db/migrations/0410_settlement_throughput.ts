import { type Kysely, sql } from "kysely";

/**
 * Settlement at throughput (docs/benchmarks.md):
 * - Optimistic concurrency. A visit carries a version that every change of the visit or its fee
 *   lines bumps; a settlement stores only if the visit, the person's accumulators and account are
 *   as it read them (db/statement.ts).
 * - A fee line number may be used again once its line is cancelled (a HIS re-uploads a corrected
 *   line under the same feedetl_sn after 2205), so it is unique among live lines only.
 * - Fee lines and ledger rows carry no foreign key: they are only ever inserted by the statement
 *   that locks (and bumps) their visit or inserts their settlement, and visits and settlements are
 *   never deleted, so the key could never fail; checking it cost a fifth of an upload (one lookup
 *   per line). Visits and settlements keep theirs.
 * - A settlement is unique as the reversal of another only when it is one (most are not: the
 *   index skips them).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table visits add column version int not null default 0;
    alter table fee_lines drop constraint fee_lines_visit_id_feedetl_sn_key;
    create unique index fee_lines_live_sn on fee_lines (visit_id, feedetl_sn) where not cancelled;
    alter table fee_lines drop constraint fee_lines_visit_id_fkey;
    alter table fund_ledger drop constraint fund_ledger_settlement_id_fkey;
    alter table settlements drop constraint settlements_reverses_id_key;
    create unique index settlements_reversal on settlements (reverses_id) where reverses_id is not null;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop index settlements_reversal;
    alter table settlements add constraint settlements_reverses_id_key unique (reverses_id);
    alter table fund_ledger add foreign key (settlement_id) references settlements(id);
    alter table fee_lines add foreign key (visit_id) references visits(id);
    drop index fee_lines_live_sn;
    alter table fee_lines add constraint fee_lines_visit_id_feedetl_sn_key unique (visit_id, feedetl_sn);
    alter table visits drop column version;
  `.execute(db);
}
