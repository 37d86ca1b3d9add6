import type { Fen } from "../money/index.ts";
import type { AccumulatorDelta, Accumulators, SettlementAmounts, SettlementResult } from "./types.ts";

function negateAmounts(a: SettlementAmounts, balanceAfter: Fen): SettlementAmounts {
  const out = {} as SettlementAmounts;
  for (const k of Object.keys(a) as (keyof SettlementAmounts)[]) out[k] = -a[k];
  out.balanceAfter = balanceAfter;
  return out;
}

export function negateDelta(d: AccumulatorDelta): AccumulatorDelta {
  return {
    admissions: -d.admissions,
    deductiblePaid: -d.deductiblePaid,
    poolPaid: -d.poolPaid,
    largeAmountPaid: -d.largeAmountPaid,
    ciBurden: -d.ciBurden,
    ciPaid: -d.ciPaid,
    mafDeductiblePaid: -d.mafDeductiblePaid,
    mafPaid: -d.mafPaid,
    balance: -d.balance,
  };
}

/**
 * The reversal (冲正, 2208/2305) of a settlement: every amount negated and the opposite delta, so
 * applying it restores the accumulators exactly. Its balc is the balance after the refund to the
 * personal account, so the caller passes the balance at the time of the reversal.
 */
export function reverseResult(original: SettlementResult, balanceBefore: Fen): SettlementResult {
  const delta = negateDelta(original.delta);
  return {
    amounts: negateAmounts(original.amounts, balanceBefore + delta.balance),
    funds: original.funds.map((f) => ({ fundPayType: f.fundPayType, amount: -f.amount })),
    lines: original.lines.map((l) => ({
      code: l.code,
      amount: -l.amount,
      fullOwnPay: -l.fullOwnPay,
      overLimit: -l.overLimit,
      preSelfPay: -l.preSelfPay,
      inScope: -l.inScope,
    })),
    delta,
  };
}

/** Accumulators (and balance) after a delta. */
export function applyDelta(
  acc: Accumulators & { balance: Fen },
  d: AccumulatorDelta,
): Accumulators & { balance: Fen } {
  return {
    admissions: acc.admissions + d.admissions,
    deductiblePaid: acc.deductiblePaid + d.deductiblePaid,
    poolPaid: acc.poolPaid + d.poolPaid,
    largeAmountPaid: acc.largeAmountPaid + d.largeAmountPaid,
    ciBurden: acc.ciBurden + d.ciBurden,
    ciPaid: acc.ciPaid + d.ciPaid,
    mafDeductiblePaid: acc.mafDeductiblePaid + d.mafDeductiblePaid,
    mafPaid: acc.mafPaid + d.mafPaid,
    balance: acc.balance + d.balance,
  };
}

export const ZERO_ACCUMULATORS: Accumulators = {
  admissions: 0,
  deductiblePaid: 0n,
  poolPaid: 0n,
  largeAmountPaid: 0n,
  ciBurden: 0n,
  ciPaid: 0n,
  mafDeductiblePaid: 0n,
  mafPaid: 0n,
};
