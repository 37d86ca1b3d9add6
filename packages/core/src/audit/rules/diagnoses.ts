import { ageOn } from "../dates.ts";
import { inForce } from "../kb-types.ts";
import { INPATIENT } from "../visit.ts";
import type { RuleCheck } from "./types.ts";

/**
 * Diagnoses against the person and the charges. Diagnosis tables are read on the visit's
 * begndate; each rule reports a visit at most once (visit-level, amount total(V)).
 */

export const dxSexMismatch: RuleCheck = (ctx, emit) => {
  const v = ctx.visit;
  const gend = v.person.gend;
  for (const row of ctx.kb.data.dxSex) {
    if (row.sex === gend || !inForce(row.validity, v.beg)) continue;
    const dx = v.diagnoses.find((d) => d.startsWith(row.prefix));
    if (dx !== undefined) {
      emit([], ctx.total, `diagnosis ${dx} is for sex ${row.sex}, person ${gend}`);
      return;
    }
  }
};

/** Age on begndate outside [min_age, max_age] of a prefix a diagnosis starts with. */
export const dxAgeMismatch: RuleCheck = (ctx, emit) => {
  const v = ctx.visit;
  const age = ageOn(v.person.brdy, v.begndate);
  for (const row of ctx.kb.data.dxAge) {
    const outside = (row.minAge !== null && age < row.minAge) || (row.maxAge !== null && age > row.maxAge);
    if (!outside || !inForce(row.validity, v.beg)) continue;
    const dx = v.diagnoses.find((d) => d.startsWith(row.prefix));
    if (dx !== undefined) {
      emit([], ctx.total, `diagnosis ${dx} (${row.name}) at age ${age}`);
      return;
    }
  }
};

/**
 * The DRG upcoding signal: an inpatient secondary diagnosis (2nd or later) that needs one of its
 * support codes charged, and none is.
 */
export const ccWithoutCare: RuleCheck = (ctx, emit) => {
  const v = ctx.visit;
  if (!INPATIENT.has(v.medType) || v.diagnoses.length < 2) return;
  const secondary = v.diagnoses.slice(1);
  for (const row of ctx.kb.data.dxSupport) {
    if (!inForce(row.validity, v.beg) || !secondary.some((d) => d.startsWith(row.prefix))) continue;
    if (!row.supportCodes.some((c) => ctx.knownByCode.has(c))) {
      emit([], ctx.total, "secondary diagnosis without supporting items");
      return;
    }
  }
};

/** 门诊慢特病: a med_type 14 visit whose main diagnosis (or its absence) is no listed disease. */
export const chronicDxNotCovered: RuleCheck = (ctx, emit) => {
  const v = ctx.visit;
  if (v.medType !== "14") return;
  const main = v.diagnoses[0];
  const covered =
    main !== undefined &&
    ctx.kb.data.chronicDx.some((row) => inForce(row.validity, v.beg) && main.startsWith(row.prefix));
  if (!covered) emit([], ctx.total, `main diagnosis ${main ?? "(none)"} not a chronic/special disease`);
};
