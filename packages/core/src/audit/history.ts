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
 * Drug supplies of one key as (date, date + days) pairs, keeping only those not dominated (an
 * earlier-or-same date with a later-or-same end makes a supply irrelevant to "the largest
 * date + days among supplies dated on or before x"). Dates and ends then both increase, so the
 * answer is the end of the last supply dated on or before x.
 */
export class SupplyFrontier {
  private readonly dates: number[] = [];
  private readonly ends: number[] = [];

  /** Index of the last supply dated on or before `day`, or -1. */
  private lastOnOrBefore(day: number): number {
    let lo = 0;
    let hi = this.dates.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.dates[mid]! <= day) lo = mid + 1;
      else hi = mid;
    }
    return lo - 1;
  }

  /** The largest date + days among supplies dated on or before `day`, or null. */
  latestEnd(day: number): number | null {
    const i = this.lastOnOrBefore(day);
    return i < 0 ? null : this.ends[i]!;
  }

  add(day: number, end: number): void {
    const i = this.lastOnOrBefore(day);
    if (i >= 0 && this.ends[i]! >= end) return; // dominated
    const at = i >= 0 && this.dates[i] === day ? i : i + 1; // same date, later end: replace
    let drop = at;
    while (drop < this.dates.length && this.ends[drop]! <= end) drop++;
    this.dates.splice(at, drop - at, day);
    this.ends.splice(at, drop - at, end);
  }
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
    return this.supplies?.get(key)?.latestEnd(day) ?? null;
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
    let f = this.supplies.get(key);
    if (!f) {
      f = new SupplyFrontier();
      this.supplies.set(key, f);
    }
    f.add(day, day + days);
  }
}
