import { type Fen, divRoundHalfUp } from "../money/index.ts";

/**
 * DRG relative weights from a region's history (权重测算). Costs in fen. Within each group, cases
 * outside the 2.5th-97.5th percentile are trimmed when the group has at least `minForTrim` cases,
 * so a few extreme stays do not move a group's weight. RW = trimmed group mean / trimmed mean of
 * all kept cases; base points = RW x 100. Weights are kept as integers scaled by 10^4.
 */
export interface HistoricalCase {
  group: string; // DRG (or DIP) code
  cost: Fen;
}

export interface GroupWeight {
  group: string;
  cases: number; // kept after trimming
  trimmed: number;
  meanCost: Fen; // trimmed mean, fen
  weight: bigint; // RW x 10^4
  basePoints: bigint; // RW x 100, scaled by 10^4 (i.e. points x 10^4)
}

export const SCALE = 10_000n;

export interface WeightOptions {
  lowPercentile?: number; // default 2.5
  highPercentile?: number; // default 97.5
  minForTrim?: number; // default 20
}

function trim(costs: Fen[], o: Required<WeightOptions>): Fen[] {
  if (costs.length < o.minForTrim) return costs;
  const sorted = [...costs].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const lo = Math.floor((sorted.length * o.lowPercentile) / 100);
  const hi = Math.ceil((sorted.length * o.highPercentile) / 100);
  return sorted.slice(lo, hi);
}

export function computeWeights(
  cases: HistoricalCase[],
  options: WeightOptions = {},
): Map<string, GroupWeight> {
  const o = { lowPercentile: 2.5, highPercentile: 97.5, minForTrim: 20, ...options };
  const byGroup = new Map<string, Fen[]>();
  for (const c of cases) {
    if (!byGroup.has(c.group)) byGroup.set(c.group, []);
    byGroup.get(c.group)!.push(c.cost);
  }
  const kept = new Map<string, Fen[]>();
  let total = 0n;
  let count = 0n;
  for (const [g, costs] of byGroup) {
    const k = trim(costs, o);
    kept.set(g, k);
    for (const c of k) total += c;
    count += BigInt(k.length);
  }
  const out = new Map<string, GroupWeight>();
  if (count === 0n) return out;
  for (const [g, k] of kept) {
    const sum = k.reduce((s, c) => s + c, 0n);
    const n = BigInt(k.length);
    // RW = (sum/n) / (total/count) = sum*count / (n*total)
    const weight = total === 0n ? 0n : divRoundHalfUp(sum * count * SCALE, n * total);
    out.set(g, {
      group: g,
      cases: k.length,
      trimmed: byGroup.get(g)!.length - k.length,
      meanCost: divRoundHalfUp(sum, n),
      weight,
      basePoints: weight * 100n,
    });
  }
  return out;
}
