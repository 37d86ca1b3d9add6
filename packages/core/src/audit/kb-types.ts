/**
 * The audit knowledge base (医保基金智能审核知识库) as the engine reads it. Every row may carry a
 * validity (`valid_from`, `valid_to`, inclusive, blank = open), like the catalogue: a row is in
 * force on a day when the day is inside it. The contract's files have no such columns, so every
 * row of them is always in force.
 */
export interface Validity {
  from: number; // day number, -Infinity when open
  to: number; // day number, Infinity when open
}

export const ALWAYS: Validity = { from: Number.NEGATIVE_INFINITY, to: Number.POSITIVE_INFINITY };
export const inForce = (v: Validity, day: number) => v.from <= day && day <= v.to;
export const overlap = (a: Validity, b: Validity) => a.from <= b.to && b.from <= a.to;

/** med_chrgitm_type 01 bed ... 14 other. */
export const CHRGITM_TYPES: readonly string[] = Array.from({ length: 14 }, (_, i) =>
  String(i + 1).padStart(2, "0"),
);

/** A row of items.csv. Quantities are scale 4, prices scale 6. */
export interface Item {
  code: string;
  kind: string;
  name: string;
  chrgitmType: string; // med_chrgitm_type 01-14
  priceCap: bigint | null; // yuan per unit, scale 6
  priceCapText: string;
  sex: string | null; // "1" | "2"
  minAge: number | null;
  maxAge: number | null;
  levels: ReadonlySet<string> | null;
  medTypes: ReadonlySet<string> | null;
  depts: readonly string[] | null; // 诊疗科目 prefixes
  indications: readonly string[] | null; // ICD prefixes
  maxQtyPerDay: bigint | null;
  maxQtyPerVisit: bigint | null;
  maxDaysPerVisit: number | null; // 限定疗程: distinct charge dates
  maxTimes: bigint | null; // with periodDays: at most maxTimes in any periodDays days
  periodDays: number | null;
  requires: readonly string[] | null; // one of these must be charged in the visit
  aloneUnpayable: boolean; // 单味使用不予支付
  drugGroup: string; // generic-name group for repeat prescriptions (the code itself when blank)
  validity: Validity;
}

export type PairRelation = "same_day" | "same_visit" | "included" | "contraindicated";

export interface ItemPair {
  a: string;
  b: string; // for `included`: b is part of a
  relation: PairRelation;
  validity: Validity;
}

export interface DxSex {
  prefix: string;
  sex: string;
  validity: Validity;
}

export interface DxAge {
  prefix: string;
  minAge: number | null;
  maxAge: number | null;
  name: string;
  validity: Validity;
}

export interface DxSupport {
  prefix: string;
  supportCodes: readonly string[];
  name: string;
  validity: Validity;
}

export interface ChronicDx {
  prefix: string;
  name: string;
  validity: Validity;
}

/** Stock movements of one item at one institution over a period (进销存), for dispensing-over-stock. */
export interface StockEntry {
  institution: string; // fixmedins_code
  code: string;
  opening: bigint; // scale 4
  received: bigint; // stock in (入库)
  closing: bigint; // stock left at the end of the period
  validity: Validity; // the period
}

/** params.csv resolved for one day. Windows are in days; maxima are counts. */
export interface AuditParams {
  readmissionDays: number;
  bedOnlyDaysMax: number;
  careTypes: ReadonlySet<string>;
  lowStdStayDays: number;
  lowStdTypes: ReadonlySet<string>;
  freqOutpatientDays: number;
  freqOutpatientMax: number;
  freqPharmacyDays: number;
  freqPharmacyMax: number;
  repeatOverlapDaysMax: number;
  rxDaysMax: Readonly<Record<string, number | null>>; // by med_type 11, 14, 41, 51; null = no limit
  // Parameters of the product rules (not in the contract); present when their rule is enabled.
  freqAdmissionDays?: number;
  freqAdmissionMax?: number;
  multiPharmacyDays?: number;
  multiPharmacyMax?: number;
  doctorDailyVisitsMax?: number;
}

export type Family = "policy" | "management" | "medical";
export type ResultType = "definite" | "suspicious";
export type Severity = "high" | "medium" | "low";
/** Audit stages: before a prescription (事前), while settling (事中), after settlement (事后). */
export type Stage = "before" | "during" | "after";

/** A row of rules.csv: whether and where a rule runs, and what its findings say. */
export interface RuleSetting {
  rule: string;
  family: Family;
  result: ResultType;
  enabled: boolean;
  severity: Severity;
  // Scope; null = no restriction (the contract's rules.csv has none of these columns).
  medTypes: ReadonlySet<string> | null; // scenario
  levels: ReadonlySet<string> | null; // institution level
  institutionTypes: ReadonlySet<string> | null;
  insutypes: ReadonlySet<string> | null; // insurance type
  stages: ReadonlySet<string> | null;
  /** At settlement (2206/2207, stage during): warn, or hold a definite violation; null: not run there. */
  settle: "warn" | "hold" | null;
  validity: Validity;
}
