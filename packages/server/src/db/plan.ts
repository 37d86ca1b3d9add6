import { YibaoError } from "@yibao/core/errors";
import type { Executor } from "./database.ts";
import { type Bound, type GuardedWrite, applyWrite } from "./statement.ts";

/**
 * What a write operation computes before it writes: its answer, and the one guarded statement that
 * stores it (null: nothing to store). Planning reads; only `runPlan` writes.
 */
export interface Plan<T> {
  result: T;
  write: GuardedWrite | null;
  /** Told the rows the statement answered once it landed (outside a transaction: committed). */
  landed?: (rows: Record<string, unknown>[], committed: boolean) => void;
  /** The guard did not pass: may throw the business error that explains why; else a new plan runs. */
  refused?: () => Promise<void>;
}

export const mapPlan = <T, U>(p: Plan<T>, f: (r: T) => U): Plan<U> => ({ ...p, result: f(p.result) });

/** Extra steps a caller adds to the same statement (the idempotency record of a msgid, say). */
export type ExtraSteps<T> = (result: T) => Bound[];

const MAX_ATTEMPTS = 30;

/** Deadlock and serialisation failures: the statement wrote nothing and may simply run again. */
const isRetryable = (err: unknown) => {
  const code = (err as { code?: string } | null)?.code;
  return code === "40P01" || code === "40001";
};

/**
 * Plans and writes; when the guard finds that another writer changed the rows in between, plans
 * again from fresh data. Outside a transaction a deadlock is retried too (inside one, the error
 * aborts the caller's transaction and is theirs to handle).
 */
export async function runPlan<T>(
  ex: Executor,
  make: () => Promise<Plan<T>>,
  extra?: ExtraSteps<T>,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const plan = await make();
    if (!plan.write) return plan.result;
    const write = extra ? { ...plan.write, steps: [...plan.write.steps, ...extra(plan.result)] } : plan.write;
    try {
      const rows = await applyWrite(ex, write);
      if (rows) {
        plan.landed?.(rows, !ex.isTransaction);
        return plan.result;
      }
      await plan.refused?.();
    } catch (err) {
      if (ex.isTransaction || !isRetryable(err)) throw err;
    }
    if (attempt >= MAX_ATTEMPTS)
      throw new YibaoError("CONFLICT", "The record kept changing under concurrent writers; try again", {});
    // Rarely more than one retry: the guard waited for the other writer's lock, which is now released.
    if (attempt > 3) await new Promise((r) => setTimeout(r, Math.random() * attempt));
  }
}
