import type { Liquidation, PaidCase } from "@yibao/core/payment";
import { type Insertable, sql } from "kysely";
import { toJson } from "../../audit/audit.ts";
import type { Executor } from "../../db/database.ts";
import type { DrgCaseTable, LiquidationRunTable } from "./payment.table.ts";

/** How a region's institutions are paid (institutions.payment_method), as runs name them. */
type PaymentMethod = "drg" | "dip" | "per_diem" | "capitation";
export type RunMethod = PaymentMethod | "advance";

/** Institutions of the region or of its counties (regions one level below). */
const inRegion = (region: string) => sql<boolean>`(i.region_code = ${region} or r.parent_code = ${region})`;

// --- cases -------------------------------------------------------------------------------------

/** Loads cases in batches of 1,000 (ids already present are kept as they are). */
export async function insertCases(ex: Executor, rows: Insertable<DrgCaseTable>[]): Promise<number> {
  let inserted = 0;
  for (let i = 0; i < rows.length; i += 1000) {
    const r = await ex
      .insertInto("drg_cases")
      .values(rows.slice(i, i + 1000))
      .onConflict((oc) => oc.column("id").doNothing())
      .executeTakeFirst();
    inserted += Number(r.numInsertedOrUpdatedRows ?? 0n);
  }
  return inserted;
}

