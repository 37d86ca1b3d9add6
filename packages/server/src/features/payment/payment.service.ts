import { groupCase } from "@yibao/core/drg";
import { loadChsDrg11 } from "./drg-scheme.ts";
import { YibaoError, fieldError } from "@yibao/core/errors";
import {
  type Liquidation,
  type PaidCase,
  computeWeights,
  liquidate,
  liquidateWith,
} from "@yibao/core/payment";
import { buildDipCatalogue, dipPoints } from "@yibao/core/dip";
import type { Selectable, Transaction } from "kysely";
import { type Actor, recordAudit } from "../../audit/audit.ts";
import type { Db } from "../../db/database.ts";
import type { DB } from "../../db/schema.ts";
import type { DrgCaseTable } from "./payment.table.ts";
import {
  type RunMethod,
  advancedInYear,
  casesOfYear,
  countUngrouped,
  hasCasesIn,
  insertRun,
  insertStatements,
  levelsOf,
  paidCases,
  setCaseGroups,
  ungroupedCases,
} from "./payment.repository.ts";
import { deductionsFor, markDeducted } from "../supervision/case.repository.ts";

const chsDrg = loadChsDrg11;

/** Adjustment coefficients by hospital level (x 10^4): a region may set its own. */
export const LEVEL_COEFFICIENTS: Record<string, bigint> = { "3": 10_000n, "2": 9_000n, "1": 8_000n };

/** What the grouper reads of a stored case (drg_cases' columns). */
type StoredCase = Pick<
  Selectable<DrgCaseTable>,
  "gender" | "age" | "age_days" | "weight_grams" | "los" | "discharge_way" | "diagnoses" | "procedures"
>;

/** Groups a stored case (CHS-DRG) as the year's grouping and the case page do. */
export function groupStoredCase(scheme: ReturnType<typeof chsDrg>, c: StoredCase) {
  return groupCase(scheme, {
    gender: c.gender,
    age: c.age,
    ageDays: c.age_days,
    weightGrams: c.weight_grams,
    los: c.los,
    dischargeWay: c.discharge_way ?? undefined,
    diagnoses: c.diagnoses,
    procedures: c.procedures,
  });
}

/**
 * Groups the year's ungrouped cases in batches; each batch commits, so an interrupted run
 * resumes where it stopped (grouped cases are skipped).
 */
export async function groupYear(
  db: Db,
  year: number,
  progress: (done: number, total: number) => void = () => {},
) {
  const total = await countUngrouped(db, year);
  let done = 0;
  for (;;) {
    const batch = await ungroupedCases(db, year, 2000);
    if (batch.length === 0) break;
    const groups = batch.map((c) => {
      const r = groupStoredCase(chsDrg(), c);
      return { id: c.id, mdc: r.mdc, adrg: r.adrg, drg: r.drg, scheme: chsDrg().id };
    });
    await setCaseGroups(db, groups);
    done += batch.length;
    progress(done, total);
  }
  return { grouped: done };
}

/**
 * Each hospital's terms for the year: its level's coefficient, the monthly advances it was paid,
 * and the deductions of its decided supervision cases (扣款, with their case numbers) that no
 * earlier year's liquidation took. `caseIds` are marked as taken when the run is stored.
 */
async function hospitalTerms(db: Db, cases: PaidCase[], year: number) {
  const codes = [...new Set(cases.map((c) => c.hospital))].sort();
  const levels = await levelsOf(db, codes);
  const advanced = await advancedInYear(db, codes, year);
  const decided = await deductionsFor(db, codes, year);
  const terms = codes.map((code) => {
    const own = decided.filter((d) => d.institution_code === code);
    const deductions = own.map((d) => ({ caseNo: d.case_no, amount: d.deduction! }));
    return {
      code,
      coefficient: LEVEL_COEFFICIENTS[levels.get(code) ?? "2"] ?? 10_000n,
      deduction: deductions.reduce((s, d) => s + d.amount, 0n),
      deductions,
      advances: advanced.get(code) ?? 0n,
    };
  });
  return { terms, caseIds: decided.map((d) => d.id) };
}

/** The run takes its hospitals' case deductions (a later year's run does not take them again). */
const takeDeductions =
  (caseIds: bigint[], year: number): RunExtra["also"] =>
  (trx, runId) =>
    markDeducted(trx, caseIds, year, runId);

/** What a run stores besides its statements: an advance's month and budget, rows of its own. */
export interface RunExtra {
  period?: string;
  annualBudget?: bigint;
  also?: (trx: Transaction<DB>, runId: bigint) => Promise<void>;
}

