import type { Fen } from "../money/index.ts";

/**
 * Inter-region clearing (异地就医清算), pure. An out-of-region settlement was paid by the insured
 * region's funds (fund_pay_sumamt) and the person's account there (acct_pay) to an institution of
 * the treatment region: the insured region's agency owes the treatment region's that sum (the
 * cash part the patient paid the hospital directly). A reversal owes it back (negative).
 */
export interface ClearingItem {
  payer: string; // the insured region (clr_optins)
  payee: string; // the treatment region
  fundPay: Fen;
  accountPay: Fen;
}

export const clearedAmount = (i: Pick<ClearingItem, "fundPay" | "accountPay">): Fen =>
  i.fundPay + i.accountPay;

/** One direction of a region pair: what `payer` owes `payee` for the month. */
export interface ClearingFlow {
  payer: string;
  payee: string;
  settlements: number;
  fundPay: Fen;
  accountPay: Fen;
  amount: Fen;
}

/** A region pair's month: both directions and the net (positive: regionA pays regionB). */
export interface ClearingFigures {
  regionA: string; // the lower code of the pair
  regionB: string;
  aToB: ClearingFlow;
  bToA: ClearingFlow;
  net: Fen;
  netPayer: string | null; // null when the two directions cancel out
}

/** The pair a settlement belongs to, lower code first. */
export const regionPair = (i: Pick<ClearingItem, "payer" | "payee">): [string, string] =>
  i.payer < i.payee ? [i.payer, i.payee] : [i.payee, i.payer];

const emptyFlow = (payer: string, payee: string): ClearingFlow => ({
  payer,
  payee,
  settlements: 0,
  fundPay: 0n,
  accountPay: 0n,
  amount: 0n,
});

/** Nets the settlements of one region pair: each figure is the exact sum of the items behind it. */
export function netClearing(regionA: string, regionB: string, items: ClearingItem[]): ClearingFigures {
  const aToB = emptyFlow(regionA, regionB);
  const bToA = emptyFlow(regionB, regionA);
  for (const i of items) {
    const flow =
      i.payer === regionA && i.payee === regionB
        ? aToB
        : i.payer === regionB && i.payee === regionA
          ? bToA
          : null;
    if (!flow) throw new Error(`settlement ${i.payer}->${i.payee} is not of the pair ${regionA}/${regionB}`);
    flow.settlements += 1;
    flow.fundPay += i.fundPay;
    flow.accountPay += i.accountPay;
    flow.amount += clearedAmount(i);
  }
  const net = aToB.amount - bToA.amount;
  return { regionA, regionB, aToB, bToA, net, netPayer: net > 0n ? regionA : net < 0n ? regionB : null };
}
