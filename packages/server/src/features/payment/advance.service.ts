import { YibaoError, fieldError } from "@yibao/core/errors";
import { monthlyAdvance } from "@yibao/core/payment";
import type { Actor } from "../../audit/audit.ts";
import type { Db } from "../../db/database.ts";
import { flatLiquidation, flatStatement } from "./flat-run.ts";
import {
  advancesOfRun,
  dischargesOfMonth,
  findAdvanceRun,
  firstAdvancedOf,
  insertAdvances,
} from "./payment.repository.ts";
import { storeRun } from "./payment.service.ts";

export interface AdvanceInput {
  region: string;
  month: string; // yyyy-MM
  annualBudget: bigint; // fen
  advanceRatio?: bigint; // x 10^4, default 90%
}

/** An advance as answered: the run and what each hospital was advanced. */
export interface Advance {
  runId: bigint;
  total: bigint;
  hospitals: { code: string; amount: bigint }[];
  replayed: boolean;
}

/**
 * Monthly pre-settlement (月度预结算) of the region's DRG hospitals: the month's twelfth of the
 * annual budget x the advance ratio, split by the points of the cases they discharged that month
 * (one provisional point a case: the year's weights are final only at year end).
 *
 * Once per region and month: a repeat answers the first advance; the same month with another
 * budget, or for a hospital another region's advance already paid for the month, is
 * PAY_ADVANCE_EXISTS. Unique keys decide (liquidation_runs_advance, drg_advances), so copies that
 * arrive at once pay the month once too.
 */
export async function advanceMonth(db: Db, actor: Actor, input: AdvanceInput): Promise<Advance> {
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(input.month))
    throw fieldError("FIELD_INVALID", "month", "month must be yyyy-MM");
  if (input.annualBudget <= 0n)
    throw fieldError("AMOUNT_NEGATIVE", "annualBudget", "annualBudget must be positive");
  const prior = await findAdvanceRun(db, input.region, input.month);
  if (prior) return repeatOf(db, prior, input);
  const points = await monthPoints(db, input.region, input.month);
  if (points.size === 0)
    throw new YibaoError("PAY_NO_CASES", `No DRG cases discharged in ${input.month} in ${input.region}`, {
      field: "month",
    });
  try {
    await refuseAdvancedHospitals(db, [...points.keys()], input.month);
  } catch (err) {
    // A copy of this request may have paid the month since the lookup above: answer it.
    const winner = await findAdvanceRun(db, input.region, input.month);
    if (winner) return repeatOf(db, winner, input);
    throw err;
  }
  const amounts = monthlyAdvance(input.annualBudget, input.advanceRatio ?? 9_000n, points);
  try {
    const run = await storeAdvance(db, actor, input, points, amounts);
    const hospitals = [...amounts].map(([code, amount]) => ({ code, amount }));
    return { runId: run.runId, total: run.totals.payable, hospitals, replayed: false };
  } catch (err) {
    if ((err as { code?: string }).code !== "23505") throw err;
    const winner = await findAdvanceRun(db, input.region, input.month);
    if (winner) return repeatOf(db, winner, input);
    await refuseAdvancedHospitals(db, [...points.keys()], input.month);
    throw err;
  }
}

/** Provisional points of the month per DRG hospital: one point (x 10^4) per discharged case. */
async function monthPoints(db: Db, region: string, month: string) {
  const rows = await dischargesOfMonth(db, region, month);
  return new Map(rows.map((r) => [r.code, r.cases * 10_000n]));
}

function storeAdvance(
  db: Db,
  actor: Actor,
  input: AdvanceInput,
  points: Map<string, bigint>,
  amounts: Map<string, bigint>,
) {
  const statements = [...amounts].map(([code, amount]) =>
    flatStatement(code, amount, { points: points.get(code)! }),
  );
  const liquidation = flatLiquidation(
    statements,
    [...points.values()].reduce((s, p) => s + p, 0n),
  );
  const total = liquidation.totals.payable;
  const year = Number(input.month.slice(0, 4));
  return storeRun(db, actor, { region: input.region, year, budget: total }, "advance", year, liquidation, {
    period: input.month,
    annualBudget: input.annualBudget,
    also: (trx, runId) =>
      insertAdvances(
        trx,
        runId,
        input.month,
        statements.map((s) => ({ code: s.hospital, amount: s.payable })),
      ),
  });
}

/** The first advance of the month, if this request repeats it (same budget); else refused. */
async function repeatOf(
  db: Db,
  prior: { id: bigint; annual_budget: bigint | null; budget: bigint },
  input: AdvanceInput,
): Promise<Advance> {
  if (prior.annual_budget !== input.annualBudget)
    throw new YibaoError(
      "PAY_ADVANCE_EXISTS",
      `${input.month} was advanced already, with another annual budget`,
      {
        field: "annualBudget",
        runId: String(prior.id),
      },
    );
  const hospitals = await advancesOfRun(db, prior.id);
  return { runId: prior.id, total: prior.budget, hospitals, replayed: true };
}

/** A hospital is advanced once a month: refuses if another region's advance already covered one. */
async function refuseAdvancedHospitals(db: Db, codes: string[], month: string) {
  const taken = await firstAdvancedOf(db, codes, month);
  if (taken)
    throw new YibaoError(
      "PAY_ADVANCE_EXISTS",
      `${taken.institution_code} was advanced for ${month} already`,
      {
        field: "region",
        runId: String(taken.run_id),
        fixmedins_code: taken.institution_code,
      },
    );
}
