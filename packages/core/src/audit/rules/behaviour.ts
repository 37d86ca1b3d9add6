import { fen } from "../exact.ts";
import type { SharedHistory, VisitContext } from "../context.ts";
import { type StockEntry, inForce } from "../kb-types.ts";
import type { FeeLine, Visit } from "../visit.ts";
import { qtyText } from "./amounts.ts";
import type { RuleCheck } from "./types.ts";

/**
 * Product rules on an institution's or a doctor's history across persons (not in the contract;
 * they run only when rules.csv enables them). Their state lives in SharedHistory and is updated
 * by recordShared after the visit is audited.
 */

/** The visit's institution's stock entries (stock.csv) by code, if it has any. */
type InstitutionStock = ReadonlyMap<string, readonly StockEntry[]>;
const stockOf = (ctx: VisitContext): InstitutionStock | undefined =>
  ctx.kb.stock.get(ctx.visit.institution.code);

/** The stock entry a line draws on: its code, the period holding its date. */
const stockEntryOf = (stock: InstitutionStock, l: FeeLine): StockEntry | undefined =>
  stock.get(l.code)?.find((e) => inForce(e.validity, l.day));

/**
 * 进销存: an institution dispensing more of an item in a period than opening + received − closing.
 * Dispensing accumulates over the file in input order, like Note F: the lines that take the total
 * over are cited, with the amount of the quantity over, fen(over, price).
 */
export const dispensingOverStock: RuleCheck = (ctx, emit) => {
  const stock = stockOf(ctx);
  if (!stock) return;
  const running = new Map<StockEntry, bigint>();
  const byCode = new Map<string, { lines: number[]; amount: bigint; entry: StockEntry }>();
  ctx.lines.forEach((l, i) => {
    const e = stockEntryOf(stock, l);
    if (!e) return;
    const total = (running.get(e) ?? ctx.shared.dispensed.get(e) ?? 0n) + l.qty;
    running.set(e, total);
    const available = e.opening + e.received - e.closing;
    if (total <= available) return;
    const over = l.qty < total - available ? l.qty : total - available;
    const f = byCode.get(l.code) ?? { lines: [], amount: 0n, entry: e };
    f.lines.push(i);
    f.amount += fen(over, l.price);
    byCode.set(l.code, f);
  });
  for (const [code, f] of byCode) {
    const available = f.entry.opening + f.entry.received - f.entry.closing;
    emit(f.lines, f.amount, `${code} dispensed beyond the ${qtyText(available)} in stock for the period`);
  }
};

const DOCTOR_VISITS: ReadonlySet<string> = new Set(["11", "14", "51"]);

/** Visits seen so far by the visit's doctor on its day, this one included (0 when not counted). */
function doctorCount(shared: SharedHistory, v: Visit): number {
  if (v.doctor === "" || !DOCTOR_VISITS.has(v.medType)) return 0;
  const seen = shared.doctorDays.get(v.doctor);
  return (seen && seen.day === v.beg ? seen.visits : 0) + 1;
}

/**
 * 医师日接诊量: an outpatient visit (11, 14, 51) that takes its doctor (医保医师, at any
 * institution) over doctor_daily_visits_max visits on one day. Counting relies on the file being
 * in begndate order (AUDIT-CONTRACT section 1): a doctor's count restarts when the day changes.
 */
export const doctorDailyVisitsOverMax: RuleCheck = (ctx, emit) => {
  const n = doctorCount(ctx.shared, ctx.visit);
  const max = ctx.params.doctorDailyVisitsMax!;
  if (n > max) emit([], ctx.total, `visit ${n} of the doctor that day, max ${max}`);
};

/** Adds an audited visit to the shared history (only what an enabled product rule reads). */
export function recordShared(ctx: VisitContext, doctors: boolean): void {
  const stock = stockOf(ctx);
  if (stock)
    for (const l of ctx.lines) {
      const e = stockEntryOf(stock, l);
      if (e) ctx.shared.dispensed.set(e, (ctx.shared.dispensed.get(e) ?? 0n) + l.qty);
    }
  const n = doctors ? doctorCount(ctx.shared, ctx.visit) : 0;
  if (n > 0) ctx.shared.doctorDays.set(ctx.visit.doctor, { day: ctx.visit.beg, visits: n });
}
