import { divRoundHalfUp, fenToYuan } from "../../money/index.ts";
import { sumAmounts } from "./amounts.ts";
import type { RuleCheck } from "./types.ts";

/**
 * Data consistency of the fee lines themselves. These rules look at every line, known or not
 * (AUDIT-CONTRACT section 4).
 */

/** ≥ 2 lines with the same code, date, qty and price (numerically equal: "1" = "1.0"). */
export const duplicateLine: RuleCheck = (ctx, emit) => {
  const groups = new Map<string, number[]>();
  ctx.lines.forEach((l, i) => {
    const key = `${l.code}\u0000${l.day}\u0000${l.qty}\u0000${l.price}`;
    const g = groups.get(key);
    if (g) g.push(i);
    else groups.set(key, [i]);
  });
  for (const g of groups.values()) {
    if (g.length < 2) continue;
    // The first line is the legitimate charge; the repeats are at issue.
    emit(g, sumAmounts(ctx, g) - ctx.lines[g[0]!]!.amount, `${g.length} identical lines`);
  }
};

export const chargeOutsideStay: RuleCheck = (ctx, emit) => {
  const v = ctx.visit;
  ctx.lines.forEach((l, i) => {
    if (l.day < v.beg || l.day > v.end)
      emit([i], l.amount, `charged on ${l.date}, stay ${v.begndate}..${v.enddate}`);
  });
};

export const amountMismatch: RuleCheck = (ctx, emit) => {
  ctx.lines.forEach((l, i) => {
    const expected = ctx.charged[i]!;
    if (l.amount === expected) return;
    const diff = l.amount > expected ? l.amount - expected : expected - l.amount;
    emit([i], diff, `amount ${l.amountText} != qty x price ${fenToYuan(expected)}`);
  });
};

/**
 * Days of supply above rx_days_max_<med_type> (11, 14, 41, 51; blank = no limit). The amount is
 * the share of the line for the days over: amt × (days − m) / days, half up to the fen.
 */
export const rxDaysOverLimit: RuleCheck = (ctx, emit) => {
  const m = ctx.params.rxDaysMax[ctx.visit.medType];
  if (m === null || m === undefined) return;
  ctx.lines.forEach((l, i) => {
    if (l.kind !== "drug" || l.days === null || l.days <= m) return;
    emit(
      [i],
      divRoundHalfUp(l.amount * BigInt(l.days - m), BigInt(l.days)),
      `${l.days} days supplied, limit ${m}`,
    );
  });
};
