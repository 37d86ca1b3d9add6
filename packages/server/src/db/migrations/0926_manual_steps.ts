import { type Kysely, sql } from "kysely";

/**
 * The steps after a manual reimbursement (零星报销) is entered: its review by a second operator
 * (复核: approved, or rejected and its settlement reversed) and its payment to the person (支付,
 * with the transfer's reference). One of each per reimbursement; append-only.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table manual_reimbursement_steps (
      id bigserial primary key,
      reimbursement_id bigint not null references manual_reimbursements(id),
      step text not null check (step in ('review', 'payment')),
      outcome text not null check (outcome in ('approved', 'rejected', 'paid')),
      reference text not null default '',
      note text not null default '',
      operator_id bigint references operators(id),
      operator_login text not null,
      at timestamptz not null,
      unique (reimbursement_id, step)
    );
    create trigger manual_reimbursement_steps_append_only before update or delete on manual_reimbursement_steps
      for each row execute function refuse_change_of_append_only();
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table manual_reimbursement_steps`.execute(db);
}
