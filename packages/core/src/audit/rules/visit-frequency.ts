import type { VisitContext } from "../context.ts";
import type { VisitSummary } from "../history.ts";
import { INPATIENT } from "../visit.ts";
import type { RuleCheck } from "./types.ts";

/**
 * Frequent visits (频繁就医/购药): the visit and the person's earlier visits of the same kinds that
 * began within the window, V.begndate − days < begndate ≤ V.begndate.
 */
function inWindow(ctx: VisitContext, kinds: ReadonlySet<string>, days: number): VisitSummary[] {
  const v = ctx.visit;
  return (ctx.history?.visits ?? []).filter(
    (h) => kinds.has(h.medType) && v.beg - days < h.beg && h.beg <= v.beg,
  );
}

function frequent(
  kinds: ReadonlySet<string>,
  window: (ctx: VisitContext) => [days: number, max: number],
  what: string,
): RuleCheck {
  return (ctx, emit) => {
    if (!kinds.has(ctx.visit.medType)) return;
    const [days, max] = window(ctx);
    const n = 1 + inWindow(ctx, kinds, days).length;
    if (n > max) emit([], ctx.total, `${n} ${what} in ${days} days`);
  };
}

const OUTPATIENT = new Set(["11", "14"]);
const PHARMACY = new Set(["41"]);

export const frequentOutpatientVisits = frequent(
  OUTPATIENT,
  (ctx) => [ctx.params.freqOutpatientDays, ctx.params.freqOutpatientMax],
  "outpatient visits",
);

export const frequentPharmacyPurchases = frequent(
  PHARMACY,
  (ctx) => [ctx.params.freqPharmacyDays, ctx.params.freqPharmacyMax],
  "purchases",
);

/** Product rule (频繁住院): admissions (21, 52) at any institution within freq_admission_days. */
export const frequentAdmissions = frequent(
  INPATIENT,
  (ctx) => [ctx.params.freqAdmissionDays!, ctx.params.freqAdmissionMax!],
  "admissions",
);

/**
 * Product rule (多机构购药): pharmacy purchases (41) at more than multi_pharmacy_max distinct
 * pharmacies within multi_pharmacy_days, this one included.
 */
export const multiPharmacyPurchases: RuleCheck = (ctx, emit) => {
  const v = ctx.visit;
  if (v.medType !== "41") return;
  const days = ctx.params.multiPharmacyDays!;
  const places = new Set(inWindow(ctx, PHARMACY, days).map((h) => h.institution));
  places.add(v.institution.code);
  if (places.size > ctx.params.multiPharmacyMax!)
    emit([], ctx.total, `purchases at ${places.size} pharmacies in ${days} days`);
};
