import type { VisitContext } from "../context.ts";
import type { VisitSummary } from "../history.ts";
import { INPATIENT, ONE_DAY } from "../visit.ts";
import { sumAmounts } from "./amounts.ts";
import { bedLines } from "./quantities.ts";
import type { RuleCheck } from "./types.ts";

/** Inpatient stays and their charges. Visit-level findings cite no line; their amount is total(V). */

const earlier = (ctx: VisitContext): readonly VisitSummary[] => ctx.history?.visits ?? [];

/** An outpatient or pharmacy visit strictly inside an earlier stay (not on its admission or discharge day). */
export const outpatientDuringStay: RuleCheck = (ctx, emit) => {
  const v = ctx.visit;
  if (!ONE_DAY.has(v.medType)) return;
  const stay = earlier(ctx).find((h) => INPATIENT.has(h.medType) && h.beg < v.beg && v.beg < h.end);
  if (stay) emit([], ctx.total, `during a stay at ${stay.institution}`);
};

/** Two stays of one person that overlap, at any institution (touching on one day is not overlap). */
export const overlappingStays: RuleCheck = (ctx, emit) => {
  const v = ctx.visit;
  if (!INPATIENT.has(v.medType)) return;
  const other = earlier(ctx).find((h) => INPATIENT.has(h.medType) && h.beg < v.end && v.beg < h.end);
  if (other) emit([], ctx.total, `overlaps a stay at ${other.institution}`);
};

/** 分解住院: readmitted to the same institution for the same diagnosis category within readmission_days. */
export const splitAdmission: RuleCheck = (ctx, emit) => {
  const v = ctx.visit;
  const dx = v.diagnoses[0];
  if (v.medType !== "21" || dx === undefined) return;
  const dx3 = dx.slice(0, 3);
  const days = ctx.params.readmissionDays;
  const hit = earlier(ctx).some(
    (h) =>
      h.medType === "21" &&
      h.institution === v.institution.code &&
      h.dx3 === dx3 &&
      v.beg - h.end >= 0 &&
      v.beg - h.end <= days,
  );
  if (hit) emit([], ctx.total, `readmitted within ${days} days, same institution and category ${dx3}`);
};

/** 挂床住院: more than bed_only_days_max dates with a bed charge and nothing in care_types. */
export const bedDaysWithoutCare: RuleCheck = (ctx, emit) => {
  if (!INPATIENT.has(ctx.visit.medType)) return;
  const beds = bedLines(ctx);
  if (beds.length === 0) return;
  const cared = new Set<number>();
  ctx.lines.forEach((l, i) => {
    const t = ctx.items[i]?.chrgitmType;
    if (t !== undefined && ctx.params.careTypes.has(t)) cared.add(l.day);
  });
  const bedOnly = beds.filter((i) => !cared.has(ctx.lines[i]!.day));
  const dates = new Set(bedOnly.map((i) => ctx.lines[i]!.day));
  if (dates.size > ctx.params.bedOnlyDaysMax)
    emit(bedOnly, sumAmounts(ctx, bedOnly), `${dates.size} bed days without care`);
};

/** 低标准入院: a short stay whose every line is a known item of a low-standard type (no treatment). */
export const lowStandardAdmission: RuleCheck = (ctx, emit) => {
  const v = ctx.visit;
  if (v.medType !== "21" || v.end - v.beg > ctx.params.lowStdStayDays) return;
  const types = ctx.params.lowStdTypes;
  if (ctx.items.every((item) => item !== undefined && types.has(item.chrgitmType)))
    emit([], ctx.total, "short stay with no treatment");
};
