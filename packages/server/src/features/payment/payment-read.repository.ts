import type { Executor } from "../../db/database.ts";

export function listRuns(
  ex: Executor,
  f: { year?: number; method?: string; region?: string; after: bigint | null; limit: number },
) {
  let q = ex
    .selectFrom("liquidation_runs as r")
    .select([
      "r.id",
      "r.region_code",
      "r.year",
      "r.method",
      "r.period",
      "r.budget",
      "r.point_value",
      "r.total_points",
      "r.weights_year",
      "r.created_by",
      "r.created_at",
      (eb) =>
        eb
          .selectFrom("liquidation_statements as s")
          .select((e) => e.fn.countAll<string>().as("n"))
          .whereRef("s.run_id", "=", "r.id")
          .as("hospitals"),
      (eb) =>
        eb
          .selectFrom("liquidation_statements as s")
          .select((e) => e.fn.sum<string>("s.payable").as("p"))
          .whereRef("s.run_id", "=", "r.id")
          .as("payable"),
    ])
    .orderBy("r.id", "desc")
    .limit(f.limit);
  if (f.year) q = q.where("r.year", "=", f.year);
  if (f.method) q = q.where("r.method", "=", f.method as "drg");
  if (f.region) q = q.where("r.region_code", "=", f.region);
  if (f.after !== null) q = q.where("r.id", "<", f.after);
  return q.execute();
}

export function findRun(ex: Executor, id: bigint) {
  return ex.selectFrom("liquidation_runs").selectAll().where("id", "=", id).executeTakeFirst();
}

/** A run's statements with each institution's name and level (names, not only codes). */
export function runStatements(ex: Executor, runId: bigint, code?: string) {
  let q = ex
    .selectFrom("liquidation_statements as s")
    .leftJoin("institutions as i", "i.code", "s.institution_code")
    .selectAll("s")
    .select(["i.name as institution_name", "i.level"])
    .where("s.run_id", "=", runId)
    .orderBy("s.institution_code");
  if (code) q = q.where("s.institution_code", "=", code);
  return q.execute();
}

export function listCases(
  ex: Executor,
  f: { year?: number; institutionCode?: string; drg?: string; after: string | null; limit: number },
) {
  let q = ex
    .selectFrom("drg_cases as c")
    .leftJoin("institutions as i", "i.code", "c.institution_code")
    .select([
      "c.id",
      "c.institution_code",
      "i.name as institution_name",
      "c.year",
      "c.admission",
      "c.discharge",
      "c.los",
      "c.cost",
      "c.fund_paid",
      "c.mdc",
      "c.adrg",
      "c.drg",
      "c.diagnoses",
      "c.procedures",
    ])
    .orderBy("c.id")
    .limit(f.limit);
  if (f.year) q = q.where("c.year", "=", f.year);
  if (f.institutionCode) q = q.where("c.institution_code", "=", f.institutionCode);
  if (f.drg) q = q.where("c.drg", "=", f.drg);
  if (f.after !== null) q = q.where("c.id", ">", f.after);
  return q.execute();
}

export function findCase(ex: Executor, id: string) {
  return ex
    .selectFrom("drg_cases as c")
    .leftJoin("institutions as i", "i.code", "c.institution_code")
    .selectAll("c")
    .select("i.name as institution_name")
    .where("c.id", "=", id)
    .executeTakeFirst();
}

/** The newest run's line for a case (its points and how they were reached), if a run paid it. */
export async function caseLine(ex: Executor, year: number, institutionCode: string, caseId: string) {
  const rows = await ex
    .selectFrom("liquidation_statements as s")
    .innerJoin("liquidation_runs as r", "r.id", "s.run_id")
    .select(["r.id", "r.method", "r.point_value", "s.cases"])
    .where("r.year", "=", year)
    .where("s.institution_code", "=", institutionCode)
    .where("r.method", "in", ["drg", "dip"])
    .orderBy("r.id", "desc")
    .execute();
  for (const r of rows) {
    const line = (r.cases as { id: string }[]).find((c) => c.id === caseId);
    if (line) return { runId: r.id, method: r.method, pointValue: r.point_value, line };
  }
  return null;
}
