import { YibaoError, fieldError } from "@yibao/core/errors";
import { type Liquidation, monthlyAdvance } from "@yibao/core/payment";
import { sql } from "kysely";
import type { Actor } from "../../audit/audit.ts";
import type { Db } from "../../db/database.ts";
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
  const prior = await findAdvance(db, input.region, input.month);
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
    const winner = await findAdvance(db, input.region, input.month);
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
    const winner = await findAdvance(db, input.region, input.month);
    if (winner) return repeatOf(db, winner, input);
    await refuseAdvancedHospitals(db, [...points.keys()], input.month);
    throw err;
  }
}

/** Points of the month per DRG hospital of the region (or its counties): one per discharged case. */
async function monthPoints(db: Db, region: string, month: string) {
  const rows = await db
    .selectFrom("drg_cases as c")
    .innerJoin("institutions as i", "i.code", "c.institution_code")
    .innerJoin("regions as r", "r.code", "i.region_code")
    .select(["c.institution_code", sql<bigint>`count(*)`.as("n")])
    .where("i.payment_method", "=", "drg")
    .where((eb) => eb.or([eb("i.region_code", "=", region), eb("r.parent_code", "=", region)]))
    .where(sql<boolean>`to_char(c.discharge, 'YYYY-MM') = ${month}`)
    .groupBy("c.institution_code")
    .orderBy("c.institution_code")
    .execute();
  return new Map(rows.map((r) => [r.institution_code, BigInt(r.n) * 10_000n]));
}

function storeAdvance(
  db: Db,
  actor: Actor,
  input: AdvanceInput,
  points: Map<string, bigint>,
  amounts: Map<string, bigint>,
) {
  const statements: Liquidation["statements"] = [...amounts].map(([code, amount]) => ({
    hospital: code,
    coefficient: 10_000n,
    cases: [],
    points: points.get(code)!,
    drgAmount: amount,
    fundPaid: 0n,
    surplus: 0n,
    overspend: 0n,
    adjustment: 0n,
    deduction: 0n,
    deductions: [],
    payable: amount,
    advances: 0n,
    balanceDue: amount,
  }));
  const total = statements.reduce((s, x) => s + x.payable, 0n);
  const year = Number(input.month.slice(0, 4));
  const liquidation: Liquidation = {
    budget: total,
    totalPoints: [...points.values()].reduce((s, p) => s + p, 0n),
    pointValue: "0",
    statements,
    totals: { drgAmount: total, payable: total, advances: 0n, balanceDue: total },
  };
  return storeRun(db, actor, { region: input.region, year, budget: total }, "advance", year, liquidation, {
    period: input.month,
    annualBudget: input.annualBudget,
    also: async (trx, runId) => {
      await trx
        .insertInto("drg_advances")
        .values(
          statements.map((s) => ({
            institution_code: s.hospital,
            month: input.month,
            run_id: runId,
            amount: s.payable,
          })),
        )
        .execute();
    },
  });
}

async function findAdvance(db: Db, region: string, month: string) {
  return db
    .selectFrom("liquidation_runs")
    .select(["id", "annual_budget", "budget"])
    .where("method", "=", "advance")
    .where("region_code", "=", region)
    .where("period", "=", month)
    .executeTakeFirst();
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
  const rows = await db
    .selectFrom("drg_advances")
    .select(["institution_code", "amount"])
    .where("run_id", "=", prior.id)
    .orderBy("institution_code")
    .execute();
  const hospitals = rows.map((r) => ({ code: r.institution_code, amount: r.amount }));
  return { runId: prior.id, total: prior.budget, hospitals, replayed: true };
}

/** A hospital is advanced once a month: refuses if another region's advance already covered one. */
async function refuseAdvancedHospitals(db: Db, codes: string[], month: string) {
  const taken = await db
    .selectFrom("drg_advances")
    .select(["institution_code", "run_id"])
    .where("month", "=", month)
    .where("institution_code", "in", codes)
    .orderBy("institution_code")
    .executeTakeFirst();
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
