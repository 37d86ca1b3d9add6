import { YibaoError, isYibaoError } from "@yibao/core/errors";
import { type Actor, SYSTEM_ACTOR } from "../../audit/audit.ts";
import type { Db } from "../../db/database.ts";
import { refreshMonths } from "../analytics/refresh.service.ts";
import { liquidateOtherMethods } from "../payment/other-methods.service.ts";
import { liquidateYear } from "../payment/payment.service.ts";
import type { SettlementContext } from "../settlement/context.ts";
import { settleMonth } from "./care.stage.ts";
import { ensureCatalogue, itemsByUse } from "./catalogue.ts";
import { monthEvents } from "./events.ts";
import { InstitutionIndex, regionInstitutions } from "./institutions.ts";
import {
  advance,
  collectEmployees,
  collectResidentPremiums,
  fundMonth,
  lifeEvents,
  refreshMonth,
} from "./month.stage.ts";
import { planYear } from "./plan.ts";
import { generatePopulation } from "./population.ts";
import { isSimulatedCity, profileOf } from "./profiles.ts";
import { registerPopulation } from "./registry.stage.ts";
import { setupRegion } from "./setup.stage.ts";
import { analyze, batchesDone, finishRun, findRun, insertRun, markBatch } from "./simulation.repository.ts";
import type { Progress, World } from "./world.ts";

export interface SimulateOptions {
  region: string;
  insured: number;
  year: number;
  seed: number;
  /** batches of care settled at once (default 3) */
  lanes?: number;
  /** the last month to simulate (default 12: the whole year, then its liquidation) */
  months?: number;
}

/** The tables each stage fills, analyzed after it (simulation.repository.ts analyze). */
const REGISTRY_TABLES = ["employers", "persons", "enrolments", "assistance_categories", "personal_accounts"];
const CONTRIBUTION_TABLES = [
  "contribution_assessments",
  "contribution_payments",
  "account_credits",
  "account_ledger",
];
const CARE_TABLES = ["visits", "fee_lines", "settlements", "fund_ledger", "person_accumulators", "drg_cases"];

export const SIMULATOR_ACTOR: Actor = { ...SYSTEM_ACTOR, login: "simulator" };

/**
 * Simulates a pooling region for a year (docs/simulation.md): the region and its institutions,
 * catalogue and policies; its population registered; contributions month by month; a year of
 * care settled through the settlement service; births, deaths and transfers; the fund's own
 * entries; monthly DRG advances and the year-end liquidation; the monthly aggregates. Every stage
 * records what it finished (simulation_batches): run again with the same options, an interrupted
 * run continues. Deterministic for a seed (in a fresh database; ids depend on what is there).
 */
