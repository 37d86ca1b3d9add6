import { type Actor, recordAudit } from "../../audit/audit.ts";
import type { Db } from "../../db/database.ts";
import type { SettlementContext } from "./context.ts";
import { reverseSettlement } from "./settle.service.ts";

/**
 * A reversal (冲正) by an agency operator, with the reason written to the audit log: a new
 * settlement with every amount negated, accumulators, account and fund ledger restored, the
 * visit open again (settle.service.ts planReversal). A settlement is reversed once.
 */
export async function reverseByOperator(
  db: Db,
  ctx: SettlementContext,
  actor: Actor,
  input: { setlId: string; reason: string },
  now: Date,
) {
  return db.transaction().execute(async (trx) => {
    const r = await reverseSettlement(trx, { setlId: input.setlId, msgid: null, now }, ctx);
    await recordAudit(trx, actor, {
      action: "settlement.reverse",
      entity: "settlements",
      entityId: r.setlId,
      after: { reverses: input.setlId, reason: input.reason },
    });
    return r.setlId!;
  });
}
