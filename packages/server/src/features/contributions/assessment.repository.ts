import { type Insertable, sql } from "kysely";
import type { Executor } from "../../db/database.ts";
import { type RegionScope, regionIn } from "../platform/region-scope.ts";
import type { ContributionAssessmentTable } from "./contribution.table.ts";

/** Queries of contribution assessments (核定): who is due, the assessments, arrears. */

/**
 * Active employee-scheme (310) enrolments of a region that started by `lastDay`, optionally of
 * one employer, with the person number (wages are declared by psn_no).
 */
export function employeeEnrolmentsDue(
  ex: Executor,
  regionCode: string,
  lastDay: string,
  employerId: bigint | null,
) {
  let q = ex
    .selectFrom("enrolments")
    .innerJoin("persons", "persons.id", "enrolments.person_id")
    .select([
      "enrolments.id",
      "enrolments.person_id",
      "enrolments.employer_id",
      "enrolments.psn_type",
      "enrolments.start_date",
      "persons.psn_no",
    ])
    .where("enrolments.insutype", "=", "310")
    .where("enrolments.status", "=", "active")
    .where("enrolments.region_code", "=", regionCode)
    .where("enrolments.start_date", "<=", lastDay);
  if (employerId !== null) q = q.where("enrolments.employer_id", "=", employerId);
  return q.execute();
}

/**
 * Active resident-scheme (390) enrolments of a region, each with the rank of the most generous
 * assistance category the person has during the year (1 tk, 2 db, 3 jc; null: none) and whether
 * the year is assessed already.
 */
export function residentEnrolmentsDue(ex: Executor, regionCode: string, year: number) {
  const yearStart = `${year}-01-01`;
  const yearEnd = `${year}-12-31`;
  return ex
    .selectFrom("enrolments")
    .leftJoin("assistance_categories as ac", (j) =>
      j
        .onRef("ac.person_id", "=", "enrolments.person_id")
        .on("ac.valid_from", "<=", yearEnd)
        .on((eb) => eb.or([eb("ac.valid_to", "is", null), eb("ac.valid_to", ">=", yearStart)])),
    )
    .select([
      "enrolments.id",
      "enrolments.person_id",
      "enrolments.start_date",
      sql<number | null>`min(case ac.category when 'tk' then 1 when 'db' then 2 when 'jc' then 3 end)`.as(
        "rank",
      ),
      sql<boolean>`exists (select 1 from contribution_assessments x
        where x.enrolment_id = enrolments.id and x.period = ${String(year)})`.as("assessed"),
    ])
    .where("enrolments.insutype", "=", "390")
    .where("enrolments.status", "=", "active")
    .where("enrolments.region_code", "=", regionCode)
    .groupBy(["enrolments.id", "enrolments.person_id", "enrolments.start_date"])
    .execute();
}

/**
 * Inserts assessments, leaving an enrolment's existing one for the period as it is; returns the
 * new ones. The rows go as one array per column (unnest): a few parameters for thousands of rows.
 */
export async function insertNewAssessments(ex: Executor, values: Insertable<ContributionAssessmentTable>[]) {
  if (values.length === 0) return [];
  const col = <K extends keyof Insertable<ContributionAssessmentTable>>(k: K) =>
    values.map((v) => (v[k] === null || v[k] === undefined ? null : String(v[k])));
  const { rows } = await sql<{ id: bigint; assistance_amount: bigint; coverage_start: string }>`
    insert into contribution_assessments (enrolment_id, person_id, employer_id, kind, period, base,
      employer_amount, individual_amount, assistance_amount, government_subsidy, total, account_credit,
      coverage_start)
    select * from unnest(${col("enrolment_id")}::int8[], ${col("person_id")}::int8[],
      ${col("employer_id")}::int8[], ${col("kind")}::text[], ${col("period")}::text[], ${col("base")}::int8[],
      ${col("employer_amount")}::int8[], ${col("individual_amount")}::int8[],
      ${col("assistance_amount")}::int8[], ${col("government_subsidy")}::int8[], ${col("total")}::int8[],
      ${col("account_credit")}::int8[], ${col("coverage_start")}::date[])
    on conflict (enrolment_id, period) do nothing
    returning id, assistance_amount, coverage_start`.execute(ex);
  return rows.map((r) => ({ ...r, id: BigInt(r.id), assistance_amount: BigInt(r.assistance_amount) }));
}

export function lockAssessment(ex: Executor, id: bigint) {
  return ex
    .selectFrom("contribution_assessments")
    .selectAll()
    .where("id", "=", id)
    .forUpdate()
    .executeTakeFirst();
}

/** The region of the person an assessment is of (the operator's scope is checked against it). */
export async function assessmentRegion(ex: Executor, id: bigint): Promise<string | undefined> {
  const row = await ex
    .selectFrom("contribution_assessments as a")
    .innerJoin("persons as p", "p.id", "a.person_id")
    .select("p.region_code")
    .where("a.id", "=", id)
    .executeTakeFirst();
  return row?.region_code;
}

