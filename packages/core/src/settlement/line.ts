import { type Fen, applyRatio, maxBig, mulToFen } from "../money/index.ts";
import type { FeeLine, LineResult } from "./types.ts";

const PRICE_SCALE = 6;
const QTY_SCALE = 4;

/**
 * One fee line split into its parts (SETTLEMENT.md section 3). Class C is wholly self-paid; A/B
 * lose the part above the price cap (限价), and class B its self-pay-first share (先行自付).
 * A refund line (negative quantity) yields the negated parts of the same line.
 */
export function priceLine(line: FeeLine): LineResult {
  const amount = mulToFen(line.price, PRICE_SCALE, line.quantity, QTY_SCALE);
  if (line.catalogClass === "C") {
    return { code: line.code, amount, fullOwnPay: amount, overLimit: 0n, preSelfPay: 0n, inScope: 0n };
  }
  const cap = line.priceCap ?? null;
  const overLimit: Fen =
    cap !== null && line.price > cap ? mulToFen(line.price - cap, PRICE_SCALE, line.quantity, QTY_SCALE) : 0n;
  const capped = amount - overLimit;
  const preSelfPay =
    line.catalogClass === "B" ? applyRatio(capped, maxBig(0n, line.selfPayFirstRatio ?? 0n)) : 0n;
  return { code: line.code, amount, fullOwnPay: 0n, overLimit, preSelfPay, inScope: capped - preSelfPay };
}