export async function countUngrouped(ex: Executor, year: number): Promise<number> {
  const r = await ex
    .selectFrom("drg_cases")
    .select(sql<bigint>`count(*)`.as("n"))
    .where("year", "=", year)
    .where("drg", "is", null)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** The next `limit` ungrouped cases of the year, by id, with what grouping reads. */
export async function ungroupedCases(ex: Executor, year: number, limit: number) {
  return ex
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
    .limit(limit)
    .execute();
}

/** What grouping found for a case. */
export interface CaseGroup {
  id: string;
  mdc: string | null;
  adrg: string | null;
  drg: string;
  scheme: string;
}

/**
 * Records the groups of a batch of cases in one statement (a statement per case cost a round
 * trip each: at a million insured, 160,000 of them in the year-end liquidation).
 */
export async function setCaseGroups(ex: Executor, groups: CaseGroup[]) {
  if (groups.length === 0) return;
  const col = (k: keyof CaseGroup) => groups.map((g) => g[k]);
  await sql`update drg_cases c set mdc = g.mdc, adrg = g.adrg, drg = g.drg, scheme = g.scheme, grouped_at = now()
    from unnest(${col("id")}::text[], ${col("mdc")}::text[], ${col("adrg")}::text[], ${col("drg")}::text[],
      ${col("scheme")}::text[]) as g(id, mdc, adrg, drg, scheme)
    where c.id = g.id`.execute(ex);
}

/** A grouped case as liquidation pays it, with its codes (DIP scores them). */
export type CaseWithCodes = PaidCase & { diagnoses: string[]; procedures: string[] };

/** The year's grouped cases of the region's institutions paid by `method`, by id. */
export async function paidCases(
  ex: Executor,
  year: number,
  region: string,
  method: "drg" | "dip",
): Promise<CaseWithCodes[]> {
  const rows = await ex
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
    .where(inRegion(region))
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

export async function hasCasesIn(ex: Executor, year: number): Promise<boolean> {
  const r = await ex
    .selectFrom("drg_cases")
    .select("id")
    .where("year", "=", year)
    .limit(1)
    .executeTakeFirst();
  return r !== undefined;
}

/** Every case of the year (all institutions): what the DIP catalogue learns from. */
export async function casesOfYear(ex: Executor, year: number) {
  return ex
    .selectFrom("drg_cases")
    .select(["diagnoses", "procedures", "cost"])
    .where("year", "=", year)
    .execute();
}

/** The per diem hospital's cases of the year, by id. */
export async function staysOf(ex: Executor, institution: string, year: number) {
  return ex
    .selectFrom("drg_cases")
    .select(["id", "los", "cost", "fund_paid", "drg"])
    .where("institution_code", "=", institution)
    .where("year", "=", year)
    .orderBy("id")
    .execute();
}

/** Points of the month per DRG hospital of the region (or its counties): one per discharged case. */
export async function dischargesOfMonth(ex: Executor, region: string, month: string) {
  const rows = await ex
    .selectFrom("drg_cases as c")
    .innerJoin("institutions as i", "i.code", "c.institution_code")
    .innerJoin("regions as r", "r.code", "i.region_code")
    .select(["c.institution_code", sql<bigint>`count(*)`.as("n")])
    .where("i.payment_method", "=", "drg")
    .where(inRegion(region))
    .where(sql<boolean>`to_char(c.discharge, 'YYYY-MM') = ${month}`)
    .groupBy("c.institution_code")
    .orderBy("c.institution_code")
    .execute();
  return rows.map((r) => ({ code: r.institution_code, cases: BigInt(r.n) }));
}

// --- institutions and enrolment, as payment reads them ---------------------------------------

export async function levelsOf(ex: Executor, codes: string[]): Promise<Map<string, string>> {
  if (codes.length === 0) return new Map();
  const rows = await ex
    .selectFrom("institutions")
    .select(["code", "level"])
    .where("code", "in", codes)
    .execute();
  return new Map(rows.map((i) => [i.code, i.level]));
}

/** The region's institutions (and its counties') paid per diem or by capitation, by code. */
export async function institutionsPaidOtherwise(ex: Executor, region: string) {
  return ex
    .selectFrom("institutions as i")
    .innerJoin("regions as r", "r.code", "i.region_code")
    .select(["i.code", "i.level", "i.payment_method", "i.region_code"])
    .where("i.payment_method", "in", ["per_diem", "capitation"])
    .where(inRegion(region))
    .orderBy("i.code")
    .execute();
}

/** Residents (390) with an active enrolment in the region: a capitation hospital's list. */
export async function activeResidents(ex: Executor, region: string): Promise<number> {
  const r = await ex
    .selectFrom("enrolments")
    .select(sql<bigint>`count(*)`.as("n"))
    .where("region_code", "=", region)
    .where("insutype", "=", "390")
    .where("status", "=", "active")
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

// --- runs, statements, advances --------------------------------------------------------------

export async function insertRun(ex: Executor, run: Insertable<LiquidationRunTable>): Promise<bigint> {
  const r = await ex.insertInto("liquidation_runs").values(run).returning(["id"]).executeTakeFirstOrThrow();
  return r.id;
}

/** One statement per hospital of the run, each listing its cases. */
export async function insertStatements(ex: Executor, runId: bigint, statements: Liquidation["statements"]) {
  for (const s of statements) {
    await ex
      .insertInto("liquidation_statements")
      .values({
        run_id: runId,
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
}

export async function findRun(ex: Executor, id: bigint) {
  return ex.selectFrom("liquidation_runs").selectAll().where("id", "=", id).executeTakeFirst();
}

/** A run's statements without their cases, by institution. */
export async function statementsOf(ex: Executor, runId: bigint) {
  return ex
    .selectFrom("liquidation_statements")
    .select([
      "institution_code",
      "coefficient",
      "points",
      "drg_amount",
      "fund_paid",
      "adjustment",
      "deduction",
      "deductions",
      "payable",
      "advances",
      "balance_due",
    ])
    .where("run_id", "=", runId)
    .orderBy("institution_code")
    .execute();
}

/** What each hospital was advanced in the year's months (月度预结算). */
export async function advancedInYear(
  ex: Executor,
  codes: string[],
  year: number,
): Promise<Map<string, bigint>> {
  if (codes.length === 0) return new Map();
  const rows = await ex
    .selectFrom("drg_advances")
    .select(["institution_code", sql<string>`sum(amount)`.as("amount")])
    .where("institution_code", "in", codes)
    .where("month", "like", `${year}-%`)
    .groupBy("institution_code")
    .execute();
  return new Map(rows.map((a) => [a.institution_code, BigInt(a.amount)]));
}

export async function insertAdvances(
  ex: Executor,
  runId: bigint,
  month: string,
  amounts: { code: string; amount: bigint }[],
) {
  await ex
    .insertInto("drg_advances")
    .values(amounts.map((a) => ({ institution_code: a.code, month, run_id: runId, amount: a.amount })))
    .execute();
}

/** The region's advance run of the month, if any. */
export async function findAdvanceRun(ex: Executor, region: string, month: string) {
  return ex
    .selectFrom("liquidation_runs")
    .select(["id", "annual_budget", "budget"])
    .where("method", "=", "advance")
    .where("region_code", "=", region)
    .where("period", "=", month)
    .executeTakeFirst();
}

/** What an advance run paid each hospital, by code. */
export async function advancesOfRun(ex: Executor, runId: bigint) {
  const rows = await ex
    .selectFrom("drg_advances")
    .select(["institution_code", "amount"])
    .where("run_id", "=", runId)
    .orderBy("institution_code")
    .execute();
  return rows.map((r) => ({ code: r.institution_code, amount: r.amount }));
}

/** The first of these hospitals already advanced for the month (by any region's run), if any. */
export async function firstAdvancedOf(ex: Executor, codes: string[], month: string) {
  if (codes.length === 0) return undefined;
  return ex
    .selectFrom("drg_advances")
    .select(["institution_code", "run_id"])
    .where("month", "=", month)
    .where("institution_code", "in", codes)
    .orderBy("institution_code")
    .executeTakeFirst();
}
