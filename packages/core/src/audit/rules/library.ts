import { dispensingOverStock, doctorDailyVisitsOverMax } from "./behaviour.ts";
import { ccWithoutCare, chronicDxNotCovered, dxAgeMismatch, dxSexMismatch } from "./diagnoses.ts";
import {
  ageRestrictedItem,
  deptRestrictedItem,
  indicationNotMet,
  levelRestrictedItem,
  materialWithoutProcedure,
  medTypeRestrictedItem,
  priceOverCap,
  sexRestrictedItem,
  unknownItem,
} from "./item-limits.ts";
import { amountMismatch, chargeOutsideStay, duplicateLine, rxDaysOverLimit } from "./line-data.ts";
import {
  contraindicatedPair,
  exclusivePairSameDay,
  exclusivePairSameVisit,
  includedItemCharged,
} from "./pairs.ts";
import { drugRepeatAcrossVisits } from "./prescriptions.ts";
import {
  bedDaysOverStay,
  daysOverCourseLimit,
  frequencyOverPeriod,
  qtyOverDailyMax,
  qtyOverVisitMax,
  tcmPieceAlone,
} from "./quantities.ts";
import {
  bedDaysWithoutCare,
  lowStandardAdmission,
  outpatientDuringStay,
  overlappingStays,
  splitAdmission,
} from "./stays.ts";
import type { RuleCheck } from "./types.ts";
import {
  frequentAdmissions,
  frequentOutpatientVisits,
  frequentPharmacyPurchases,
  multiPharmacyPurchases,
} from "./visit-frequency.ts";

/** The rule library: the logic of every rule key of the catalogue (rule-catalog.ts; a test checks both agree). */
export const RULE_CHECKS: ReadonlyMap<string, RuleCheck> = new Map<string, RuleCheck>([
  ["price-over-cap", priceOverCap],
  ["sex-restricted-item", sexRestrictedItem],
  ["age-restricted-item", ageRestrictedItem],
  ["level-restricted-item", levelRestrictedItem],
  ["med-type-restricted-item", medTypeRestrictedItem],
  ["dept-restricted-item", deptRestrictedItem],
  ["indication-not-met", indicationNotMet],
  ["days-over-course-limit", daysOverCourseLimit],
  ["frequency-over-period", frequencyOverPeriod],
  ["tcm-piece-alone", tcmPieceAlone],
  ["chronic-dx-not-covered", chronicDxNotCovered],
  ["qty-over-daily-max", qtyOverDailyMax],
  ["qty-over-visit-max", qtyOverVisitMax],
  ["bed-days-over-stay", bedDaysOverStay],
  ["exclusive-pair-same-day", exclusivePairSameDay],
  ["exclusive-pair-same-visit", exclusivePairSameVisit],
  ["included-item-charged", includedItemCharged],
  ["duplicate-line", duplicateLine],
  ["material-without-procedure", materialWithoutProcedure],
  ["charge-outside-stay", chargeOutsideStay],
  ["amount-mismatch", amountMismatch],
  ["unknown-item", unknownItem],
  ["rx-days-over-limit", rxDaysOverLimit],
  ["outpatient-during-stay", outpatientDuringStay],
  ["overlapping-stays", overlappingStays],
  ["split-admission", splitAdmission],
  ["bed-days-without-care", bedDaysWithoutCare],
  ["low-standard-admission", lowStandardAdmission],
  ["frequent-outpatient-visits", frequentOutpatientVisits],
  ["frequent-pharmacy-purchases", frequentPharmacyPurchases],
  ["frequent-admissions", frequentAdmissions],
  ["multi-pharmacy-purchases", multiPharmacyPurchases],
  ["dispensing-over-stock", dispensingOverStock],
  ["doctor-daily-visits-over-max", doctorDailyVisitsOverMax],
  ["dx-sex-mismatch", dxSexMismatch],
  ["dx-age-mismatch", dxAgeMismatch],
  ["cc-without-care", ccWithoutCare],
  ["contraindicated-pair", contraindicatedPair],
  ["drug-repeat-across-visits", drugRepeatAcrossVisits],
]);
