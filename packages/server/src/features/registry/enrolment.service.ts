import { checkDate as checkCalendarDate } from "@yibao/core/time";
import { YibaoError, fieldError, isYibaoError } from "@yibao/core/errors";
import { checkPsnType, parseUscc } from "@yibao/core/registry";
import { type Actor, type AuditEntry, recordAudit } from "../../audit/audit.ts";
import type { Db, Executor } from "../../db/database.ts";
import { lockAccount, postAccountEntry } from "./account.repository.ts";
import { type NewPerson, insertPerson, requireRegion, unknownPerson } from "./person.service.ts";
import { requireRegionInScope, requireRowInScope } from "../platform/region-scope.ts";
import type { EnrolmentStatus } from "./registry.table.ts";
import {
  appendStatus,
  findEmployerByUscc,
  findLiveBasicEnrolment,
  findPersonByPsnNo,
} from "./registry.repository.ts";

export interface NewEnrolment {
  psnNo: string;
  insutype: string;
  psnType: string;
  regionCode: string;
  employerUscc?: string | null;
  flexible?: boolean;
  startDate: string;
  carriedMonths?: number;
}

/** A real calendar day yyyy-MM-dd (core/dates), else DATE_INVALID naming the field. */
export const checkDate = (value: string, field: string): string => checkCalendarDate(value, field);

/**
 * Person types whose benefits start with the enrolment itself: retirees (12xx, 1300 离休) pay no
 * contributions in retirement, and a newborn (1401) is covered from birth.
 */
export const coveredFromStart = (psnType: string) =>
  psnType.startsWith("12") || psnType === "1300" || psnType === "1401";

/** Enrols a person inside an open transaction; refuses a second live basic enrolment. */
export async function insertEnrolment(trx: Executor, actor: Actor, input: NewEnrolment) {
  const person = await findPersonByPsnNo(trx, input.psnNo);
  if (!person) throw new YibaoError("REG_PERSON_UNKNOWN", `No person ${input.psnNo}`, { field: "psnNo" });
  checkDate(input.startDate, "startDate");
  await requireRegion(trx, input.regionCode);
  checkPsnType(input.insutype, input.psnType, person.birth_date, input.startDate);
  let employerId: bigint | null = null;
  if (input.insutype === "310" && !input.flexible) {
    if (!input.employerUscc) throw fieldError("REG_EMPLOYER_REQUIRED", "employerUscc");
    const employer = await findEmployerByUscc(trx, parseUscc(input.employerUscc, "employerUscc"));
    if (!employer) throw fieldError("REG_EMPLOYER_UNKNOWN", "employerUscc");
    employerId = employer.id;
  }
  const existing = await findLiveBasicEnrolment(trx, person.id);
  if (existing) throw duplicateEnrolment(person.psn_no, existing);
  const row = await trx
    .insertInto("enrolments")
    .values(enrolmentValues(person.id, input, employerId))
    .returningAll()
    .executeTakeFirstOrThrow();
  await appendStatus(trx, row.id, "active", input.startDate, ENROLMENT_REASON, actor.operatorId);
  if (input.insutype === "310") await lockAccount(trx, person.id); // opens the personal account
  await recordAudit(trx, actor, enrolmentCreated(row));
  return row;
}

/** The reason the status history gives for an enrolment's first (active) entry. */
export const ENROLMENT_REASON = "enrolment";

/** The enrolments row of a new enrolment (its checks passed: insertEnrolment). */
export function enrolmentValues(personId: bigint, input: NewEnrolment, employerId: bigint | null) {
  return {
    person_id: personId,
    insutype: input.insutype,
    psn_type: input.psnType,
    region_code: input.regionCode,
    employer_id: employerId,
    flexible: Boolean(input.flexible),
    start_date: input.startDate,
    status: "active" as const,
    carried_months: input.carriedMonths ?? 0,
    // Retirees pay no contributions and newborns are covered from birth: no waiting period.
    benefit_start_date: coveredFromStart(input.psnType) ? input.startDate : null,
  };
}

export const enrolmentCreated = (row: { id: bigint }): AuditEntry => ({
  action: "enrolment.create",
  entity: "enrolments",
  entityId: row.id,
  after: row,
});

/** A live basic enrolment already there: REG_DUPLICATE_ENROLMENT naming it. */
export const duplicateEnrolment = (
  psnNo: string,
  existing: { id: bigint; insutype: string; status: string; region_code: string },
) =>
  new YibaoError(
    "REG_DUPLICATE_ENROLMENT",
    `Person ${psnNo} already has live enrolment ${existing.id} (insutype ${existing.insutype}, ${existing.status}, region ${existing.region_code})`,
    {
      field: "psnNo",
      existingEnrolmentId: String(existing.id),
      insutype: existing.insutype,
      regionCode: existing.region_code,
    },
  );

