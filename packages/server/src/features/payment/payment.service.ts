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
import { type Transaction, sql } from "kysely";
import { type Actor, recordAudit, toJson } from "../../audit/audit.ts";
import type { Db } from "../../db/database.ts";
import type { DB } from "../../db/schema.ts";
import { deductionsFor, markDeducted } from "../supervision/case.repository.ts";

const chsDrg = loadChsDrg11;

/** Adjustment coefficients by hospital level (x 10^4): a region may set its own. */
export const LEVEL_COEFFICIENTS: Record<string, bigint> = { "3": 10_000n, "2": 9_000n, "1": 8_000n };

/**
 * Groups the year's ungrouped cases in batches; each batch commits, so an interrupted run
 * resumes where it stopped (grouped cases are skipped).
 */
export async function groupYear(
  db: Db,
  year: number,
  progress: (done: number, total: number) => void = () => {},
) {
  const total = Number(
    (
      await db
        .selectFrom("drg_cases")
        .select(sql<bigint>`count(*)`.as("n"))
        .where("year", "=", year)
        .where("drg", "is", null)
        .executeTakeFirstOrThrow()
    ).n,
  );
  let done = 0;
  for (;;) {
    const batch = await db
      .selectFrom("drg_cases")
      .select([
        "id",
        "gender",
        "age",
        "age_days",
        "weight_grams",
        "los",
        "discharge_way",
        "diagnoses",
        "procedures",
      ])
      .where("year", "=", year)
      .where("drg", "is", null)
      .orderBy("id")
      .limit(2000)
      .execute();
    if (batch.length === 0) break;
    await db.transaction().execute(async (trx) => {
      for (const c of batch) {
        const r = groupCase(chsDrg(), {
          gender: c.gender,
          age: c.age,
          ageDays: c.age_days,
          weightGrams: c.weight_grams,
          los: c.los,
          dischargeWay: c.discharge_way ?? undefined,
          diagnoses: c.diagnoses,
          procedures: c.procedures,
        });
        await trx
          .updateTable("drg_cases")
          .set({ mdc: r.mdc, adrg: r.adrg, drg: r.drg, scheme: chsDrg().id, grouped_at: sql`now()` })
          .where("id", "=", c.id)
          .execute();
      }
    });
    done += batch.length;
    progress(done, total);
  }
  return { grouped: done };
}

type CaseWithCodes = PaidCase & { diagnoses: string[]; procedures: string[] };

async function paidCases(
  db: Db,
  year: number,
  region: string,
  method: "drg" | "dip",
): Promise<CaseWithCodes[]> {
  const rows = await db
    .selectFrom("drg_cases as c")
    .innerJoin("institutions as i", "i.code", "c.institution_code")
    .innerJoin("regions as r", "r.code", "i.region_code")
    .select([
      "c.id",
      "c.institution_code",
      "c.person_ref",
      "c.drg",
      "c.cost",
      "c.fund_paid",
      "c.admission",
      "c.discharge",
      "c.special_review",
      "c.diagnoses",
      "c.procedures",
    ])
    .where("c.year", "=", year)
    .where("c.drg", "is not", null)
    .where("i.payment_method", "=", method)
    .where((eb) => eb.or([eb("i.region_code", "=", region), eb("r.parent_code", "=", region)]))
    .orderBy("c.id")
    .execute();
  return rows.map((r) => ({
    id: r.id,
    hospital: r.institution_code,
    personId: r.person_ref,
    group: r.drg!,
    cost: r.cost,
    fundPaid: r.fund_paid,
    admission: r.admission,
    discharge: r.discharge,
    specialReview: r.special_review,
    diagnoses: r.diagnoses,
    procedures: r.procedures,
  }));
}

/**
 * Each hospital's terms for the year: its level's coefficient, the monthly advances it was paid,
 * and the deductions of its decided supervision cases (扣款, with their case numbers) that no
 * earlier year's liquidation took. `caseIds` are marked as taken when the run is stored.
 */
async function hospitalTerms(db: Db, cases: PaidCase[], year: number) {
  const codes = [...new Set(cases.map((c) => c.hospital))].sort();
  const levels = new Map(
    (await db.selectFrom("institutions").select(["code", "level"]).where("code", "in", codes).execute()).map(
      (i) => [i.code, i.level],
    ),
  );
  const advanced = new Map(
    (
      await db
        .selectFrom("drg_advances")
        .select(["institution_code", sql<string>`sum(amount)`.as("amount")])
        .where("institution_code", "in", codes)
        .where("month", "like", `${year}-%`)
        .groupBy("institution_code")
        .execute()
    ).map((a) => [a.institution_code, BigInt(a.amount)]),
  );
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
  method: "drg" | "dip" | "per_diem" | "capitation" | "advance",
  weightsYear: number,
  l: Liquidation,
  extra: RunExtra = {},
) {
  return db.transaction().execute(async (trx) => {
    const run = await trx
      .insertInto("liquidation_runs")
      .values({
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
      })
      .returning(["id"])
      .executeTakeFirstOrThrow();
    await extra.also?.(trx, run.id);
    for (const s of l.statements) {
      await trx
        .insertInto("liquidation_statements")
        .values({
          run_id: run.id,
          institution_code: s.hospital,
          coefficient: Number(s.coefficient),
          points: s.points,
          drg_amount: s.drgAmount,
          fund_paid: s.fundPaid,
          adjustment: s.adjustment,
          deduction: s.deduction,
          deductions: toJson(s.deductions) ?? "[]",
          payable: s.payable,
          advances: s.advances,
          balance_due: s.balanceDue,
          cases: toJson(s.cases) ?? "[]",
        })
        .execute();
    }
    await recordAudit(trx, actor, {
      action: `payment.liquidate.${method}`,
      entity: "liquidation_runs",
      entityId: run.id,
      after: {
        region: input.region,
        year: input.year,
        budget: input.budget,
        pointValue: l.pointValue,
        totals: l.totals,
      },
    });
    return { runId: run.id, ...l };
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
    const hasHistory =
      (await db
        .selectFrom("drg_cases")
        .select("id")
        .where("year", "=", input.year - 1)
        .limit(1)
        .executeTakeFirst()) !== undefined;
    const dipYear = hasHistory ? input.year - 1 : input.year;
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
  const rows = await db
    .selectFrom("drg_cases")
    .select(["diagnoses", "procedures", "cost"])
    .where("year", "=", year)
    .execute();
  if (rows.length === 0)
    throw new YibaoError("PAY_NO_CASES", `No cases in ${year} to learn DIP groups from`, { field: "year" });
  return buildDipCatalogue(
    rows.map((r) => ({ diagnoses: r.diagnoses, procedures: r.procedures, cost: r.cost })),
    { coreThreshold, surgical: chsDrg().orProcedures },
  );
}
