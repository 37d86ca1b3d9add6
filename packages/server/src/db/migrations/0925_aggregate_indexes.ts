import { type Kysely, sql } from "kysely";

/**
 * Indexes for the monthly refresh of the fund aggregates (analytics/refresh.repository.ts
 * insertFundMonths), so a month's refresh reads the month's rows instead of every ledger of the
 * year: contributions by payment day and by the start of the coverage they pay for, account
 * credits by month, and the few personal-account entries that are neither a credit nor a
 * settlement (openings and transfers).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index contribution_payments_paid_on on contribution_payments (paid_on)`.execute(db);
  await sql`create index contribution_assessments_coverage on contribution_assessments (coverage_start)`.execute(
    db,
  );
  await sql`create index account_credits_month on account_credits (month)`.execute(db);
  await sql`create index account_ledger_moves on account_ledger (kind)
    where kind in ('opening', 'transfer_in', 'transfer_out')`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index account_ledger_moves`.execute(db);
  await sql`drop index account_credits_month`.execute(db);
  await sql`drop index contribution_assessments_coverage`.execute(db);
  await sql`drop index contribution_payments_paid_on`.execute(db);
}
