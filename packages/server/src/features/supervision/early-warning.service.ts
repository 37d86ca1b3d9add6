import { fieldError } from "@yibao/core/errors";
import { yuanToFen } from "@yibao/core/money";
import type { Executor } from "../../db/database.ts";
import { recipientsOverCost, settlementsOf } from "./early-warning.repository.ts";

/**
 * High-cost early warning for assistance recipients (高额医疗费用预警): a recipient whose personal
 * cost of the year so far reaches a threshold is listed with the highest threshold reached and the
 * settlements behind it, so that assistance is offered before the family falls back into poverty.
 * The thresholds are the caller's (a region sets its own); these are the default.
 */
export const DEFAULT_THRESHOLDS = ["5000.00", "10000.00", "30000.00"];

export function parseThresholds(texts: readonly string[]): bigint[] {
  const out = texts.map((t) => yuanToFen(t, "thresholds"));
  if (out.length === 0 || out.some((v) => v <= 0n))
    throw fieldError("FIELD_INVALID", "thresholds", "thresholds are positive amounts");
  return [...new Set(out)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

export async function earlyWarnings(ex: Executor, year: number, thresholds: bigint[], limit = 200) {
  const rows = await recipientsOverCost(ex, year, thresholds[0]!, limit);
  const settlements = await settlementsOf(
    ex,
    rows.map((r) => r.person_id),
    year,
  );
  return rows.map((r) => {
    const cost = BigInt(r.personal_cost);
    return {
      ...r,
      personalCost: cost,
      medfee: BigInt(r.medfee),
      threshold: thresholds.filter((t) => t <= cost).at(-1)!,
      settlements: settlements.filter((s) => s.person_id === r.person_id),
    };
  });
}
