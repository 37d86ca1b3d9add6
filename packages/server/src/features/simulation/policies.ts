import {
  RATIO_ONE,
  applyRatio,
  fenToYuan,
  formatRatio,
  maxBig,
  minBig,
  parseRatio,
  yuanToFen,
} from "@yibao/core/money";

/**
 * The benefit policies a simulated region is given (illustrative numbers of the Yunnan kind, not
 * official): employees (310) and residents (390), general outpatient 11, chronic and special
 * outpatient diseases 14, inpatient 21, pharmacy purchases 41 (employees: from the personal
 * account only), maternity 51/52 (employees). Each is a reference-model policy document
 * (docs/policy.md). A region's terms shift the deductibles and ratios, so two regions in one
 * database pay differently.
 */
export interface PolicyTerms {
  /** multiplies every deductible, a ratio of 4 decimals (a smaller city sets lower ones: "0.8000") */
  deductibleFactor: string;
  /** added to every pool ratio, in ten-thousandths (e.g. 200 = +2 points) */
  ratioShift: number;
}

const levels = (a: string, b: string, c: string) => ({ "1": a, "2": b, "3": c });

const ASSISTANCE = {
  tk: { deductible: "0.00", ratio: "1.0000", annualCap: "100000.00" },
  db: { deductible: "0.00", ratio: "0.7000", annualCap: "60000.00" },
  jc: { deductible: "1000.00", ratio: "0.6000", annualCap: "30000.00" },
};

const TEMPLATES: Record<string, unknown>[] = [
  {
    insutype: "310",
    med_type: "21",
    deductible: {
      scope: "per_visit",
      byLevel: levels("300.00", "600.00", "900.00"),
      repeatFactor: ["0.5000"],
    },
    pool: {
      ratioByLevel: levels("0.9500", "0.9000", "0.8500"),
      retireeBonus: "0.0500",
      annualCap: "200000.00",
    },
    largeAmount: { ratio: "0.9000", annualCap: "400000.00" },
    assistance: ASSISTANCE,
  },
  {
    insutype: "390",
    med_type: "21",
    deductible: {
      scope: "per_visit",
      byLevel: levels("200.00", "500.00", "900.00"),
      repeatFactor: ["0.5000"],
    },
    pool: { ratioByLevel: levels("0.9000", "0.8000", "0.6500"), annualCap: "150000.00" },
    criticalIllness: {
      segments: [
        { from: "15000.00", to: "50000.00", ratio: "0.6000" },
        { from: "50000.00", to: "100000.00", ratio: "0.7000" },
        { from: "100000.00", to: null, ratio: "0.8000" },
      ],
      annualCap: "400000.00",
    },
    assistance: ASSISTANCE,
  },
  {
    insutype: "310",
    med_type: "52",
    deductible: { scope: "per_visit", byLevel: levels("0.00", "0.00", "0.00") },
    pool: { ratioByLevel: levels("1.0000", "1.0000", "1.0000"), annualCap: "20000.00" },
    assistance: ASSISTANCE,
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
    med_type: "41",
    // bought with the personal account (个人账户): the pool pays nothing at the pharmacy
    deductible: { scope: "annual", byLevel: levels("0.00", "0.00", "0.00") },
    pool: { ratioByLevel: levels("0.0000", "0.0000", "0.0000"), annualCap: "0.00" },
  },
  {
    insutype: "310",
    med_type: "51",
    deductible: { scope: "annual", byLevel: levels("0.00", "0.00", "0.00") },
    pool: { ratioByLevel: levels("1.0000", "1.0000", "1.0000"), annualCap: "3000.00" },
  },
];

// in fen and ten-thousandths, never floats
const yuan = (s: string, f: string) => fenToYuan(applyRatio(yuanToFen(s), parseRatio(f)));
const ratio = (s: string, shift: number) => {
  const v = parseRatio(s);
  if (v === 0n || v === RATIO_ONE) return s; // nothing paid stays nothing; full stays full
  return formatRatio(minBig(RATIO_ONE, maxBig(0n, v + BigInt(shift))));
};
const mapLevels = (o: Record<string, string>, f: (s: string) => string) =>
  Object.fromEntries(Object.entries(o).map(([k, v]) => [k, f(v)]));

/** The policy documents of a region with its terms applied. */
export function policiesFor(terms: PolicyTerms): Record<string, unknown>[] {
  return TEMPLATES.map((t) => {
    const p = JSON.parse(JSON.stringify(t)) as {
      deductible: { byLevel: Record<string, string> };
      pool: { ratioByLevel: Record<string, string> };
    };
    p.deductible.byLevel = mapLevels(p.deductible.byLevel, (s) => yuan(s, terms.deductibleFactor));
    p.pool.ratioByLevel = mapLevels(p.pool.ratioByLevel, (s) => ratio(s, terms.ratioShift));
    return p as Record<string, unknown>;
  });
}
