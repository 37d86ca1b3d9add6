/**
 * The demo region's benefit policies for 2026 (illustrative Kunming-like numbers, not official):
 * employees (310) and residents (390), general outpatient 11, inpatient 21, chronic/special
 * outpatient diseases 14, maternity 51/52 (employees). Each is a reference-model policy document
 * (docs/policy.md).
 */
const levels = (a: string, b: string, c: string) => ({ "1": a, "2": b, "3": c });

const employeeInpatient = {
  insutype: "310",
  med_type: "21",
  deductible: { scope: "per_visit", byLevel: levels("300.00", "600.00", "900.00"), repeatFactor: ["0.5000"] },
  pool: {
    ratioByLevel: levels("0.9500", "0.9000", "0.8500"),
    retireeBonus: "0.0500",
    annualCap: "200000.00",
  },
  largeAmount: { ratio: "0.9000", annualCap: "400000.00" },
  assistance: {
    tk: { deductible: "0.00", ratio: "1.0000", annualCap: "100000.00" },
    db: { deductible: "0.00", ratio: "0.7000", annualCap: "60000.00" },
    jc: { deductible: "1000.00", ratio: "0.6000", annualCap: "30000.00" },
  },
};
const residentInpatient = {
  insutype: "390",
  med_type: "21",
  deductible: { scope: "per_visit", byLevel: levels("200.00", "500.00", "900.00"), repeatFactor: ["0.5000"] },
  pool: { ratioByLevel: levels("0.9000", "0.8000", "0.6500"), annualCap: "150000.00" },
  criticalIllness: {
    segments: [
      { from: "15000.00", to: "50000.00", ratio: "0.6000" },
      { from: "50000.00", to: "100000.00", ratio: "0.7000" },
      { from: "100000.00", to: null, ratio: "0.8000" },
    ],
    annualCap: "400000.00",
  },
  assistance: employeeInpatient.assistance,
};

export const DEMO_POLICIES: Record<string, unknown>[] = [
  employeeInpatient,
  residentInpatient,
  {
    ...employeeInpatient,
    med_type: "52",
    deductible: { scope: "per_visit", byLevel: levels("0.00", "0.00", "0.00") },
    pool: { ratioByLevel: levels("1.0000", "1.0000", "1.0000"), annualCap: "20000.00" },
    largeAmount: undefined,
  },
  {
    insutype: "310",
    med_type: "11",
    deductible: { scope: "annual", byLevel: levels("800.00", "800.00", "800.00") },
    pool: {
      ratioByLevel: levels("0.7000", "0.6000", "0.5000"),
      retireeBonus: "0.1000",
      annualCap: "4000.00",
    },
  },
  {
    insutype: "390",
    med_type: "11",
    deductible: { scope: "annual", byLevel: levels("0.00", "100.00", "200.00") },
    pool: { ratioByLevel: levels("0.6000", "0.5000", "0.4000"), annualCap: "600.00" },
  },
  {
    insutype: "310",
    med_type: "14",
    deductible: { scope: "annual", byLevel: levels("0.00", "0.00", "0.00") },
    pool: {
      ratioByLevel: levels("0.8500", "0.8000", "0.7500"),
      retireeBonus: "0.0500",
      annualCap: "10000.00",
    },
  },
  {
    insutype: "390",
    med_type: "14",
    deductible: { scope: "annual", byLevel: levels("0.00", "0.00", "0.00") },
    pool: { ratioByLevel: levels("0.7000", "0.6500", "0.6000"), annualCap: "8000.00" },
  },
  {
    insutype: "310",
    med_type: "51",
    deductible: { scope: "annual", byLevel: levels("0.00", "0.00", "0.00") },
    pool: { ratioByLevel: levels("1.0000", "1.0000", "1.0000"), annualCap: "3000.00" },
  },
].map((p) => JSON.parse(JSON.stringify(p)));
