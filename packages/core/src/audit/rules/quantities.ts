import { fen } from "../exact.ts";
import type { VisitContext } from "../context.ts";
import { INPATIENT } from "../visit.ts";
import { alloc, qtyText, sumAmounts, sumQty } from "./amounts.ts";
import type { RuleCheck } from "./types.ts";

/** Lines grouped by their date, in line order within a date. */
function byDate(ctx: VisitContext, lines: readonly number[]): Map<number, number[]> {
  const m = new Map<number, number[]>();
  for (const i of lines) {
    const d = ctx.lines[i]!.day;
    const list = m.get(d);
    if (list) list.push(i);
    else m.set(d, [i]);
  }
  return m;
}

/** 限定疗程: an item charged on more than n distinct dates; cites its lines on the dates after the n earliest. */
export const daysOverCourseLimit: RuleCheck = (ctx, emit) => {
  for (const [item, lines] of ctx.byItem) {
    const n = item.maxDaysPerVisit;
    if (n === null || lines.length <= n) continue; // no more dates than lines
    const dates = byDate(ctx, lines);
    if (dates.size <= n) continue;
    const later = [...dates.keys()].sort((a, b) => a - b).slice(n);
    const cited = later.flatMap((d) => dates.get(d)!);
    emit(cited, sumAmounts(ctx, cited), `${dates.size} days charged, course limit ${n}`);
  }
};

export const qtyOverDailyMax: RuleCheck = (ctx, emit) => {
  for (const [item, lines] of ctx.byItem) {
    const max = item.maxQtyPerDay;
    if (max === null) continue;
    if (lines.length === 1) {
      const l = ctx.lines[lines[0]!]!;
      if (l.qty > max)
        emit(lines, fen(l.qty - max, l.price), `quantity ${qtyText(l.qty)} on one day, max ${qtyText(max)}`);
      continue;
    }
    for (const group of byDate(ctx, lines).values()) {
      const sum = sumQty(ctx, group);
      if (sum > max)
        emit(group, alloc(ctx, group, sum - max), `quantity ${qtyText(sum)} on one day, max ${qtyText(max)}`);
    }
  }
};

export const qtyOverVisitMax: RuleCheck = (ctx, emit) => {
  for (const [item, lines] of ctx.byItem) {
    const max = item.maxQtyPerVisit;
    if (max === null) continue;
    const sum = sumQty(ctx, lines);
    if (sum > max)
      emit(lines, alloc(ctx, lines, sum - max), `visit quantity ${qtyText(sum)} above ${qtyText(max)}`);
  }
};

/** Bed lines (chrgitm 01) of an inpatient visit: more bed days charged than max(1, stay days). */
export const bedDaysOverStay: RuleCheck = (ctx, emit) => {
  const v = ctx.visit;
  if (!INPATIENT.has(v.medType)) return;
  const beds = bedLines(ctx);
  if (beds.length === 0) return;
  const stay = Math.max(1, v.end - v.beg);
  const allowed = BigInt(stay) * 10_000n;
  const sum = sumQty(ctx, beds);
  if (sum > allowed)
    emit(beds, alloc(ctx, beds, sum - allowed), `${qtyText(sum)} bed days charged for a stay of ${stay}`);
};

export function bedLines(ctx: VisitContext): number[] {
  const out: number[] = [];
  for (let i = 0; i < ctx.lines.length; i++) if (ctx.items[i]?.chrgitmType === "01") out.push(i);
  return out;
}

/**
 * Note F: at most max_times in any period_days days, counting the person's earlier visits and
 * this visit's lines up to and including L (input order). over(L) = min(qty(L), W(L) − m).
 */
export const frequencyOverPeriod: RuleCheck = (ctx, emit) => {
  for (const [item, lines] of ctx.byItem) {
    const m = item.maxTimes;
    const p = item.periodDays;
    if (m === null || p === null) continue;
    const sameCode = ctx.knownByCode.get(item.code)!;
    const cited: number[] = [];
    let amount = 0n;
    for (const i of lines) {
      const l = ctx.lines[i]!;
      const from = l.day - p;
      let w = ctx.history?.chargedBetween(item.code, from, l.day) ?? 0n;
      for (const j of sameCode) {
        if (j > i) break;
        const d = ctx.lines[j]!.day;
        if (d > from && d <= l.day) w += ctx.lines[j]!.qty;
      }
      if (w <= m) continue;
      const over = l.qty < w - m ? l.qty : w - m;
      cited.push(i);
      amount += fen(over, l.price);
    }
    if (cited.length > 0)
      emit(cited, amount, `more than ${qtyText(m)} in ${p} days (${cited.length} lines over)`);
  }
};

/** 单味使用不予支付: on a date, TCM pieces (chrgitm 10) only of kinds not payable alone. */
export const tcmPieceAlone: RuleCheck = (ctx, emit) => {
  let pieces: Map<number, number[]> | undefined; // by date; most visits have none
  const payable = new Set<number>();
  for (let i = 0; i < ctx.lines.length; i++) {
    const item = ctx.items[i];
    if (item?.chrgitmType !== "10") continue;
    const d = ctx.lines[i]!.day;
    pieces ??= new Map();
    pieces.set(d, [...(pieces.get(d) ?? []), i]);
    if (!item.aloneUnpayable) payable.add(d);
  }
  for (const [d, lines] of pieces ?? [])
    if (!payable.has(d)) emit(lines, sumAmounts(ctx, lines), "only pieces not payable alone on this day");
};
