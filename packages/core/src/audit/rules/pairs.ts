import type { Fen } from "../../money/index.ts";
import type { VisitContext } from "../context.ts";
import { type ItemPair, type PairRelation, inForce } from "../kb-types.ts";
import { sumAmounts } from "./amounts.ts";
import type { Emit, RuleCheck } from "./types.ts";

/** The pairs of a relation with both codes charged in the visit (each pair once). */
function chargedPairs(ctx: VisitContext, relation: PairRelation): ItemPair[] {
  const out: ItemPair[] = [];
  // Met from its a side only, so that it is not counted twice.
  for (const code of ctx.knownByCode.keys())
    for (const p of ctx.kb.pairsByCode.get(code) ?? [])
      if (p.a === code && p.relation === relation && ctx.knownByCode.has(p.b)) out.push(p);
  return out;
}

const onDay = (ctx: VisitContext, lines: readonly number[], day: number) =>
  lines.filter((i) => ctx.lines[i]!.day === day);

/**
 * A relation checked per date: for each date with lines of a and of b (the pair in force that
 * day), one finding citing the a and b lines of that date.
 */
function perDate(
  relation: PairRelation,
  amount: (aSum: Fen, bSum: Fen) => Fen,
  evidence: (p: ItemPair) => string,
): RuleCheck {
  return (ctx: VisitContext, emit: Emit) => {
    for (const p of chargedPairs(ctx, relation)) {
      const aLines = ctx.knownByCode.get(p.a)!;
      const bLines = ctx.knownByCode.get(p.b)!;
      const bDays = new Set(bLines.map((i) => ctx.lines[i]!.day));
      const days = new Set(aLines.map((i) => ctx.lines[i]!.day).filter((d) => bDays.has(d)));
      for (const d of days) {
        if (!inForce(p.validity, d)) continue;
        const a = onDay(ctx, aLines, d);
        const b = onDay(ctx, bLines, d);
        emit([...a, ...b], amount(sumAmounts(ctx, a), sumAmounts(ctx, b)), evidence(p));
      }
    }
  };
}

const min = (a: Fen, b: Fen) => (a < b ? a : b);

export const exclusivePairSameDay = perDate("same_day", min, (p) => `${p.a} and ${p.b} on one day`);

/** b is part of a (included): charging b on a day a is charged bills b twice; the amount is b's. */
export const includedItemCharged = perDate(
  "included",
  (_a, b) => b,
  (p) => `${p.b} is included in ${p.a}`,
);

/** 配伍禁忌: contraindicated on one date. */
export const contraindicatedPair = perDate("contraindicated", min, (p) => `${p.a} and ${p.b} on one day`);

export const exclusivePairSameVisit: RuleCheck = (ctx, emit) => {
  for (const p of chargedPairs(ctx, "same_visit")) {
    if (!inForce(p.validity, ctx.visit.beg)) continue;
    const a = ctx.knownByCode.get(p.a)!;
    const b = ctx.knownByCode.get(p.b)!;
    emit([...a, ...b], min(sumAmounts(ctx, a), sumAmounts(ctx, b)), `${p.a} and ${p.b} in one visit`);
  }
};