export async function enrol(db: Db, actor: Actor, input: NewEnrolment) {
  try {
    return await db.transaction().execute(async (trx) => {
      const person = await findPersonByPsnNo(trx, input.psnNo);
      await requireRowInScope(trx, actor, person?.region_code, unknownPerson(input.psnNo));
      await requireRegion(trx, input.regionCode);
      await requireRegionInScope(trx, actor, input.regionCode);
      return insertEnrolment(trx, actor, input);
    });
  } catch (err) {
    // Two concurrent enrolments of one person: the unique index refuses the second.
    if ((err as { constraint?: string }).constraint === "enrolments_one_basic") {
      throw new YibaoError("REG_DUPLICATE_ENROLMENT", "The person already has a live basic enrolment", {
        field: "psnNo",
      });
    }
    throw err;
  }
}

/** The enrolment fields of 参保登记 for a person registered in the same request. */
export type NewRegistration = NewPerson &
  Omit<NewEnrolment, "psnNo" | "regionCode" | "carriedMonths"> & { regionCode: string };

/** Core names the person type `psn_type` (the CSV column); this request's body names it `psnType`. */
const BODY_FIELDS: Record<string, string> = { psn_type: "psnType" };

/**
 * 参保登记 in one go: registers the person (ID number, name, contact, region) and enrols them in
 * one transaction, so a refused enrolment leaves no person behind. Each part is audited as when
 * done alone (person.create, enrolment.create); errors name the body's fields.
 */
export async function registerAndEnrol(db: Db, actor: Actor, input: NewRegistration, today: string) {
  try {
    return await db.transaction().execute(async (trx) => {
      await requireRegion(trx, input.regionCode);
      await requireRegionInScope(trx, actor, input.regionCode);
      checkDate(input.startDate, "startDate");
      const person = await insertPerson(trx, actor, input, today);
      const enrolment = await insertEnrolment(trx, actor, {
        psnNo: person.psn_no,
        insutype: input.insutype,
        psnType: input.psnType,
        regionCode: input.regionCode,
        employerUscc: input.employerUscc,
        flexible: input.flexible,
        startDate: input.startDate,
      });
      return { person, enrolment };
    });
  } catch (err) {
    const field = isYibaoError(err) ? String(err.details.field ?? "") : "";
    if (isYibaoError(err) && BODY_FIELDS[field])
      throw new YibaoError(err.code, err.message.replace(field, BODY_FIELDS[field]!), {
        ...err.details,
        field: BODY_FIELDS[field],
      });
    throw err;
  }
}

const TRANSITIONS: Record<EnrolmentStatus, EnrolmentStatus[]> = {
  active: ["suspended", "terminated"],
  suspended: ["active", "terminated"],
  terminated: [],
};

/** 参保 / 暂停 / 终止: appends to the history (never overwritten) and moves the current status. */
export async function changeStatus(
  db: Db,
  actor: Actor,
  enrolmentId: bigint,
  status: EnrolmentStatus,
  effectiveDate: string,
  reason: string | null,
) {
  checkDate(effectiveDate, "effectiveDate");
  return db.transaction().execute(async (trx) => {
    const before = await trx
      .selectFrom("enrolments")
      .selectAll()
      .where("id", "=", enrolmentId)
      .forUpdate()
      .executeTakeFirst();
    const unknown = () =>
      new YibaoError("REG_ENROLMENT_UNKNOWN", `No enrolment ${enrolmentId}`, { field: "id" });
    if (!before) throw unknown();
    await requireRowInScope(trx, actor, before.region_code, unknown);
    return setStatus(trx, actor, before, status, effectiveDate, reason);
  });
}

