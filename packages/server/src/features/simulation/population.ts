import { makeCertno } from "@yibao/core/registry";
import { daysInMonth } from "@yibao/core/time";
import { type Rng, prng, streamSeed, weighted } from "./prng.ts";
import type { RegionProfile } from "./profiles.ts";
import { type CareGroup, CHRONIC_SHARE, LIFE, MIX } from "./rates.ts";

/**
 * The simulated population, drawn from the seed alone: the same seed gives the same persons, in
 * the same order, on every machine and on every resumed run (so later stages regenerate it rather
 * than reading it back). Arrays by person index: the base population first (insured at the start
 * of the year), then the year's newborns, then the persons who transfer in.
 */
export const GROUPS = ["working", "flexible", "retiree", "child", "adult", "elderly"] as const;
export type Group = (typeof GROUPS)[number];
const G = Object.fromEntries(GROUPS.map((g, i) => [g, i])) as Record<Group, number>;

export const careGroupOf = (g: number): CareGroup =>
  (["working", "working", "retiree", "child", "adult", "elderly"] as const)[g]!;
export const isEmployeeGroup = (g: number) => g <= G.retiree;

export interface Population {
  /** persons insured at the start of the year */
  base: number;
  /** newborns of the year, from index `base` */
  births: number;
  /** persons transferring in, after the newborns */
  arrivals: number;
  employers: number;
  certno: string[];
  county: Uint8Array; // index into profile.counties
  gender: Uint8Array; // 1 male, 2 female
  birth: Int32Array; // yyyymmdd
  group: Uint8Array; // GROUPS index
  employer: Int32Array; // -1: none
  assistance: Uint8Array; // 0 none, 1 tk, 2 db, 3 jc
  chronic: Uint8Array; // holds a chronic/special-disease recognition (门诊慢特病)
  /** day of the year (1-based) the person dies, leaves (transfer out), is born or arrives; 0: none */
  deathDay: Int16Array;
  leaveDay: Int16Array;
  arriveDay: Int16Array; // newborns: the birth day; arrivals: the transfer day
  mother: Int32Array; // newborns: the mother's index
  notPaying: Uint8Array; // a resident who did not pay the year's premium
}

/** yyyy-MM-dd of a day of the year (1-based). */
export function dayOfYear(year: number, day: number): string {
  const d = new Date(Date.UTC(year, 0, day));
  return d.toISOString().slice(0, 10);
}

export const birthText = (b: number) =>
  `${String(b).slice(0, 4)}-${String(b).slice(4, 6)}-${String(b).slice(6, 8)}`;

const DEATH: Record<Group, number> = {
  working: 0.0015,
  flexible: 0.0015,
  retiree: 0.03,
  child: 0.0005,
  adult: 0.002,
  elderly: 0.025,
};
const LEAVE: Record<Group, number> = {
  working: 0.02,
  flexible: 0.02,
  retiree: 0.002,
  child: 0.004,
  adult: 0.015,
  elderly: 0.002,
};

function ageRange(g: Group): [number, number] {
  switch (g) {
    case "working":
    case "flexible":
      return [20, 59];
    case "retiree":
      return [55, 95];
    case "child":
      return [0, 17];
    case "adult":
      return [19, 59]; // 1501 needs 18 on the enrolment's start, a year before
    case "elderly":
      return [60, 95];
  }
}

export function generatePopulation(
  seed: number,
  profile: RegionProfile,
  insured: number,
  year: number,
): Population {
  const births = Math.round(insured * LIFE.births);
  const arrivals = Math.round(insured * LIFE.transfersIn);
  const n = insured + births + arrivals;
  const working = Math.round(insured * MIX.employees * (1 - MIX.retireesOfEmployees));
  const employers = Math.max(
    1,
    Math.ceil((working * (1 - MIX.flexibleOfWorking)) / MIX.employeesPerEmployer),
  );
  const p: Population = {
    base: insured,
    births,
    arrivals,
    employers,
    certno: new Array<string>(n),
    county: new Uint8Array(n),
    gender: new Uint8Array(n),
    birth: new Int32Array(n),
    group: new Uint8Array(n),
    employer: new Int32Array(n).fill(-1),
    assistance: new Uint8Array(n),
    chronic: new Uint8Array(n),
    deathDay: new Int16Array(n),
    leaveDay: new Int16Array(n),
    arriveDay: new Int16Array(n),
    mother: new Int32Array(n).fill(-1),
    notPaying: new Uint8Array(n),
  };
  const cells = new Map<number, number>();
  const certno = (region: string, regionIdx: number, b: number, gender: number) => {
    const key = (regionIdx * 100_000_000 + b) * 2 + (gender === 1 ? 1 : 0);
    const k = cells.get(key) ?? 0;
    cells.set(key, k + 1);
    if (k >= 500) throw new RangeError("more than 500 persons born on one day in one county");
    return makeCertno(region, String(b), k * 2 + (gender === 1 ? 1 : 0));
  };
  const daysInYear = dayNumber(year, 12, 31);
  const r = prng(streamSeed(seed, "population"));
  const shares = groupShares();
  for (let i = 0; i < insured; i++) {
    const g = GROUPS[weighted(r, shares)]!;
    drawPerson(p, i, g, r, year, profile.counties.length);
    p.certno[i] = certno(profile.counties[p.county[i]!]!.code, p.county[i]!, p.birth[i]!, p.gender[i]!);
    // retirees stay on their last employer's roll (the employer registers them; they pay nothing)
    if (g === "working" || g === "retiree") p.employer[i] = r.int(0, employers - 1);
    if (!isEmployeeGroup(G[g])) {
      const a = r.next();
      const { tk, db, jc } = MIX.assistance;
      p.assistance[i] = a < tk ? 1 : a < tk + db ? 2 : a < tk + db + jc ? 3 : 0;
      // the assisted have their premium paid (资助参保); of the others some do not pay
      p.notPaying[i] = p.assistance[i] === 0 && r.chance(MIX.residentsNotPaying) ? 1 : 0;
    }
    p.chronic[i] = r.chance(CHRONIC_SHARE[careGroupOf(G[g])]) ? 1 : 0;
    if (r.chance(DEATH[g])) p.deathDay[i] = r.int(1, daysInYear);
    else if (r.chance(LEAVE[g])) p.leaveDay[i] = r.int(15, daysInYear - 15);
  }
  drawNewborns(p, r, year, daysInYear, profile, certno);
  drawArrivals(p, r, year, daysInYear, certno);
  return p;
}

