import { sql } from "kysely";
import type { Executor } from "../../db/database.ts";
import { type RegionScope, regionIn } from "../platform/region-scope.ts";
import type { EnrolmentStatus } from "./registry.table.ts";

/** Person numbers (人员编号): the region code and a 10-digit serial from the persons sequence. */
export async function nextPersonIds(ex: Executor, n: number): Promise<bigint[]> {
  const { rows } = await sql<{
    id: bigint;
  }>`select nextval('persons_id_seq') as id from generate_series(1, ${n})`.execute(ex);
  return rows.map((r) => BigInt(r.id));
}

export const psnNoOf = (region: string, id: bigint) => region + String(id).padStart(10, "0");

export function regionExists(ex: Executor, code: string) {
  return ex.selectFrom("regions").select("code").where("code", "=", code).executeTakeFirst();
}

export function findPersonByCertno(ex: Executor, certno: string) {
  return ex.selectFrom("persons").selectAll().where("certno", "=", certno).executeTakeFirst();
}

export function findPersonByPsnNo(ex: Executor, psnNo: string) {
  return ex.selectFrom("persons").selectAll().where("psn_no", "=", psnNo).executeTakeFirst();
}

export function findPersonById(ex: Executor, id: bigint) {
  return ex.selectFrom("persons").selectAll().where("id", "=", id).executeTakeFirst();
}

/** The person's live (not terminated) basic-insurance enrolment, locked for update. */
export function findLiveBasicEnrolment(ex: Executor, personId: bigint, lock = false) {
  let q = ex
    .selectFrom("enrolments")
    .selectAll()
    .where("person_id", "=", personId)
    .where("status", "<>", "terminated")
    .where("insutype", "in", ["310", "390"]);
  if (lock) q = q.forUpdate();
  return q.executeTakeFirst();
}

export async function appendStatus(
  ex: Executor,
  enrolmentId: bigint,
  status: EnrolmentStatus,
  effectiveDate: string,
  reason: string | null,
  operatorId: bigint | null,
) {
  await ex
    .insertInto("enrolment_status_history")
    .values({
      enrolment_id: enrolmentId,
      status,
      effective_date: effectiveDate,
      reason,
      operator_id: operatorId,
    })
    .execute();
}

export function findEmployerByUscc(ex: Executor, uscc: string) {
  return ex.selectFrom("employers").selectAll().where("uscc", "=", uscc).executeTakeFirst();
}

/** What a staff search of persons may filter on (GET /persons). */
export interface PersonFilter {
  regionCode?: string;
  householdNo?: string;
  /** upper case */
  certno?: string;
}

/** Persons in the scope by id, after a cursor: `limit` rows (ask one more to know if a page follows). */
export function listPersons(
  ex: Executor,
  scope: RegionScope,
  filter: PersonFilter,
  after: bigint | null,
  limit: number,
) {
  let q = ex
    .selectFrom("persons")
    .selectAll()
    .where(regionIn("region_code", scope))
    .orderBy("id")
    .limit(limit);
  if (after !== null) q = q.where("id", ">", after);
  if (filter.regionCode) q = q.where("region_code", "=", filter.regionCode);
  if (filter.householdNo) q = q.where("household_no", "=", filter.householdNo);
  if (filter.certno) q = q.where("certno", "=", filter.certno);
  return q.execute();
}

/** Employers in the scope by id, after a cursor. */
export function listEmployers(ex: Executor, scope: RegionScope, after: bigint | null, limit: number) {
  let q = ex
    .selectFrom("employers")
    .selectAll()
    .where(regionIn("region_code", scope))
    .orderBy("id")
    .limit(limit);
  if (after !== null) q = q.where("id", ">", after);
  return q.execute();
}

/** A person's enrolments, oldest first. */
export function enrolmentsOf(ex: Executor, personId: bigint) {
  return ex.selectFrom("enrolments").selectAll().where("person_id", "=", personId).orderBy("id").execute();
}

/** The status history of enrolments, in the order it was written. */
export async function statusHistoryOf(ex: Executor, enrolmentIds: bigint[]) {
  if (enrolmentIds.length === 0) return [];
  return ex
    .selectFrom("enrolment_status_history")
    .selectAll()
    .where("enrolment_id", "in", enrolmentIds)
    .orderBy("id")
    .execute();
}

/** A person's assistance categories (医疗救助对象), by the day they start. */
export function assistanceOf(ex: Executor, personId: bigint) {
  return ex
    .selectFrom("assistance_categories")
    .selectAll()
    .where("person_id", "=", personId)
    .orderBy("valid_from")
    .execute();
}

/** An enrolment's waiting-period facts, locked for update (a payment may start its benefits). */
export function lockEnrolmentForBenefits(ex: Executor, id: bigint) {
  return ex
    .selectFrom("enrolments")
    .select(["id", "benefit_start_date", "carried_months", "region_code", "start_date"])
    .where("id", "=", id)
    .forUpdate()
    .executeTakeFirstOrThrow();
}

/** Sets the day benefits start (待遇享受开始日期). */
export async function setBenefitStart(ex: Executor, id: bigint, day: string) {
  await ex.updateTable("enrolments").set({ benefit_start_date: day }).where("id", "=", id).execute();
}