async function setStatus(
  trx: Executor,
  actor: Actor,
  before: { id: bigint; status: EnrolmentStatus; start_date: string },
  status: EnrolmentStatus,
  effectiveDate: string,
  reason: string | null,
) {
  checkStatusChange(before, status, effectiveDate);
  const after = await trx
    .updateTable("enrolments")
    .set(statusValues(status, effectiveDate))
    .where("id", "=", before.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  await appendStatus(trx, before.id, status, effectiveDate, reason, actor.operatorId);
  await recordAudit(trx, actor, statusChanged(before, after, status));
  return after;
}

/** Refuses a status change the enrolment cannot make (the transitions, not before its start). */
export function checkStatusChange(
  before: { id: bigint; status: EnrolmentStatus; start_date: string },
  status: EnrolmentStatus,
  effectiveDate: string,
) {
  if (!TRANSITIONS[before.status].includes(status)) {
    throw new YibaoError(
      "REG_STATUS_TRANSITION",
      `Enrolment ${before.id} cannot go from ${before.status} to ${status}`,
      {
        field: "status",
      },
    );
  }
  if (effectiveDate < before.start_date)
    throw fieldError("REG_DATE_ORDER", "effectiveDate", "before the enrolment start");
}

/** What a status change sets on the enrolment. */
export const statusValues = (status: EnrolmentStatus, effectiveDate: string) => ({
  status,
  end_date: status === "terminated" ? effectiveDate : null,
});

export const statusChanged = (
  before: { id: bigint },
  after: unknown,
  status: EnrolmentStatus,
): AuditEntry => ({
  action: `enrolment.${status}`,
  entity: "enrolments",
  entityId: before.id,
  before,
  after,
});

/** The reason the status history gives for the end of an enrolment left by a transfer. */
export const transferReason = (toRegion: string) => `transfer to ${toRegion}`;

/** Whole months between two dates (for contribution years carried by a transfer). */
export function monthsBetween(from: string, to: string): number {
  const [fy, fm, fd] = from.split("-").map(Number) as [number, number, number];
  const [ty, tm, td] = to.split("-").map(Number) as [number, number, number];
  return Math.max(0, (ty - fy) * 12 + (tm - fm) - (td < fd ? 1 : 0));
}

/**
 * 转移接续: ends the live basic enrolment in the old region and opens one in the new, carrying the
 * contribution months; the personal-account balance moves with two ledger entries (out, in).
 */
export async function transfer(db: Db, actor: Actor, psnNo: string, toRegion: string, date: string) {
  checkDate(date, "date");
  return db.transaction().execute(async (trx) => {
    const person = await findPersonByPsnNo(trx, psnNo);
    if (!person) throw new YibaoError("REG_PERSON_UNKNOWN", `No person ${psnNo}`, { field: "psnNo" });
    // the person must be the operator's; the region they move to need not be (a transfer out)
    await requireRowInScope(trx, actor, person.region_code, unknownPerson(psnNo));
    await requireRegion(trx, toRegion, "toRegion");
    const old = await findLiveBasicEnrolment(trx, person.id, true);
    if (!old)
      throw new YibaoError("REG_NO_LIVE_ENROLMENT", `Person ${psnNo} has no live enrolment`, {
        field: "psnNo",
      });
    if (old.region_code === toRegion) throw fieldError("REG_TRANSFER_SAME_REGION", "toRegion");
    const carried = old.carried_months + monthsBetween(old.start_date, date);
    await setStatus(trx, actor, old, "terminated", date, transferReason(toRegion));
    const next = await insertEnrolment(trx, actor, {
      psnNo,
      insutype: old.insutype,
      psnType: old.psn_type,
      regionCode: toRegion,
      flexible: true, // the new employer registers later; until then the person is enrolled on their own
      startDate: date,
      carriedMonths: carried,
    });
    if (old.insutype === "310") {
      const balance = await lockAccount(trx, person.id);
      if (balance > 0n) {
        const ref = { refType: "transfer", refId: String(next.id) };
        await postAccountEntry(trx, { personId: person.id, amount: -balance, kind: "transfer_out", ...ref });
        await postAccountEntry(trx, { personId: person.id, amount: balance, kind: "transfer_in", ...ref });
      }
    }
    return { terminated: old.id, enrolment: next, carriedMonths: carried };
  });
}

/** A newborn (新生儿) registered and enrolled as a resident (390/1401), linked to a parent. */
export async function enrolNewborn(
  db: Db,
  actor: Actor,
  parentPsnNo: string,
  child: Omit<NewPerson, "parentPersonId" | "regionCode"> & { startDate: string },
  today: string,
) {
  return db.transaction().execute(async (trx) => {
    const parent = await findPersonByPsnNo(trx, parentPsnNo);
    if (!parent)
      throw new YibaoError("REG_PERSON_UNKNOWN", `No parent ${parentPsnNo}`, { field: "parentPsnNo" });
    await requireRowInScope(trx, actor, parent.region_code, unknownPerson(parentPsnNo, "parentPsnNo"));
    const person = await insertPerson(
      trx,
      actor,
      {
        ...child,
        regionCode: parent.region_code,
        householdNo: child.householdNo ?? parent.household_no,
        parentPersonId: parent.id,
      },
      today,
    );
    const enrolment = await insertEnrolment(trx, actor, {
      psnNo: person.psn_no,
      insutype: "390",
      psnType: "1401",
      regionCode: parent.region_code,
      startDate: child.startDate < person.birth_date ? person.birth_date : child.startDate,
    });
    return { person, enrolment };
  });
}
