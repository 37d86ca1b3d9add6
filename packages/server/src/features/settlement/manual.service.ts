import { YibaoError, fieldError, isYibaoError } from "@yibao/core/errors";
import type { Transaction } from "kysely";
import { type Actor, recordAudit } from "../../audit/audit.ts";
import type { Db, Executor } from "../../db/database.ts";
import type { DB } from "../../db/schema.ts";
import { type StoredAnswer, once } from "../../idempotency/idempotency.ts";
import type { SettlementContext } from "./context.ts";
import { type Invoice, findReimbursedInvoice, insertReimbursement } from "./manual.repository.ts";
import { settleVisit, settlementOutput } from "./settle.service.ts";
import { registerVisit, uploadFeeLines } from "./visit.service.ts";

/** A cash bill the person paid out of network (零星报销), as the agency enters it. */
export interface ManualClaim {
  psnNo: string;
  insutype: string;
  medType: string;
  level: "1" | "2" | "3";
  billDate: string; // yyyy-MM-dd
  institutionCode: string; // the invoice's issuer (开票机构): any code, in network or not
  invoiceNo: string; // 发票号码
  useAccount?: boolean;
  lines: { code: string; name?: string; pric: string; cnt: string }[];
}

/** How invoice codes and numbers compare: NFKC (full-width digits and letters are half-width), trimmed, upper case. */
export const normalised = (text: string) => text.normalize("NFKC").trim().toUpperCase();

function invoiceOf(c: ManualClaim): Invoice {
  const institution = normalised(c.institutionCode);
  if (!/^[0-9A-Z]{1,30}$/.test(institution))
    throw fieldError("FIELD_INVALID", "institutionCode", "institutionCode must be 1 to 30 letters or digits");
  const number = normalised(c.invoiceNo);
  if (number === "" || number.length > 50)
    throw fieldError("FIELD_INVALID", "invoiceNo", "invoiceNo must be 1 to 50 characters");
  return { institution, number };
}

async function duplicateOf(ex: Executor, psnNo: string, inv: Invoice): Promise<YibaoError | null> {
  const prior = await findReimbursedInvoice(ex, inv);
  if (!prior) return null;
  // another person's claim of the invoice is named as such, without its settlement
  if (prior.psn_no !== psnNo)
    return new YibaoError(
      "SETL_INVOICE_DUPLICATE",
      `Invoice ${inv.number} of ${inv.institution} was reimbursed for another person`,
      { field: "invoiceNo" },
    );
  return new YibaoError(
    "SETL_INVOICE_DUPLICATE",
    `Invoice ${inv.number} of ${inv.institution} was reimbursed by ${prior.setl_id}`,
    { field: "invoiceNo", setlId: prior.setl_id },
  );
}

/**
 * Settles a manual reimbursement once per invoice. The Idempotency-Key (scope: the operator, as
 * for every staff write) answers the operator's own retries with the first answer; without a key
 * the invoice itself is the key. Any other attempt at the same invoice (another key, another
 * operator, the number written in full-width digits, other lines) is SETL_INVOICE_DUPLICATE: the
 * table's unique key decides, so concurrent attempts cannot both pass.
 */
export async function reimburse(
  db: Db,
  ctx: SettlementContext,
  actor: Actor,
  claim: ManualClaim,
  key: string | null,
  now: Date,
): Promise<StoredAnswer<ReturnType<typeof settlementOutput>>> {
  const inv = invoiceOf(claim);
  const scopedKey = key ?? `manual:${claim.psnNo}:${inv.institution}:${inv.number}`;
  try {
    return await once(db, `op:${actor.operatorId}`, scopedKey, claim, (trx) =>
      reimburseIn(trx, ctx, actor, claim, inv, scopedKey, now),
    );
  } catch (err) {
    const lost = (err as { constraint?: string }).constraint === "manual_reimbursements_invoice";
    const sameInvoiceNoKey = !key && isYibaoError(err) && err.code === "IDEMPOTENCY_KEY_REUSED";
    if (lost || sameInvoiceNoKey) throw (await duplicateOf(db, claim.psnNo, inv)) ?? err;
    throw err;
  }
}

async function reimburseIn(
  trx: Transaction<DB>,
  ctx: SettlementContext,
  actor: Actor,
  claim: ManualClaim,
  inv: Invoice,
  key: string,
  now: Date,
) {
  const duplicate = await duplicateOf(trx, claim.psnNo, inv);
  if (duplicate) throw duplicate;
  const when = new Date(`${claim.billDate}T00:00:00Z`);
  const visit = await registerVisit(
    trx,
    {
      psnNo: claim.psnNo,
      insutype: claim.insutype,
      medType: claim.medType,
      institutionCode: null, // the payee is the person; the issuer is kept with the invoice
      level: claim.level,
      begntime: when,
    },
    ctx,
  );
  const lines = claim.lines.map((l, i) => ({ ...l, feedetlSn: String(i + 1), feeTime: when }));
  await uploadFeeLines(trx, visit.mdtrt_id, lines, ctx, "lines");
  const out = await settleVisit(
    trx,
    { mdtrtId: visit.mdtrt_id, acctUsed: Boolean(claim.useAccount), msgid: key, now },
    ctx,
  );
  await insertReimbursement(trx, {
    personId: visit.person_id,
    invoice: inv,
    invoiceNoSent: claim.invoiceNo,
    setlId: out.setlId!,
    operatorId: actor.operatorId,
  });
  const body = settlementOutput(out, key);
  await recordAudit(trx, actor, {
    action: "settlement.manual",
    entity: "settlements",
    entityId: out.setlId,
    after: { ...body.setlinfo, invoice: inv },
  });
  return { statusCode: 201, body };
}
