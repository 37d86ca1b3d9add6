import { type Fen, divRoundHalfUp } from "../money/index.ts";
import { type GroupWeight, SCALE } from "./weights.ts";

/**
 * Points of one case (病例点数) for a period, all scaled by 10^4:
 * - normal: base points x the hospital's adjustment coefficient;
 * - high-cost outlier (高倍率, cost >= highMultiple x group mean): normal points plus base points
 *   for the cost above the threshold, (cost / mean - highMultiple) x base x coefficient;
 * - low-cost outlier (低倍率, cost <= lowMultiple x group mean): base x coefficient x cost / mean;
 * - special review (特病单议): paid on review, base x coefficient x cost / mean;
 * - no weight for the group (new or ungroupable): points by cost against the regional mean cost.
 */
export interface PointRules {
  highMultiple: bigint; // x 10^4, e.g. 30000 = 3x
  lowMultiple: bigint; // x 10^4, e.g. 4000 = 0.4x
}

export const DEFAULT_POINT_RULES: PointRules = { highMultiple: 30_000n, lowMultiple: 4_000n };

export type CaseKind = "normal" | "high" | "low" | "review" | "unweighted";

export interface CasePoints {
  kind: CaseKind;
  points: bigint; // x 10^4
  explain: string;
}

export function casePoints(
  cost: Fen,
  weight: GroupWeight | undefined,
  coefficient: bigint, // x 10^4
  regionalMeanCost: Fen,
  specialReview: boolean,
  rules: PointRules = DEFAULT_POINT_RULES,
): CasePoints {
  if (!weight || weight.meanCost === 0n) {
    const p =
      regionalMeanCost === 0n
        ? 0n
        : divRoundHalfUp(100n * SCALE * cost * coefficient, regionalMeanCost * SCALE);
    return { kind: "unweighted", points: p, explain: `no weight: 100 x cost/regional mean x coefficient` };
  }
  const base = divRoundHalfUp(weight.basePoints * coefficient, SCALE);
  const ratio = divRoundHalfUp(cost * SCALE, weight.meanCost); // cost / mean x 10^4
  if (specialReview) {
    return {
      kind: "review",
      points: divRoundHalfUp(base * ratio, SCALE),
      explain: "special review: base x coefficient x cost/mean",
    };
  }
  if (ratio >= rules.highMultiple) {
    const extra = divRoundHalfUp(base * (ratio - rules.highMultiple), SCALE);
    return {
      kind: "high",
      points: base + extra,
      explain: `high-cost outlier: cost/mean ${ratio} >= ${rules.highMultiple}`,
    };
  }
  if (ratio <= rules.lowMultiple) {
    return {
      kind: "low",
      points: divRoundHalfUp(base * ratio, SCALE),
      explain: `low-cost outlier: cost/mean ${ratio} <= ${rules.lowMultiple}`,
    };
  }
  return { kind: "normal", points: base, explain: "base points x coefficient" };
}
