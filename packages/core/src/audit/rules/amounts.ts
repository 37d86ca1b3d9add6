import { fen } from "../exact.ts";
import { type Fen, formatScaled } from "../../money/index.ts";
import type { VisitContext } from "../context.ts";

/** Sum of the stated amounts amt(L) of some lines. */
export function sumAmounts(ctx: VisitContext, lines: readonly number[]): Fen {
  let s = 0n;
  for (const i of lines) s += ctx.lines[i]!.amount;
  return s;
}

/** Sum of the quantities of some lines (scale 4). */
export function sumQty(ctx: VisitContext, lines: readonly number[]): bigint {
  let s = 0n;
  for (const i of lines) s += ctx.lines[i]!.qty;
  return s;
}

/**
 * alloc(G, E) of the contract: an excess quantity E charged to the lines G from the last one in
 * input order backwards, each taking min(qty, what is left of E); the amount is the sum of
 * fen(taken, price).
 */
export function alloc(ctx: VisitContext, group: readonly number[], excess: bigint): Fen {
  const sorted = [...group].sort((a, b) => a - b);
  let left = excess;
  let amount = 0n;
  for (let k = sorted.length - 1; k >= 0 && left > 0n; k--) {
    const l = ctx.lines[sorted[k]!]!;
    const taken = l.qty < left ? l.qty : left;
    amount += fen(taken, l.price);
    left -= taken;
  }
  return amount;
}

/** A scale-4 quantity as a short decimal ("6.5", "14"), for evidence texts. */
export function qtyText(qty: bigint): string {
  return formatScaled(qty, 4).replace(/\.?0+$/, "");
}
