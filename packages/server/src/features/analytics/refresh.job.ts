import type { Db } from "../../db/database.ts";
import { compactRegistryCounts } from "../platform/stats.repository.ts";
import { recentRanges, refreshMonths } from "./refresh.service.ts";

/**
 * Keeps the dashboards' aggregates current while the server runs: every `seconds`, the current
 * Beijing month and the one before are recomputed from the ledgers (a refresh of a month of a
 * million-insured region takes seconds, docs/benchmarks.md). One refresh at a time; a failure is
 * reported and the next tick tries again. Each tick also folds the registry's kept counts (the
 * overview's, migration 0935) into one row per group. Returns the stop function (the server's close).
 */
export function startAggregateRefresh(
  db: Db,
  now: () => Date,
  seconds: number,
  report: (err: unknown) => void,
) {
  if (seconds <= 0) return () => {};
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      for (const range of recentRanges(now())) await refreshMonths(db, range, now());
      await compactRegistryCounts(db);
    } catch (err) {
      report(err);
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void tick(), seconds * 1000);
  timer.unref();
  void tick();
  return () => clearInterval(timer);
}
