import { type Kysely, sql } from "kysely";

/**
 * What 3201 (totals) and 3202 (detail) reconciliation found, one row per accepted message
 * (append-only): the period, the totals of both sides (fen, settlements minus reversals) and, for
 * 3202, the settlements that differ. The agency's reconciliation reports read it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table nhsa_reconciliations (
      id bigserial primary key,
      fixmedins_code text not null,
      infno char(4) not null check (infno in ('3201','3202')),
      msgid text not null,
      begin_date char(10) not null,        -- yyyy-MM-dd, Beijing days
      end_date char(10) not null,
      insutype text,
      clr_type text,
      consistent boolean not null,
      ours jsonb not null,                 -- {count, medfee, fund, acct}, fen as strings
      theirs jsonb not null,
      differences jsonb not null,          -- 3202: [{setl_id, outcome, fields}]; 3201: [field names]
      created_at timestamptz not null
    );
    create index nhsa_reconciliations_by_institution on nhsa_reconciliations (fixmedins_code, begin_date);
    create trigger nhsa_reconciliations_append_only before update or delete on nhsa_reconciliations
      for each row execute function refuse_change_of_append_only();
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table nhsa_reconciliations`.execute(db);
}
