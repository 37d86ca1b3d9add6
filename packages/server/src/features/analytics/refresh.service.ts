import { beijingMonth } from "@yibao/core/time";
import { allocate } from "@yibao/core/payment";
import { sql } from "kysely";
import type { Db, Executor } from "../../db/database.ts";
import {
  type MonthRange,
  deleteRange,
  inpatientPoolShares,
  insertEnrolmentMonths,
  insertFundMonths,
  insertFundRow,
  insertSettlementMonths,
  latestRuns,
  recordRefresh,
  runCaseShares,
  subtreeOf,
} from "./refresh.repository.ts";

export type { MonthRange } from "./refresh.repository.ts";

/**
 * Recomputes the monthly aggregates of the months `from`..`to` of a year from the ledgers, in one
 * transaction: readers see the old figures until the new ones are complete. After a refresh the
 * aggregates equal the ledgers as they were at its start (a settlement landing meanwhile is in
 * the next refresh). `now` is the caller's clock, recorded as the figures' "as of".
 */
export async function refreshMonths(db: Db, range: MonthRange, now: Date, options: RefreshOptions = {}) {
  if (range.from < 1 || range.to > 12 || range.from > range.to) throw new RangeError("months 1..12");
  const started = performance.now();
  await db.transaction().execute(async (trx) => {
    // The fund statement's estimated cost (its correlated parts) sets PostgreSQL compiling it
    // with LLVM (JIT, inlined and optimised): 10.9 s of a 13.8 s month at 100,000 insured, to
    // save a fraction of a second of running it. (PGlite has no JIT and takes the setting.)
    await sql`set local jit = off`.execute(trx);
    await deleteRange(trx, range, !options.keepSettlements);
    if (!options.keepSettlements) await insertSettlementMonths(trx, range);
    await insertEnrolmentMonths(trx, range);
    await insertFundMonths(trx, range);
    if (range.to === 12) await apportionHospitalPayments(trx, range.year);
    await recordRefresh(trx, range, now, Math.round(performance.now() - started));
  });
  return { ...range, tookMs: Math.round(performance.now() - started) };
}

export interface RefreshOptions {
  /**
   * Keep the months' settlement aggregates as they are and recompute the rest from them (the
   * funds, the insured, the liquidation's hospital payments). Only for a caller that refreshed
   * those months after their last settlement and knows nothing they are counted by changed since
   * (the simulator's year end: every month was refreshed after its care, and the liquidation
   * writes no settlement); otherwise the figures would not equal the ledgers.
   */
  keepSettlements?: boolean;
}

/** The months a running server refreshes each time: the current Beijing month and the one before. */
export function recentRanges(now: Date): MonthRange[] {
  const [year, month] = beijingMonth(now).split("-").map(Number) as [number, number];
  if (month > 1) return [{ year, from: month - 1, to: month }];
  return [
    { year: year - 1, from: 12, to: 12 },
    { year, from: 1, to: 1 },
  ];
}

/**
 * Year-end liquidation (年终清算) changes what the hospitals are paid for their inpatient cases:
 * the fund pays what the run says (payable) instead of what the settlements paid (fund-paid of
 * the cases). The difference is the fund's "hospital payments" of the year, booked in December in
 * the run's region, shared between the employee and the resident pool as their pool payments for
 * the run's cases are (cases settled here are found by their setl_id; otherwise the region's
 * inpatient pool payments of the year give the shares). Split exactly (largest remainder).
 */
async function apportionHospitalPayments(ex: Executor, year: number) {
  for (const run of await latestRuns(ex, year)) {
    if (run.net === 0n) continue;
    let shares = await runCaseShares(ex, run.id);
    if (shares.every((s) => s.paid === 0n))
      shares = await inpatientPoolShares(ex, await subtreeOf(ex, run.region_code), year);
    const byType = (t: string) => shares.filter((s) => s.insutype === t).reduce((a, s) => a + s.paid, 0n);
    const weights = [byType("310"), byType("390")];
    if (weights[0] === 0n && weights[1] === 0n) weights[0] = 1n;
    const magnitude = run.net < 0n ? -run.net : run.net;
    const parts = allocate(magnitude, weights).map((p) => (run.net < 0n ? -p : p));
    for (const [i, fund] of ["310100", "390100"].entries())
      await insertFundRow(ex, {
        region_code: run.region_code,
        year,
        month: 12,
        fund_code: fund,
        item: "hospital_payments",
        amount: parts[i]!,
      });
  }
}
