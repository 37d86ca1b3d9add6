import type { FeeLineInput } from "../settlement/fee-lines.ts";
import type { Item, Use } from "./catalogue.ts";
import { type Rng, logNormal } from "./prng.ts";

/**
 * The fee lines of a simulated bill, as a HIS uploads them (2204): items of the catalogue at the
 * region's price level (a few charged above their cap, so over-limit self-pay occurs), quantities
 * chosen so the bill comes near the target cost drawn for the visit.
 */
export interface BillContext {
  items: Map<Use, Item[]>;
  priceLevel: number;
}

const DAY_MS = 86_400_000;

class Bill {
  readonly lines: FeeLineInput[] = [];
  total = 0;
  constructor(
    private readonly r: Rng,
    private readonly ctx: BillContext,
  ) {}

  pick(use: Use): Item {
    const list = this.ctx.items.get(use)!;
    return list[this.r.int(0, list.length - 1)]!;
  }

  /** What the hospital charges for an item: near its cap, now and then above it. */
  price(item: Item): number {
    const base = item.price * this.ctx.priceLevel;
    const p = item.capped
      ? this.r.chance(0.04)
        ? item.price * (1.02 + this.r.next() * 0.18)
        : base * (0.9 + this.r.next() * 0.1)
      : base * (0.95 + this.r.next() * 0.1);
    return Math.max(0.01, Math.round(p * 100) / 100);
  }

  add(item: Item, quantity: number, at: Date, price = this.price(item)) {
    const cnt = Math.max(1, Math.round(quantity));
    this.lines.push({
      feedetlSn: String(this.lines.length + 1),
      code: item.code,
      pric: price.toFixed(2),
      cnt: String(cnt),
      feeTime: at,
    });
    this.total += price * cnt;
  }

  /** Drugs filling what is left of the target, spread over `n` items. */
  fill(use: Use, n: number, target: number, at: Date) {
    const left = Math.max(target - this.total, n * 5);
    for (let k = 0; k < n; k++) {
      const item = this.pick(use);
      const price = this.price(item);
      this.add(item, left / n / price, at, price);
    }
  }
}

export function outpatientBill(r: Rng, ctx: BillContext, level: number, target: number, at: Date) {
  const b = new Bill(r, ctx);
  b.add(b.pick("consult"), 1, at);
  const tests = level === 1 ? (r.chance(0.3) ? 1 : 0) : r.int(0, 2);
  for (let k = 0; k < tests; k++) b.add(b.pick(r.chance(0.7) ? "test" : "imaging"), 1, at);
  b.fill(r.chance(0.2) ? "tcm" : "drug", r.int(1, 2), target * logNormal(r, 0.35), at);
  return b.lines;
}

export function chronicBill(r: Rng, ctx: BillContext, target: number, at: Date) {
  const b = new Bill(r, ctx);
  b.add(b.pick("consult"), 1, at);
  if (r.chance(0.3)) b.add(b.pick("test"), 1, at);
  b.fill("chronic_drug", r.int(1, 3), target * logNormal(r, 0.3), at);
  return b.lines;
}

export function pharmacyBill(r: Rng, ctx: BillContext, target: number, at: Date) {
  const b = new Bill(r, ctx);
  b.fill(
    r.chance(0.3) ? "tcm" : r.chance(0.5) ? "chronic_drug" : "drug",
    r.int(1, 3),
    target * logNormal(r, 0.5),
    at,
  );
  return b.lines;
}

/** A stay: beds and nursing for each day, tests and imaging, an operation if surgical, drugs to the cost. */
export function inpatientBill(
  r: Rng,
  ctx: BillContext,
  stay: { los: number; cost: number; surgical: boolean; caesarean?: boolean },
  admitted: Date,
) {
  const b = new Bill(r, ctx);
  const day = (k: number) => new Date(admitted.getTime() + Math.min(k, stay.los) * DAY_MS);
  b.add(b.pick("bed"), stay.los, day(0));
  b.add(b.pick("nursing"), stay.los, day(0));
  b.add(b.pick("consult"), r.int(1, 2), day(0));
  for (let k = 0, n = r.int(2, 5); k < n; k++) b.add(b.pick("test"), r.int(1, 3), day(k % stay.los));
  for (let k = 0, n = r.int(1, 2); k < n; k++) b.add(b.pick("imaging"), 1, day(1));
  b.add(b.pick("treatment"), stay.los, day(0));
  b.add(b.pick("material"), r.int(2, 10), day(0));
  if (stay.surgical) {
    b.add(b.pick(stay.caesarean ? "caesarean" : "surgery"), 1, day(1));
    if (!stay.caesarean && r.chance(0.3)) b.add(b.pick("implant"), 1, day(1));
  }
  b.fill("drug", r.int(3, 7), stay.cost, day(Math.floor(stay.los / 2)));
  return b.lines;
}
