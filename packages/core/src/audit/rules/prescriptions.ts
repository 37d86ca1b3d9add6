import type { VisitContext } from "../context.ts";
import type { FeeLine } from "../visit.ts";
import type { RuleCheck } from "./types.ts";

/** Visits whose drug lines count as prescriptions handed out (outpatient, chronic outpatient, pharmacy). */
export const PRESCRIBING: ReadonlySet<string> = new Set(["11", "14", "41"]);

/** key(L): the item's drug_group when the code is known and the group not blank, else the code. */
export function drugKey(ctx: VisitContext, i: number): string {
  return ctx.items[i]?.drugGroup ?? ctx.lines[i]!.code;
}

const isDrug = (l: FeeLine) => l.kind === "drug" && l.days !== null;

/**
 * Note R (重复开药): a drug whose earlier supply, from an earlier prescribing visit and dated on or
 * before this line, still has more than repeat_overlap_days_max days left on this line's date.
 */
export const drugRepeatAcrossVisits: RuleCheck = (ctx, emit) => {
  const history = ctx.history;
  if (!history || !PRESCRIBING.has(ctx.visit.medType)) return;
  const max = ctx.params.repeatOverlapDaysMax;
  ctx.lines.forEach((l, i) => {
    if (!isDrug(l)) return;
    const end = history.latestSupplyEnd(drugKey(ctx, i), l.day);
    if (end === null) return;
    const left = end - l.day;
    if (left > max) emit([i], l.amount, `${left} days of an earlier supply left`);
  });
};
