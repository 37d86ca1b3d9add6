import { type Kysely, sql } from "kysely";

/**
 * Manual reimbursements (零星报销): one per invoice. The invoice is named by its issuing
 * institution's code (which may be out of network or out of region, so it is not a foreign key to
 * institutions) and its number, both normalised (NFKC, trimmed, upper case; see
 * manual.service.ts); the unique key makes a second reimbursement of one invoice fail even when
 * two arrive at the same moment through different operators or keys.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table manual_reimbursements (
      id bigserial primary key,
      person_id bigint not null references persons(id),
      institution_code text not null,      -- the invoice's issuer (开票机构), normalised
      invoice_no text not null,            -- 发票号码, normalised
      invoice_no_sent text not null,       -- as the operator typed it
      settlement_id bigint not null references settlements(id),
      operator_id bigint references operators(id),
      created_at timestamptz not null default now(),
      constraint manual_reimbursements_invoice unique (person_id, institution_code, invoice_no)
    );
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table manual_reimbursements`.execute(db);
}
