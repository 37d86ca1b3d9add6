import { YibaoError, fieldError } from "@yibao/core/errors";
import { type Actor, recordAudit } from "../../audit/audit.ts";
import type { Db, Executor } from "../../db/database.ts";
import { inScope, regionScope } from "../platform/region-scope.ts";
import type { SettlementContext } from "./context.ts";
import { insertStep, lockReimbursement } from "./manual-steps.repository.ts";
import { reverseSettlement } from "./settle.service.ts";

const unknown = (id: bigint) =>
  new YibaoError("SETL_MANUAL_UNKNOWN", `No manual reimbursement ${id}`, { field: "id" });

/** The reimbursement, locked, if the operator's regions hold its person (else as if it did not exist). */
async function ownReimbursement(ex: Executor, actor: Actor, id: bigint) {
  const m = await lockReimbursement(ex, id);
  if (!m || !inScope(await regionScope(ex, actor), m.region_code)) throw unknown(id);
  return m;
}

const text = (v: string | undefined, field: string, required: boolean) => {
  const t = (v ?? "").trim();
  if (required && t === "") throw fieldError("FIELD_REQUIRED", field, `${field} is required`);
  return t;
};

/**
 * 复核: a second operator (not the one who entered it) approves the entered reimbursement, or
 * rejects it with a note, which reverses its settlement (a new, negating entry) in the same
 * transaction. Once per reimbursement; audited.
 */
export async function reviewReimbursement(
  db: Db,
  ctx: SettlementContext,
  actor: Actor,
  id: bigint,
  input: { decision: "approve" | "reject"; note?: string },
  now: Date,
) {
  return db.transaction().execute(async (trx) => {
    const m = await ownReimbursement(trx, actor, id);
    if (m.steps.some((s) => s.step === "review"))
      throw new YibaoError("SETL_MANUAL_STEP_DONE", `Reimbursement ${id} was reviewed already`, {
        field: "id",
      });
    if (m.operator_id !== null && m.operator_id === actor.operatorId)
      throw new YibaoError("SETL_MANUAL_SAME_OPERATOR", "Another operator reviews what you entered", {
        field: "id",
      });
    if (m.reversed_by !== null)
      throw new YibaoError("SETL_ALREADY_REVERSED", `Settlement ${m.setl_id} is reversed`, { field: "id" });
    const reject = input.decision === "reject";
    const note = text(input.note, "note", reject);
    const reversal = reject
      ? await reverseSettlement(trx, { setlId: m.setl_id, msgid: null, now }, ctx)
      : null;
    const step = await insertStep(trx, {
      reimbursement_id: id,
      step: "review",
      outcome: reject ? "rejected" : "approved",
      note,
      operator_id: actor.operatorId,
      operator_login: actor.login,
      at: now,
    });
    await recordAudit(trx, actor, {
      action: `manual.review.${reject ? "reject" : "approve"}`,
      entity: "manual_reimbursements",
      entityId: id,
      after: { ...step, reversal: reversal?.setlId ?? null },
    });
    return { outcome: step.outcome, reversedBy: reversal?.setlId ?? null };
  });
}

/** 支付: the fund's part paid to the person, with the transfer's reference; after an approval only. Once; audited. */
export async function payReimbursement(
  db: Db,
  actor: Actor,
  id: bigint,
  input: { reference: string; note?: string },
  now: Date,
) {
  return db.transaction().execute(async (trx) => {
    const m = await ownReimbursement(trx, actor, id);
    if (m.steps.some((s) => s.step === "payment"))
      throw new YibaoError("SETL_MANUAL_STEP_DONE", `Reimbursement ${id} was paid already`, { field: "id" });
    const review = m.steps.find((s) => s.step === "review");
    if (review?.outcome !== "approved" || m.reversed_by !== null)
      throw new YibaoError("SETL_MANUAL_NOT_REVIEWED", `Reimbursement ${id} is not approved`, {
        field: "id",
      });
    const reference = text(input.reference, "reference", true);
    const step = await insertStep(trx, {
      reimbursement_id: id,
      step: "payment",
      outcome: "paid",
      reference,
      note: text(input.note, "note", false),
      operator_id: actor.operatorId,
      operator_login: actor.login,
      at: now,
    });
    await recordAudit(trx, actor, {
      action: "manual.pay",
      entity: "manual_reimbursements",
      entityId: id,
      after: { ...step, amount: String(m.fund_pay) },
    });
    return { outcome: step.outcome };
  });
}
