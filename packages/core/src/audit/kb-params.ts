import { type CsvTable, type Row, kbError, rowsOf } from "./kb-cells.ts";
import type { ParamVersion, ParamVersions } from "./kb.ts";
import { type AuditParams, CHRGITM_TYPES } from "./kb-types.ts";
import { RULE_CATALOG } from "./rule-catalog.ts";

/**
 * params.csv (`key, value`, optionally versioned by valid_from/valid_to). Every key of the
 * contract is required and must be defined on every day; a product rule's keys are required when
 * the rule is enabled. Keys Yibao does not know are ignored.
 */
type Spec = { prop: keyof AuditParams; parse: (r: Row) => unknown };

const count = (prop: keyof AuditParams): Spec => ({ prop, parse: (r) => r.requiredInt("value") });
const types = (prop: keyof AuditParams): Spec => ({
  prop,
  parse: (r) => r.set("value", CHRGITM_TYPES) ?? new Set<string>(),
});

const SPECS: Record<string, Spec> = {
  readmission_days: count("readmissionDays"),
  bed_only_days_max: count("bedOnlyDaysMax"),
  care_types: types("careTypes"),
  low_std_stay_days: count("lowStdStayDays"),
  low_std_types: types("lowStdTypes"),
  freq_outpatient_days: count("freqOutpatientDays"),
  freq_outpatient_max: count("freqOutpatientMax"),
  freq_pharmacy_days: count("freqPharmacyDays"),
  freq_pharmacy_max: count("freqPharmacyMax"),
  repeat_overlap_days_max: count("repeatOverlapDaysMax"),
  // rx_days_max_<med_type> are gathered into one record below; blank = no limit.
  rx_days_max_11: { prop: "rxDaysMax", parse: (r) => r.int("value") },
  rx_days_max_14: { prop: "rxDaysMax", parse: (r) => r.int("value") },
  rx_days_max_41: { prop: "rxDaysMax", parse: (r) => r.int("value") },
  rx_days_max_51: { prop: "rxDaysMax", parse: (r) => r.int("value") },
  freq_admission_days: count("freqAdmissionDays"),
  freq_admission_max: count("freqAdmissionMax"),
  multi_pharmacy_days: count("multiPharmacyDays"),
  multi_pharmacy_max: count("multiPharmacyMax"),
  doctor_daily_visits_max: count("doctorDailyVisitsMax"),
};

const CONTRACT_KEYS = Object.keys(SPECS).filter((k) => !RULE_CATALOG.some((r) => r.params.includes(k)));

type Versions = ParamVersion<unknown>[];

/** Versions sorted by start; they must not overlap and, for a key that is present, cover every day. */
function checkCoverage(key: string, versions: Versions): void {
  versions.sort((a, b) => a.validity.from - b.validity.from);
  let next = Number.NEGATIVE_INFINITY;
  for (const v of versions) {
    if (v.validity.from !== next)
      throw kbError("params.csv", `${key} is not defined exactly once on every day`, { field: key });
    next = v.validity.to + 1;
  }
  if (next !== Number.POSITIVE_INFINITY)
    throw kbError("params.csv", `${key} is not defined after its last valid_to`, { field: key });
}

export function loadParams(
  table: CsvTable | undefined,
  enabledRules: ReadonlySet<string>,
): Partial<ParamVersions> {
  const byKey = new Map<string, Versions>();
  for (const r of rowsOf("params.csv", table, ["key", "value"])) {
    const key = r.required("key");
    const spec = SPECS[key];
    if (!spec) continue;
    byKey.set(key, [...(byKey.get(key) ?? []), { value: spec.parse(r), validity: r.validity() }]);
  }
  const required = new Set(CONTRACT_KEYS);
  for (const rule of RULE_CATALOG)
    if (enabledRules.has(rule.key)) for (const k of rule.params) required.add(k);
  for (const k of required)
    if (!byKey.has(k)) throw kbError("params.csv", `the parameter ${k} is missing`, { field: k });
  for (const [k, versions] of byKey) checkCoverage(k, versions);
  return toParamVersions(byKey);
}

/** Keyed by AuditParams property; the four rx_days_max_* keys merge into rxDaysMax by day. */
function toParamVersions(byKey: Map<string, Versions>): Partial<ParamVersions> {
  const out: Record<string, Versions> = {};
  for (const [key, versions] of byKey) {
    const spec = SPECS[key]!;
    if (spec.prop !== "rxDaysMax") out[spec.prop] = versions;
  }
  out.rxDaysMax = mergeRxDays(byKey);
  return out as Partial<ParamVersions>;
}

function mergeRxDays(byKey: Map<string, Versions>): Versions {
  const medTypes = ["11", "14", "41", "51"];
  // Split the days at every boundary of any rx_days_max_* version; each piece has one value per key.
  const starts = new Set<number>([Number.NEGATIVE_INFINITY]);
  for (const mt of medTypes) for (const v of byKey.get(`rx_days_max_${mt}`)!) starts.add(v.validity.from);
  const sorted = [...starts].sort((a, b) => a - b);
  return sorted.map((from, i) => {
    const to = i + 1 < sorted.length ? sorted[i + 1]! - 1 : Number.POSITIVE_INFINITY;
    const value: Record<string, number | null> = {};
    for (const mt of medTypes) {
      const v = byKey.get(`rx_days_max_${mt}`)!.find((x) => x.validity.from <= from && from <= x.validity.to);
      value[mt] = v!.value as number | null;
    }
    return { value, validity: { from, to } };
  });
}
