import {
  type AuditParams,
  type ChronicDx,
  type DxAge,
  type DxSex,
  type DxSupport,
  type Item,
  type ItemPair,
  type RuleSetting,
  type StockEntry,
  type Validity,
  inForce,
} from "./kb-types.ts";

/** A parameter's value over one validity (params.csv may version a key). */
export interface ParamVersion<T> {
  value: T;
  validity: Validity;
}

export type ParamVersions = { [K in keyof AuditParams]-?: ParamVersion<AuditParams[K]>[] };

export interface KnowledgeBaseData {
  items: ReadonlyMap<string, readonly Item[]>; // versions of each code
  pairs: readonly ItemPair[];
  dxSex: readonly DxSex[];
  dxAge: readonly DxAge[];
  dxSupport: readonly DxSupport[];
  chronicDx: readonly ChronicDx[];
  params: Partial<ParamVersions>;
  rules: ReadonlyMap<string, readonly RuleSetting[]>; // versions of each rule key
  stock: readonly StockEntry[];
}

/**
 * A loaded knowledge base: lookups by day. Resolved parameters and rule settings are cached per
 * day (a year of visits has a few hundred distinct days), so versioning costs one map lookup.
 */
export class KnowledgeBase {
  /** Pairs by each of their two codes. */
  readonly pairsByCode: ReadonlyMap<string, readonly ItemPair[]>;
  /** Codes with a per-period frequency limit: the only lines the history keeps for frequency-over-period. */
  readonly frequencyCodes: ReadonlySet<string>;
  /** Whether some code has several versions (validity periods) in items.csv. */
  readonly itemsVersioned: boolean;
  /** Stock entries by institution, then code. */
  readonly stock: ReadonlyMap<string, ReadonlyMap<string, readonly StockEntry[]>>;
  private readonly paramsCache = new Map<number, AuditParams>();
  private readonly rulesCache = new Map<number, ReadonlyMap<string, RuleSetting>>();

  constructor(readonly data: KnowledgeBaseData) {
    this.pairsByCode = groupBy(data.pairs, (p) => [p.a, p.b]);
    this.frequencyCodes = new Set(
      [...data.items.values()].flat().flatMap((i) => (i.maxTimes !== null ? [i.code] : [])),
    );
    this.itemsVersioned = [...data.items.values()].some((versions) => versions.length > 1);
    this.stock = new Map(
      [...groupBy(data.stock, (s) => [s.institution])].map(([inst, rows]) => [
        inst,
        groupBy(rows, (s) => [s.code]),
      ]),
    );
  }

  /** item(L): the version of `code` in force on `day`; undefined = unknown. */
  itemAt(code: string, day: number): Item | undefined {
    const versions = this.data.items.get(code);
    if (!versions) return undefined;
    for (const v of versions) if (inForce(v.validity, day)) return v;
    return undefined;
  }

  /** The parameters in force on `day` (the loader checked every required key covers every day). */
  paramsAt(day: number): AuditParams {
    let p = this.paramsCache.get(day);
    if (!p) {
      const out: Record<string, unknown> = {};
      for (const [key, versions] of Object.entries(this.data.params)) {
        const v = (versions as ParamVersion<unknown>[]).find((x) => inForce(x.validity, day));
        if (v) out[key] = v.value;
      }
      p = out as unknown as AuditParams;
      this.paramsCache.set(day, p);
    }
    return p;
  }

  /** The setting of each rule key in force on `day` (a key without one is not in force). */
  rulesAt(day: number): ReadonlyMap<string, RuleSetting> {
    let r = this.rulesCache.get(day);
    if (!r) {
      const m = new Map<string, RuleSetting>();
      for (const [key, versions] of this.data.rules) {
        const v = versions.find((x) => inForce(x.validity, day));
        if (v) m.set(key, v);
      }
      r = m;
      this.rulesCache.set(day, r);
    }
    return r;
  }
}

function groupBy<T>(rows: readonly T[], keys: (row: T) => string[]): ReadonlyMap<string, readonly T[]> {
  const m = new Map<string, T[]>();
  for (const r of rows)
    for (const k of new Set(keys(r))) {
      const list = m.get(k);
      if (list) list.push(r);
      else m.set(k, [r]);
    }
  return m;
}
