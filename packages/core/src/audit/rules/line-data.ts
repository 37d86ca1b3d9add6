import { divRoundHalfUp, fenToYuan } from "../../money/index.ts";
import type { VisitContext } from "../context.ts";
import { sumAmounts } from "./amounts.ts";
import type { RuleCheck } from "./types.ts";

/**
 * Data consistency of the fee lines themselves. These rules look at every line, known or not
 * (AUDIT-CONTRACT section 4).
 */

/** Lines of one code split into runs of equal date, qty and price (numerically equal: "1" = "1.0"). */
function identicalRuns(ctx: VisitContext, sameCode: readonly number[]): number[][] {
  const runs: number[][] = [];
  for (const i of sameCode) {
    const l = ctx.lines[i]!;
    const run = runs.find((r) => {
      const m = ctx.lines[r[0]!]!;
      return m.day === l.day && m.qty === l.qty && m.price === l.price;
    });
    if (run) run.push(i);
    else runs.push([i]);
  }
  return runs;
}

/** ≥ 2 lines with the same code, date, qty and price: the repeats of the first are at issue. */
export const duplicateLine: RuleCheck = (ctx, emit) => {
  // Equal code and date mean the same item version, so known lines group within knownByCode;
  // the (rare) unknown lines are grouped by code here.
  let unknown: Map<string, number[]> | undefined;
  for (let i = 0; i < ctx.lines.length; i++) {
    if (ctx.items[i]) continue;
    const code = ctx.lines[i]!.code;
    unknown ??= new Map();
    unknown.set(code, [...(unknown.get(code) ?? []), i]);
  }
  const check = (sameCode: readonly number[]) => {
    if (sameCode.length < 2) return;
    for (const run of identicalRuns(ctx, sameCode))
      if (run.length >= 2)
        emit(run, sumAmounts(ctx, run) - ctx.lines[run[0]!]!.amount, `${run.length} identical lines`);
  };
  for (const g of ctx.knownByCode.values()) check(g);
  for (const g of unknown?.values() ?? []) check(g);
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