export async function simulate(
  db: Db,
  settlement: SettlementContext,
  options: SimulateOptions,
  progress: Progress,
  now: () => Date,
  debug = false,
) {
  if (!isSimulatedCity(options.region))
    throw new YibaoError("FIELD_INVALID", `${options.region} is not a city code (nnnn00)`, {
      field: "region",
    });
  const run = await startRun(db, options, now());
  const profile = profileOf(options.region);
  const population = generatePopulation(options.seed, profile, options.insured, options.year);
  const institutions = regionInstitutions(options.seed, profile, options.insured);
  const w: World = {
    db,
    actor: SIMULATOR_ACTOR,
    settlement,
    runId: run.id,
    seed: options.seed,
    year: options.year,
    insured: options.insured,
    profile,
    population,
    psnNo: new Array<string>(population.certno.length).fill(""),
    institutions,
    items: new Map(),
    lanes: options.lanes ?? 3,
    progress,
    now,
    debug,
  };
  const started = performance.now();
  const step = async (name: string, fn: () => Promise<unknown>) => {
    const done = await batchesDone(db, w.runId, name);
    if (done.has(0)) return;
    const t = performance.now();
    await fn();
    await markBatch(db, w.runId, name, 0, { ms: Math.round(performance.now() - t) }, now());
    progress.log(`${name}: ${((performance.now() - t) / 1000).toFixed(1)} s`);
  };
  w.items = itemsByUse(await ensureCatalogue(db, w.actor));
  await step("setup", () => setupRegion(w));
  await registerPopulation(w);
  await analyze(db, REGISTRY_TABLES);
  await step("premiums", () => collectResidentPremiums(w));
  await analyze(db, CONTRIBUTION_TABLES);
  const index = new InstitutionIndex(institutions);
  const last = Math.min(12, options.months ?? 12);
  let refreshing: Promise<void> | null = null;
  for (let month = 1; month <= last; month++) {
    await step(`contributions-${month}`, () => collectEmployees(w, month));
    // Last month's aggregates are made alongside this month's care, on a connection of their own
    // (a refresh is one statement at a time, leaving a core idle): after this month's
    // contributions, which pay and credit some of last month's late, and before this month's
    // fund entries, which read last month's balances. This month's care writes nothing dated
    // last month, so the figures are the same whenever the refresh reads them.
    if (month > 1) refreshing = background(step(`refresh-${month - 1}`, () => refreshMonth(w, month - 1)));
    await settleMonth(w, month, monthEvents(w.seed, w.runId, population, index, w.year, month, w.lanes));
    // after the months that (about) double the care tables: the planner scales row counts by the
    // tables' sizes itself, and the distributions change little from month to month, while each
    // analyze reads a sample of every table (analyzed each month it took about a fifth of the
    // database's time at 20,000 insured)
    if ((month & (month - 1)) === 0) await analyze(db, [...CONTRIBUTION_TABLES, ...CARE_TABLES]);
    await step(`life-${month}`, () => lifeEvents(w, month));
    await step(`advance-${month}`, () => advance(w, month));
    await refreshing;
    await step(`fund-${month}`, () => fundMonth(w, month));
  }
  await step(`refresh-${last}`, () => refreshMonth(w, last));
  if (last === 12) {
    await step("liquidation", () => liquidate(w));
    // every month's settlements were aggregated after its care (refresh-n), and the liquidation
    // settles nothing: the year end recomputes the funds (late credits, the liquidation) from them
    await step("refresh-year", () =>
      refreshMonths(db, { year: w.year, from: 1, to: 12 }, now(), { keepSettlements: true }),
    );
    await finishRun(db, w.runId, now());
  }
  return { runId: w.runId, seconds: (performance.now() - started) / 1000, persons: population.certno.length };
}

/** A promise awaited later: its failure is the awaiter's, not an unhandled rejection meanwhile. */
function background<T>(p: Promise<T>): Promise<T> {
  p.catch(() => {});
  return p;
}

async function startRun(db: Db, o: SimulateOptions, at: Date) {
  const options = { insured: o.insured, seed: o.seed };
  const existing = await findRun(db, o.region, o.year);
  if (existing) {
    if (Number(existing.seed) !== o.seed || existing.insured !== o.insured)
      throw new YibaoError(
        "SIM_OPTIONS_DIFFER",
        `A simulation of ${o.region} ${o.year} was started with seed ${existing.seed} and ${existing.insured} insured`,
        { field: "seed", options: { seed: String(existing.seed), insured: existing.insured } },
      );
    return existing;
  }
  return insertRun(db, { region: o.region, year: o.year, seed: o.seed, insured: o.insured, options, at });
}

/** 年终清算: DRG and DIP under the year's budgets, per diem and capitation. */
async function liquidate(w: World) {
  const plan = planYear(w.population, w.institutions);
  try {
    await liquidateYear(w.db, w.actor, {
      region: w.profile.code,
      year: w.year,
      budget: plan.drgBudget > 0n ? plan.drgBudget : 1n,
      ...(plan.dipBudget > 0n ? { dipBudget: plan.dipBudget } : {}),
    });
  } catch (err) {
    if (!isYibaoError(err) || err.code !== "PAY_NO_CASES") throw err;
  }
  await liquidateOtherMethods(w.db, w.actor, { region: w.profile.code, year: w.year });
}
