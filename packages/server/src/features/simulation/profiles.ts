import type { PolicyTerms } from "./policies.ts";

/**
 * What a simulated pooling region is made of besides its people: its name and counties (real
 * administrative codes for the two Yunnan cities the demo uses; made-up county codes for any
 * other city code), the price level its hospitals charge at, its wage level and its policy terms.
 * The figures are illustrative, chosen to look like a Yunnan city, not official.
 */
export interface RegionProfile {
  code: string;
  name: string;
  short: string;
  province: { code: string; name: string };
  counties: { code: string; name: string }[];
  /** what the region's hospitals charge, as a share of the catalogue's price cap */
  priceLevel: number;
  averageMonthlyWage: string;
  policy: PolicyTerms;
  /** names of the first hospitals (the rest are generated) */
  hospitals: string[];
}

const KUNMING: RegionProfile = {
  code: "530100",
  name: "昆明市",
  short: "昆明",
  province: { code: "530000", name: "云南省" },
  counties: [
    { code: "530102", name: "五华区" },
    { code: "530103", name: "盘龙区" },
    { code: "530111", name: "官渡区" },
    { code: "530112", name: "西山区" },
    { code: "530114", name: "呈贡区" },
    { code: "530181", name: "安宁市" },
  ],
  priceLevel: 0.96,
  averageMonthlyWage: "7800.00",
  policy: { deductibleFactor: "1.0000", ratioShift: 0 },
  hospitals: [
    "昆明医科大学第一附属医院",
    "昆明医科大学第二附属医院",
    "云南省第一人民医院",
    "昆明市第一人民医院",
    "昆明市儿童医院",
    "昆明市中医医院",
    "昆明市延安医院",
    "昆明市第三人民医院",
  ],
};

const YUXI: RegionProfile = {
  code: "530400",
  name: "玉溪市",
  short: "玉溪",
  province: { code: "530000", name: "云南省" },
  counties: [
    { code: "530402", name: "红塔区" },
    { code: "530403", name: "江川区" },
    { code: "530423", name: "通海县" },
    { code: "530424", name: "华宁县" },
    { code: "530425", name: "易门县" },
  ],
  priceLevel: 0.9,
  averageMonthlyWage: "6900.00",
  policy: { deductibleFactor: "0.8000", ratioShift: 200 },
  hospitals: ["玉溪市人民医院", "玉溪市中医医院", "玉溪市儿童医院"],
};

/** Where persons transfer to and come from (转移接续 across provinces): a region with no other data. */
export const ELSEWHERE = {
  province: { code: "510000", name: "四川省" },
  city: { code: "510100", name: "成都市" },
};

const KNOWN = [KUNMING, YUXI];

/** The profile of a city code: a known one, or one made up from the code. */
export function profileOf(code: string): RegionProfile {
  const known = KNOWN.find((p) => p.code === code);
  if (known) return known;
  const province = `${code.slice(0, 2)}0000`;
  return {
    code,
    name: `${code}统筹区`,
    short: code,
    province: { code: province, name: `${code.slice(0, 2)}省` },
    counties: [1, 2, 3, 4].map((n) => ({
      code: `${code.slice(0, 4)}${String(n).padStart(2, "0")}`,
      name: `第${n}区`,
    })),
    priceLevel: 0.95,
    averageMonthlyWage: "7000.00",
    policy: { deductibleFactor: "1.0000", ratioShift: 0 },
    hospitals: [],
  };
}

/** A city code the simulator can make (6 digits ending in 00, not a province, not ELSEWHERE). */
export function isSimulatedCity(code: string): boolean {
  return /^\d{4}00$/.test(code) && !code.endsWith("0000") && code !== ELSEWHERE.city.code;
}

/** Contribution parameters of the region (illustrative Yunnan numbers, as the demo's were). */
export function contributionParams(p: RegionProfile, year: number) {
  return {
    averageMonthlyWage: p.averageMonthlyWage,
    baseFloorRatio: "0.6000",
    baseCeilingRatio: "3.0000",
    employerRate: "0.0850",
    individualRate: "0.0200",
    employerShareToAccount: "0",
    retireeMonthlyCredit: "90.00",
    residentAnnualPremium: year >= 2026 ? "400.00" : "380.00",
    residentGovernmentSubsidy: year >= 2026 ? "700.00" : "670.00",
    assistanceSubsidy: { tk: "1.0000", db: "1.0000", jc: "0.5000" },
    waitingDays: 90,
  };
}
