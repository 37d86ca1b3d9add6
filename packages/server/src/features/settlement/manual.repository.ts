import type { Executor } from "../../db/database.ts";

/** An invoice as manual reimbursement keys it: the issuer and the number, normalised. */
export interface Invoice {
  institution: string;
  number: string;
}

/** The settlement that already reimbursed this invoice, for whichever person, if any. */
export async function findReimbursedInvoice(ex: Executor, inv: Invoice) {
  return ex
    .selectFrom("manual_reimbursements as m")
    .innerJoin("persons as p", "p.id", "m.person_id")
    .innerJoin("settlements as s", "s.id", "m.settlement_id")
    .select(["s.setl_id", "p.psn_no"])
    .where("m.institution_code", "=", inv.institution)
    .where("m.invoice_no", "=", inv.number)
    .executeTakeFirst();
}

/** Records the invoice as reimbursed by the settlement (its unique key refuses a second one). */
export async function insertReimbursement(
  ex: Executor,
  r: { personId: bigint; invoice: Invoice; invoiceNoSent: string; setlId: string; operatorId: bigint | null },
) {
  await ex
    .insertInto("manual_reimbursements")
    .values((eb) => ({
      person_id: r.personId,
      institution_code: r.invoice.institution,
      invoice_no: r.invoice.number,
      invoice_no_sent: r.invoiceNoSent,
      settlement_id: eb.selectFrom("settlements").select("id").where("setl_id", "=", r.setlId),
      operator_id: r.operatorId,
    }))
    .execute();
}
