import { type Rng, prng, streamSeed } from "./prng.ts";
import type { RegionProfile } from "./profiles.ts";
import type { SimInstitution } from "./world.ts";

/**
 * The region's designated institutions (定点医药机构), in proportion to its size (for a million
 * insured: 10 tertiary, 24 secondary, 60 primary, 150 pharmacies; never fewer than 3, 6, 3, 3, so that a small region has a per-diem hospital too).
 * Tertiary hospitals are paid by DRG (7 in 10) or DIP; secondary ones by DRG, DIP or, for long
 * stays (mental health, rehabilitation), per diem; primary care by capitation or fee for service.
 * Codes carry the city's code (H530100 00001), so several regions live in one database.
 */
export function regionInstitutions(seed: number, p: RegionProfile, insured: number): SimInstitution[] {
  const r = prng(streamSeed(seed, "institutions", p.code));
  const s = insured / 1_000_000;
  const count = (per: number, min: number) => Math.max(min, Math.round(per * s));
  const out: SimInstitution[] = [];
  let hospital = 0;
  let pharmacy = 0;
  const code = (prefix: "H" | "P") =>
    `${prefix}${p.code}${String(prefix === "H" ? ++hospital : ++pharmacy).padStart(5, "0")}`;
  const county = (i: number) => i % p.counties.length;
  for (let i = 0, n = count(10, 3); i < n; i++)
    out.push({
      code: code("H"),
      name: p.hospitals[i] ?? `${p.short}市第${i + 1}人民医院`,
      kind: "hospital",
      level: 3,
      payment: r.chance(0.7) ? "drg" : "dip",
      county: -1,
    });
  for (let i = 0, n = count(24, 6); i < n; i++) {
    const c = county(i);
    const longStay = i % 6 === 5;
    out.push({
      code: code("H"),
      name: longStay
        ? `${p.counties[c]!.name}${i % 12 === 5 ? "精神卫生中心" : "康复医院"}`
        : `${p.counties[c]!.name}${i < p.counties.length ? "" : `第${Math.floor(i / p.counties.length) + 1}`}人民医院`,
      kind: "hospital",
      level: 2,
      payment: longStay ? "per_diem" : pick(r, ["drg", "drg", "dip"]),
      county: c,
    });
  }
  for (let i = 0, n = count(60, 3); i < n; i++) {
    const c = county(i);
    out.push({
      code: code("H"),
      name: `${p.counties[c]!.name}第${Math.floor(i / p.counties.length) + 1}社区卫生服务中心`,
      kind: "primary",
      level: 1,
      payment: r.chance(0.7) ? "capitation" : "ffs",
      county: c,
    });
  }
  for (let i = 0, n = count(150, 3); i < n; i++) {
    const c = county(i);
    out.push({
      code: code("P"),
      name: `${pick(r, ["一心堂", "健之佳", "老百姓大药房", "鸿翔"])}(${p.counties[c]!.name}${Math.floor(i / p.counties.length) + 1}店)`,
      kind: "pharmacy",
      level: 1,
      payment: "ffs",
      county: c,
    });
  }
  return out;
}

const pick = <T>(r: Rng, xs: readonly T[]): T => xs[r.int(0, xs.length - 1)]!;

/** Institutions by kind and level, and by county, for choosing where a visit goes. */
export class InstitutionIndex {
  private readonly byKey = new Map<string, number[]>();

  constructor(readonly list: SimInstitution[]) {
    list.forEach((inst, i) => {
      for (const key of [`${inst.kind}:${inst.level}`, `${inst.kind}:${inst.level}:${inst.county}`]) {
        const xs = this.byKey.get(key) ?? [];
        xs.push(i);
        this.byKey.set(key, xs);
      }
    });
  }

  /** An institution of the kind and level, in the county when it has one (the nearest care). */
  choose(r: Rng, kind: SimInstitution["kind"], level: number, county: number): number {
    const local = this.byKey.get(`${kind}:${level}:${county}`);
    const any = this.byKey.get(`${kind}:${level}`) ?? this.byKey.get(`hospital:${level}`) ?? [0];
    const xs = local && r.chance(0.8) ? local : any;
    return xs[r.int(0, xs.length - 1)]!;
  }
}
