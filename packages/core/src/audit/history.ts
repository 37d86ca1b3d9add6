/**
 * What the audit keeps of a person's earlier visits (AUDIT-CONTRACT section 1: the history of V is
 * the valid visits before V in the file with the same psn_no). Only what the rules read is kept,
 * compactly: a summary per visit, the charges of items with a per-period frequency limit, and for
 * each drug group the supplies that can still matter.
 */
export interface VisitSummary {
  medType: string;
  beg: number;
  end: number;
  institution: string; // fixmedins_code
  dx3: string | null; // the first 3 characters of the main diagnosis (split-admission's "category")
}

/**
 * Drug supplies of one key as (date, date + days) pairs, flat in one array ([d0, e0, d1, e1, ...]:
 * a person has many keys with one or two supplies each, and a small array is the cheapest
 * holder). Only supplies not dominated are kept: an earlier-or-same date with a later-or-same end
 * makes a supply irrelevant to "the largest date + days among supplies dated on or before x".
 * Dates and ends then both increase, so the answer is the end of the last supply dated on or
 * before x.
 */
export type SupplyFrontier = number[];

/** Index (in pairs) of the last supply dated on or before `day`, or -1. */
function lastOnOrBefore(f: SupplyFrontier, day: number): number {
  let lo = 0;
  let hi = f.length / 2;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (f[2 * mid]! <= day) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

/** The largest date + days among the supplies dated on or before `day`, or null. */
export function latestEnd(f: SupplyFrontier, day: number): number | null {
  const i = lastOnOrBefore(f, day);
  return i < 0 ? null : f[2 * i + 1]!;
}

export function addToFrontier(f: SupplyFrontier, day: number, end: number): void {
  const i = lastOnOrBefore(f, day);
  if (i >= 0 && f[2 * i + 1]! >= end) return; // dominated
  const at = i >= 0 && f[2 * i] === day ? i : i + 1; // same date, later end: replace
  let drop = at;
  while (drop < f.length / 2 && f[2 * drop + 1]! <= end) drop++;
  f.splice(2 * at, 2 * (drop - at), day, end);
}

/** Charged quantities of one code, by date (for frequency-over-period). */
export interface Charges {
  days: number[];
  qtys: bigint[]; // scale 4
}

export class PersonHistory {
  readonly visits: VisitSummary[] = [];
  /**
   * By drug key (drug_group, or the code): supplies of visits with med_type 11, 14 or 41. Created
   * when first needed, like `charges`: a file can hold millions of persons.
   */
  supplies: Map<string, SupplyFrontier> | undefined;
  /** By code, only codes with max_times / period_days. */
  charges: Map<string, Charges> | undefined;

  /** Quantity of `code` charged on days d with from < d <= to. */
  chargedBetween(code: string, fromExclusive: number, toInclusive: number): bigint {
    const c = this.charges?.get(code);
    if (!c) return 0n;
    let sum = 0n;
    for (let i = 0; i < c.days.length; i++) {
      const d = c.days[i]!;
      if (d > fromExclusive && d <= toInclusive) sum += c.qtys[i]!;
    }
    return sum;
  }

  /** The largest date + days among the supplies of `key` dated on or before `day`, or null. */
  latestSupplyEnd(key: string, day: number): number | null {
    const f = this.supplies?.get(key);
    return f ? latestEnd(f, day) : null;
  }

  addCharge(code: string, day: number, qty: bigint): void {
    this.charges ??= new Map();
    const c = this.charges.get(code);
    if (c) {
      c.days.push(day);
      c.qtys.push(qty);
    } else this.charges.set(code, { days: [day], qtys: [qty] });
  }

  addSupply(key: string, day: number, days: number): void {
    this.supplies ??= new Map();
    const f = this.supplies.get(key);
    if (f) addToFrontier(f, day, day + days);
    else this.supplies.set(key, [day, day + days]);
  }
}
