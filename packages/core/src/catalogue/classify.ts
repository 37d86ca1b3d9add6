import type { Ratio } from "../money/index.ts";
import type { CatalogClass, InstitutionLevel } from "../settlement/types.ts";

/** A catalogue entry in force on the fee date, as the pricing needs it. */
export interface CatalogueEntry {
  code: string;
  name: string;
  catalogClass: CatalogClass; // 甲/乙/丙
  chrgitmType: string; // med_chrgitm_type
  selfPayFirstRatio: Ratio; // scale 4
  priceCap: bigint | null; // scale 6
  restrictions: {
    sex?: "1" | "2";
    ageMin?: number;
    ageMax?: number;
    levels?: InstitutionLevel[];
    setting?: "inpatient" | "outpatient";
    maxPerDay?: bigint; // quantity, scale 4
  };
}

export interface LineContext {
  gender: string; // gend of the patient
  age: number;
  level: InstitutionLevel;
  setting: "inpatient" | "outpatient";
  quantitySameDay: bigint; // quantity of this code already charged that day (scale 4), this line included
}

export interface Classified {
  catalogClass: CatalogClass;
  chrgitmType: string;
  selfPayFirstRatio: Ratio | null;
  priceCap: bigint | null;
  restrictedReason: string | null; // why a class A/B line is paid as C
}

/**
 * Classifies an uploaded fee line against the catalogue. Not in the catalogue: self-paid (class C).
 * A line that breaks a restriction of its entry (sex, age, institution level, inpatient/outpatient
 * only, quantity per day) is paid as class C too, and the reason is kept with the line
 * (NHSA lmt_used_flag) so the hospital and the auditors see why.
 */
export function classifyLine(entry: CatalogueEntry | null, ctx: LineContext): Classified {
  if (!entry) {
    return {
      catalogClass: "C",
      chrgitmType: "14",
      selfPayFirstRatio: null,
      priceCap: null,
      restrictedReason: "not in catalogue",
    };
  }
  const reason = brokenRestriction(entry, ctx);
  if (entry.catalogClass === "C" || reason) {
    return {
      catalogClass: "C",
      chrgitmType: entry.chrgitmType,
      selfPayFirstRatio: null,
      priceCap: null,
      restrictedReason: reason,
    };
  }
  return {
    catalogClass: entry.catalogClass,
    chrgitmType: entry.chrgitmType,
    selfPayFirstRatio: entry.catalogClass === "B" ? entry.selfPayFirstRatio : null,
    priceCap: entry.priceCap,
    restrictedReason: null,
  };
}

function brokenRestriction(entry: CatalogueEntry, ctx: LineContext): string | null {
  const r = entry.restrictions;
  if (r.sex && r.sex !== ctx.gender) return `restricted to sex ${r.sex}`;
  if (r.ageMin !== undefined && ctx.age < r.ageMin) return `restricted to age >= ${r.ageMin}`;
  if (r.ageMax !== undefined && ctx.age > r.ageMax) return `restricted to age <= ${r.ageMax}`;
  if (r.levels && !r.levels.includes(ctx.level))
    return `restricted to institution levels ${r.levels.join(",")}`;
  if (r.setting && r.setting !== ctx.setting) return `restricted to ${r.setting} use`;
  if (r.maxPerDay !== undefined && ctx.quantitySameDay > r.maxPerDay)
    return "above the daily maximum quantity";
  return null;
}
