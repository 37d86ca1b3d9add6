import { type Kysely, sql } from "kysely";

/**
 * An invoice (票据) is reimbursed once, whoever it is claimed for: its issuer and number name one
 * bill of one patient. The key was (person, issuer, number), so the same invoice could be
 * reimbursed again under another person's number. The constraint keeps its name (the service
 * tells a lost race by it). Fails, naming the constraint, if such double reimbursements exist:
 * they are for the agency to recover, not for a migration to hide.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table manual_reimbursements drop constraint manual_reimbursements_invoice;
    alter table manual_reimbursements
      add constraint manual_reimbursements_invoice unique (institution_code, invoice_no);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table manual_reimbursements drop constraint manual_reimbursements_invoice;
    alter table manual_reimbursements
      add constraint manual_reimbursements_invoice unique (person_id, institution_code, invoice_no);
  `.execute(db);
}