function groupShares(): number[] {
  const e = MIX.employees;
  const working = e * (1 - MIX.retireesOfEmployees);
  const res = 1 - e;
  return [
    working * (1 - MIX.flexibleOfWorking),
    working * MIX.flexibleOfWorking,
    e * MIX.retireesOfEmployees,
    res * MIX.childrenOfResidents,
    res * (1 - MIX.childrenOfResidents - MIX.elderlyOfResidents),
    res * MIX.elderlyOfResidents,
  ];
}

function drawPerson(p: Population, i: number, g: Group, r: Rng, year: number, counties: number) {
  const [lo, hi] = ageRange(g);
  // older ages thin out: draw twice and keep the younger for retirees and the elderly
  let age = r.int(lo, hi);
  if (g === "retiree" || g === "elderly") age = Math.min(age, r.int(lo, hi));
  p.group[i] = G[g];
  p.county[i] = r.int(0, counties - 1);
  p.gender[i] = r.chance(0.5) ? 1 : 2;
  const by = year - 1 - age;
  const bm = r.int(1, 12);
  p.birth[i] = by * 10_000 + bm * 100 + r.int(1, daysInMonth(by, bm));
}

function drawNewborns(
  p: Population,
  r: Rng,
  year: number,
  daysInYear: number,
  profile: RegionProfile,
  certno: (region: string, idx: number, b: number, g: number) => string,
) {
  // mothers: women of 20-40 among the working and adult residents, alive at the birth
  const mothers: number[] = [];
  for (let i = 0; i < p.base; i++) {
    const g = GROUPS[p.group[i]!]!;
    const age = year - Math.floor(p.birth[i]! / 10_000);
    if (p.gender[i] === 2 && age >= 20 && age <= 40 && (g === "working" || g === "flexible" || g === "adult"))
      mothers.push(i);
  }
  for (let k = 0; k < p.births; k++) {
    const i = p.base + k;
    const day = r.int(1, daysInYear - 3);
    // a mother alive and here at the birth (a newborn is registered with a parent: enrolNewborn)
    let mother = 0;
    for (let tries = 0; tries < 20 && mothers.length > 0; tries++) {
      mother = mothers[r.int(0, mothers.length - 1)]!;
      if (p.deathDay[mother]! === 0 && p.leaveDay[mother]! === 0) break;
    }
    p.mother[i] = mother;
    p.group[i] = G.child;
    p.county[i] = p.county[mother]!;
    p.gender[i] = r.chance(0.512) ? 1 : 2;
    const date = dayOfYear(year, day);
    p.birth[i] = Number(date.replace(/-/g, ""));
    p.arriveDay[i] = day;
    p.certno[i] = certno(profile.counties[p.county[i]!]!.code, p.county[i]!, p.birth[i]!, p.gender[i]!);
  }
}

/** Arrivals come from ELSEWHERE (profiles.ts): registered there first, then transferred in. */
function drawArrivals(
  p: Population,
  r: Rng,
  year: number,
  daysInYear: number,
  certno: (region: string, idx: number, b: number, g: number) => string,
) {
  for (let k = 0; k < p.arrivals; k++) {
    const i = p.base + p.births + k;
    const g: Group = r.chance(0.6) ? "flexible" : "adult";
    drawPerson(p, i, g, r, year, 1);
    p.county[i] = 0;
    p.arriveDay[i] = r.int(15, daysInYear - 30);
    p.chronic[i] = r.chance(CHRONIC_SHARE[careGroupOf(G[g])]) ? 1 : 0;
    p.certno[i] = certno("510104", 250, p.birth[i]!, p.gender[i]!);
  }
}

/** Day of the year (1-based) of a date. */
export function dayNumber(year: number, month: number, day: number): number {
  return Math.round((Date.UTC(year, month - 1, day) - Date.UTC(year, 0, 1)) / 86_400_000) + 1;
}

/** psn_type of a person at the start of the year (newborns 1401, registered when born). */
export function psnTypeOf(p: Population, i: number, year: number): string {
  const g = GROUPS[p.group[i]!]!;
  if (i >= p.base && i < p.base + p.births) return "1401";
  const age = year - 1 - Math.floor(p.birth[i]! / 10_000);
  switch (g) {
    case "working":
      return "1101";
    case "flexible":
      return "1103";
    case "retiree":
      return "1201";
    case "child":
      return age <= 6 ? "1402" : "1403";
    default:
      return "1501";
  }
}
