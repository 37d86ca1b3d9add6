import { sql } from "kysely";
import type { Db, Executor } from "../../db/database.ts";

export function findRun(ex: Executor, region: string, year: number) {
  return ex
    .selectFrom("simulation_runs")
    .selectAll()
    .where("region_code", "=", region)
    .where("year", "=", year)
    .executeTakeFirst();
}

export async function insertRun(
  ex: Executor,
  run: {
    region: string;
    year: number;
    seed: number;
    insured: number;
    options: Record<string, unknown>;
    at: Date;
  },
) {
  return ex
    .insertInto("simulation_runs")
    .values({
      region_code: run.region,
      year: run.year,
      seed: BigInt(run.seed),
      insured: run.insured,
      options: JSON.stringify(run.options),
      started_at: run.at,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function finishRun(ex: Executor, runId: bigint, at: Date) {
  await ex.updateTable("simulation_runs").set({ finished_at: at }).where("id", "=", runId).execute();
}

export async function batchesDone(ex: Executor, runId: bigint, stage: string): Promise<Set<number>> {
  const rows = await ex
    .selectFrom("simulation_batches")
    .select("batch")
    .where("run_id", "=", runId)
    .where("stage", "=", stage)
    .execute();
  return new Set(rows.map((r) => r.batch));
}

export async function markBatch(
  ex: Executor,
  runId: bigint,
  stage: string,
  batch: number,
  detail: Record<string, unknown> | null,
  at: Date,
) {
  await ex
    .insertInto("simulation_batches")
    .values({ run_id: runId, stage, batch, detail: detail ? JSON.stringify(detail) : null, done_at: at })
    .onConflict((oc) => oc.columns(["run_id", "stage", "batch"]).doNothing())
    .execute();
}

/** Which persons of the run are registered already: psn_no by ID number, for the given ID numbers. */
export async function psnNosOf(ex: Executor, certnos: string[]) {
  const out = new Map<string, string>();
  for (let i = 0; i < certnos.length; i += 5000) {
    const rows = await ex
      .selectFrom("persons")
      .select(["certno", "psn_no"])
      .where("certno", "in", certnos.slice(i, i + 5000))
      .execute();
    for (const r of rows) out.set(r.certno, r.psn_no);
  }
  return out;
}

/** The live (not terminated) basic enrolments of the persons with these numbers (findLiveBasicEnrolment for many). */
export async function liveEnrolmentsOf(ex: Executor, psnNos: string[]) {
  const out: { psn_no: string; id: bigint; region_code: string }[] = [];
  for (let i = 0; i < psnNos.length; i += 5000) {
    const rows = await ex
      .selectFrom("enrolments as e")
      .innerJoin("persons as p", "p.id", "e.person_id")
      .select(["p.psn_no", "e.id", "e.region_code"])
      .where("p.psn_no", "in", psnNos.slice(i, i + 5000))
      .where("e.status", "<>", "terminated")
      .where("e.insutype", "in", ["310", "390"])
      .execute();
    out.push(...rows);
  }
  return out;
}

/** The fund entries the run booked already, by reference (so a repeated month books nothing twice). */
export async function bookedReferences(db: Db, region: string, prefix: string): Promise<Set<string>> {
  const rows = await db
    .selectFrom("fund_entries")
    .select("reference")
    .where("region_code", "=", region)
    .where("reference", "like", `${prefix}%`)
    .execute();
  return new Set(rows.map((r) => r.reference));
}

/**
 * Fresh planner statistics for tables a stage has just filled: a stage writes faster than
 * autovacuum analyzes, and a query planned on an empty table's statistics over 100,000 rows
 * (the month's unpaid assessments) ran for minutes instead of a second.
 */
export async function analyze(ex: Executor, tables: string[]) {
  await sql`analyze ${sql.join(tables.map((t) => sql.table(t)))}`.execute(ex);
}