/** What the arrears list may filter on (GET /contributions/arrears). */
export interface ArrearsFilter {
  regionCode?: string;
  period?: string;
  /** upper case */
  employerUscc?: string;
  /** only periods that fell due in this month (yyyy-MM) or before (core/contribution dueBy) */
  dueBy?: string;
}

const PAID = sql`coalesce((select sum(x.amount) from contribution_payments x where x.assessment_id = a.id), 0)`;
/** The month (yyyy-MM) an assessment's period falls due in, as core/contribution dueMonth. */
const DUE_MONTH = sql`(case when length(a.period) = 4 then a.period || '-01' else a.period end)`;

/** The arrears list's rows: assessments not fully paid, of persons in the scope, filtered. */
function arrearsQuery(ex: Executor, scope: RegionScope, filter: ArrearsFilter) {
  let q = ex
    .selectFrom("contribution_assessments as a")
    .innerJoin("persons as p", "p.id", "a.person_id")
    .innerJoin("enrolments as e", "e.id", "a.enrolment_id")
    .leftJoin("employers as m", "m.id", "a.employer_id")
    .where(sql<boolean>`a.total > ${PAID}`)
    .where(regionIn("p.region_code", scope));
  if (filter.regionCode) q = q.where("e.region_code", "=", filter.regionCode);
  if (filter.period) q = q.where("a.period", "=", filter.period);
  if (filter.employerUscc) q = q.where("m.uscc", "=", filter.employerUscc);
  if (filter.dueBy) q = q.where(sql<boolean>`${DUE_MONTH} <= ${filter.dueBy}`);
  return q;
}

/** Assessments not fully paid, of persons in the scope, by id after a cursor, with what is owed. */
export function arrearsPage(
  ex: Executor,
  scope: RegionScope,
  filter: ArrearsFilter,
  after: bigint | null,
  limit: number,
) {
  let q = arrearsQuery(ex, scope, filter)
    .select([
      "a.id",
      "a.kind",
      "a.period",
      "a.total",
      "p.psn_no",
      "m.uscc",
      "m.name as employer_name",
      sql<bigint>`a.total - ${PAID}::int8`.as("owed"),
    ])
    .orderBy("a.id")
    .limit(limit);
  if (after !== null) q = q.where("a.id", ">", after);
  return q.execute();
}

/** How many assessments the arrears filter finds and what they owe in all (fen). */
export async function arrearsTotals(ex: Executor, scope: RegionScope, filter: ArrearsFilter) {
  const row = await arrearsQuery(ex, scope, filter)
    .select([
      sql<string>`count(*)`.as("count"),
      sql<string>`coalesce(sum(a.total - ${PAID}), 0)::int8`.as("owed"),
    ])
    .executeTakeFirstOrThrow();
  return { count: Number(row.count), owed: BigInt(row.owed) };
}

/** What the assessment list may filter on (GET /contributions/assessments). */
export interface AssessmentFilter {
  regionCode?: string;
  /** upper case */
  employerUscc?: string;
  psnNo?: string;
  period?: string;
  /** paid: nothing left owed; unpaid: something owed */
  status?: "paid" | "unpaid";
}

/** Assessments of persons in the scope, newest first (ids before the cursor), with what was paid. */
export function assessmentsPage(
  ex: Executor,
  scope: RegionScope,
  filter: AssessmentFilter,
  before: bigint | null,
  limit: number,
) {
  let q = ex
    .selectFrom("contribution_assessments as a")
    .innerJoin("persons as p", "p.id", "a.person_id")
    .innerJoin("enrolments as e", "e.id", "a.enrolment_id")
    .leftJoin("employers as m", "m.id", "a.employer_id")
    .select([
      "a.id",
      "a.kind",
      "a.period",
      "a.base",
      "a.employer_amount",
      "a.individual_amount",
      "a.assistance_amount",
      "a.government_subsidy",
      "a.total",
      "a.account_credit",
      "a.coverage_start",
      "a.created_at",
      "e.region_code",
      "p.psn_no",
      "m.uscc",
      "m.name as employer_name",
      sql<string>`${PAID}::int8`.as("paid"),
    ])
    .where(regionIn("p.region_code", scope))
    .orderBy("a.id", "desc")
    .limit(limit);
  if (before !== null) q = q.where("a.id", "<", before);
  if (filter.regionCode) q = q.where("e.region_code", "=", filter.regionCode);
  if (filter.employerUscc) q = q.where("m.uscc", "=", filter.employerUscc);
  if (filter.psnNo) q = q.where("p.psn_no", "=", filter.psnNo);
  if (filter.period) q = q.where("a.period", "=", filter.period);
  if (filter.status === "paid") q = q.where(sql<boolean>`a.total <= ${PAID}`);
  if (filter.status === "unpaid") q = q.where(sql<boolean>`a.total > ${PAID}`);
  return q.execute();
}
