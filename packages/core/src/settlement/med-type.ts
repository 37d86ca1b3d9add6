/**
 * What a medical type (med_type) is, decided in one place: the classification of fee lines
 * (inpatient/outpatient restrictions), the clearing type of a settlement (setlinfo.clr_type) and
 * the daily reconciliation (3201) all ask here.
 *
 * Inpatient: every type beginning with 2 (21 general, 22 trauma, 23 referral, 24 emergency to
 * inpatient, 25 out-of-region, 26 single disease, 28 day surgery) and 52, maternity inpatient
 * (生育住院), an admission although it is numbered next to maternity outpatient (51).
 */
export const isInpatient = (medType: string): boolean => medType.startsWith("2") || medType === "52";

/** clr_type of a settlement: 21 inpatient, 41 pharmacy purchase (定点药店购药), 11 outpatient (the rest). */
export type ClearingType = "11" | "21" | "41";

export function clearingType(medType: string): ClearingType {
  if (isInpatient(medType)) return "21";
  return medType === "41" ? "41" : "11";
}

export const CLEARING_TYPES: readonly ClearingType[] = ["11", "21", "41"];
