import { fieldError } from "../errors/index.ts";
import { ageOn } from "./certno.ts";

/** Basic insurance types a person may hold one live enrolment in (职工 310 / 居民 390). */
export const BASIC_INSUTYPES = ["310", "390"] as const;

/**
 * psn_type (人员类别) allowed per scheme, with an age range on the enrolment date. The ranges are
 * deliberately wide (regions differ): they catch data-entry slips, not policy.
 */
const PSN_TYPES: Record<string, { insutype: string; minAge: number; maxAge: number; label: string }> = {
  "1101": { insutype: "310", minAge: 16, maxAge: 75, label: "在职职工" },
  "1102": { insutype: "310", minAge: 16, maxAge: 75, label: "在职公务员" },
  "1103": { insutype: "310", minAge: 16, maxAge: 75, label: "灵活就业在职" },
  "1201": { insutype: "310", minAge: 40, maxAge: 130, label: "退休职工" },
  "1202": { insutype: "310", minAge: 40, maxAge: 130, label: "退休公务员" },
  "1203": { insutype: "310", minAge: 40, maxAge: 130, label: "灵活就业退休" },
  "1300": { insutype: "310", minAge: 40, maxAge: 130, label: "离休干部" },
  "1401": { insutype: "390", minAge: 0, maxAge: 0, label: "新生儿" },
  "1402": { insutype: "390", minAge: 0, maxAge: 7, label: "学龄前儿童" },
  "1403": { insutype: "390", minAge: 5, maxAge: 20, label: "中小学生" },
  "1404": { insutype: "390", minAge: 14, maxAge: 40, label: "大学生" },
  "1405": { insutype: "390", minAge: 0, maxAge: 17, label: "非在校未成年人" },
  "1501": { insutype: "390", minAge: 18, maxAge: 130, label: "成年居民" },
};

/** The name of a person type (人员类别), as the console shows it. */
export function psnTypeLabel(psnType: string): string | undefined {
  return PSN_TYPES[psnType]?.label;
}

/** Checks that psn_type belongs to the scheme and fits the person's age on the start date. */
export function checkPsnType(insutype: string, psnType: string, birthDate: string, startDate: string): void {
  if (!BASIC_INSUTYPES.includes(insutype as (typeof BASIC_INSUTYPES)[number])) {
    throw fieldError(
      "REG_INSUTYPE_UNKNOWN",
      "insutype",
      `insutype ${insutype} cannot be enrolled in directly (310 or 390)`,
    );
  }
  const t = PSN_TYPES[psnType];
  if (!t || t.insutype !== insutype) {
    throw fieldError(
      "REG_PSN_TYPE_MISMATCH",
      "psn_type",
      `psn_type ${psnType} does not belong to insutype ${insutype}`,
    );
  }
  const age = ageOn(birthDate, startDate);
  if (age < t.minAge || age > t.maxAge) {
    throw fieldError(
      "REG_PSN_TYPE_AGE",
      "psn_type",
      `psn_type ${psnType} (${t.label}) does not fit age ${age}`,
    );
  }
}