export async function storeRun(
  db: Db,
  actor: Actor,
  input: { region: string; year: number; budget: bigint },
  method: RunMethod,
  weightsYear: number,
  l: Liquidation,
  extra: RunExtra = {},
) {
  return db.transaction().execute(async (trx) => {
    const runId = await insertRun(trx, {
      region_code: input.region,
      year: input.year,
      budget: input.budget,
      total_points: l.totalPoints,
      point_value: l.pointValue,
      weights_year: weightsYear,
      method,
      period: extra.period ?? null,
      annual_budget: extra.annualBudget ?? null,
      created_by: actor.login,
    });
    await extra.also?.(trx, runId);
    await insertStatements(trx, runId, l.statements);
    await recordAudit(trx, actor, {
      action: `payment.liquidate.${method}`,
      entity: "liquidation_runs",
      entityId: runId,
      after: {
        region: input.region,
        year: input.year,
        budget: input.budget,
        pointValue: l.pointValue,
        totals: l.totals,
      },
    });
    return { runId, ...l };
  });
}

/**
 * Year-end liquidation for a region: groups what is left to group; DRG hospitals are paid by
 * points under `budget` with weights from the previous year's cases (this year's when there is no
 * history); DIP hospitals, when a `dipBudget` is given, by scores from the DIP catalogue learned
 * from the same history. Each run and one statement per hospital (every case) are stored.
 * Same inputs, same statements.
 */
export async function liquidateYear(
  db: Db,
  actor: Actor,
  input: { region: string; year: number; budget: bigint; dipBudget?: bigint },
  progress?: (done: number, total: number) => void,
) {
  if (input.budget <= 0n) throw fieldError("AMOUNT_NEGATIVE", "budget", "budget must be positive");
  await groupYear(db, input.year - 1);
  await groupYear(db, input.year, progress);
  const cases = await paidCases(db, input.year, input.region, "drg");
  if (cases.length === 0)
    throw new YibaoError("PAY_NO_CASES", `No DRG cases for ${input.region} ${input.year}`, { field: "year" });
  const history = await paidCases(db, input.year - 1, input.region, "drg");
  const weightsYear = history.length > 0 ? input.year - 1 : input.year;
  const base = history.length > 0 ? history : cases;
  const weights = computeWeights(base.map((c) => ({ group: c.group, cost: c.cost })));
  const regionalMean = base.reduce((s, c) => s + c.cost, 0n) / BigInt(base.length);
  const drgTerms = await hospitalTerms(db, cases, input.year);
  const drg = await storeRun(
    db,
    actor,
    input,
    "drg",
    weightsYear,
    liquidate(input.budget, cases, drgTerms.terms, weights, regionalMean),
    { also: takeDeductions(drgTerms.caseIds, input.year) },
  );
  let dip: Awaited<ReturnType<typeof storeRun>> | null = null;
  const dipCases = input.dipBudget ? await paidCases(db, input.year, input.region, "dip") : [];
  if (input.dipBudget && dipCases.length > 0) {
    const dipYear = (await hasCasesIn(db, input.year - 1)) ? input.year - 1 : input.year;
    const cat = await buildDip(db, dipYear);
    const byId = new Map(dipCases.map((c) => [c.id, c]));
    const dipTerms = await hospitalTerms(db, dipCases, input.year);
    const l = liquidateWith(input.dipBudget, dipCases, dipTerms.terms, (c, t) => {
      const full = byId.get(c.id)!;
      return dipPoints(
        cat,
        { diagnoses: full.diagnoses, procedures: full.procedures, cost: c.cost },
        t.coefficient,
        chsDrg().orProcedures,
      );
    });
    dip = await storeRun(db, actor, { ...input, budget: input.dipBudget }, "dip", dipYear, l, {
      also: takeDeductions(dipTerms.caseIds, input.year),
    });
  }
  return { ...drg, dip };
}

/** The region's DIP catalogue learned from a year's cases (all institutions), with scores. */
export async function buildDip(db: Db, year: number, coreThreshold = 15) {
  const rows = await casesOfYear(db, year);
  if (rows.length === 0)
    throw new YibaoError("PAY_NO_CASES", `No cases in ${year} to learn DIP groups from`, { field: "year" });
  return buildDipCatalogue(
    rows.map((r) => ({ diagnoses: r.diagnoses, procedures: r.procedures, cost: r.cost })),
    { coreThreshold, surgical: chsDrg().orProcedures },
  );
}
