import { sql } from "kysely";
import type { Executor } from "../../db/database.ts";
import { type RegionScope, regionIn } from "../platform/region-scope.ts";
import type { ApplicationStatus } from "./services.table.ts";

export function listItems(ex: Executor) {
  return ex.selectFrom("service_items").selectAll().orderBy("sort").execute();
}

export function findItem(ex: Executor, code: string) {
  return ex.selectFrom("service_items").selectAll().where("code", "=", code).executeTakeFirst();
}

/** Items doable online and all items: the `online_service_share` indicator's numerator and denominator. */
export async function onlineServiceShare(ex: Executor): Promise<{ online: number; total: number }> {
  const r = await ex
    .selectFrom("service_items")
    .select([sql<string>`count(*) filter (where online)`.as("online"), sql<string>`count(*)`.as("total")])
    .executeTakeFirstOrThrow();
  return { online: Number(r.online), total: Number(r.total) };
}

export async function insertApplication(
  ex: Executor,
  a: {
    itemCode: string;
    personId: bigint | null;
    employerId: bigint | null;
    regionCode: string;
    form: Record<string, unknown>;
    now: Date;
    dueAt: Date;
  },
) {
  return ex
    .insertInto("service_applications")
    .values({
      item_code: a.itemCode,
      person_id: a.personId,
      employer_id: a.employerId,
      region_code: a.regionCode,
      status: "submitted",
      form: JSON.stringify(a.form),
      submitted_at: a.now,
      due_at: a.dueAt,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
}

export async function insertEvent(
  ex: Executor,
  e: { applicationId: bigint; at: Date; status: string; actor: string; note?: string | null },
) {
  await ex
    .insertInto("service_application_events")
    .values({
      application_id: e.applicationId,
      at: e.at,
      status: e.status,
      actor: e.actor,
      note: e.note ?? null,
    })
    .execute();
}

const APPLICATION_COLUMNS = [
  "a.id",
  "a.item_code",
  "i.name as item_name",
  "i.name_en as item_name_en",
  "a.person_id",
  "a.employer_id",
  "a.region_code",
  "a.status",
  "a.form",
  "a.submitted_at",
  "a.due_at",
  "a.decided_at",
  "a.decision_note",
  "p.psn_no",
  "p.name as person_name",
  "p.certno",
  "m.uscc",
  "m.name as employer_name",
  "o.login as decided_by",
] as const;

const applications = (ex: Executor) =>
  ex
    .selectFrom("service_applications as a")
    .innerJoin("service_items as i", "i.code", "a.item_code")
    .leftJoin("persons as p", "p.id", "a.person_id")
    .leftJoin("employers as m", "m.id", "a.employer_id")
    .leftJoin("operators as o", "o.id", "a.decided_by")
    .select(APPLICATION_COLUMNS);

export type ApplicationRow = Awaited<ReturnType<typeof findApplication>> & {};

export function findApplication(ex: Executor, id: bigint, lock = false) {
  let q = applications(ex).where("a.id", "=", id);
  if (lock) q = q.forUpdate("a");
  return q.executeTakeFirst();
}

export interface ApplicationFilter {
  scope?: RegionScope;
  personId?: bigint;
  employerId?: bigint;
  status?: ApplicationStatus;
  itemCode?: string;
  psnNo?: string;
  overdueAt?: Date;
  after: bigint | null;
  limit: number;
}

/** Newest first; staff see the applications of their region (scope), applicants their own. */
export function listApplications(ex: Executor, f: ApplicationFilter) {
  let q = applications(ex).orderBy("a.id", "desc").limit(f.limit);
  if (f.scope !== undefined) q = q.where(regionIn("a.region_code", f.scope));
  if (f.personId !== undefined) q = q.where("a.person_id", "=", f.personId);
  if (f.employerId !== undefined) q = q.where("a.employer_id", "=", f.employerId);
  if (f.status) q = q.where("a.status", "=", f.status);
  if (f.itemCode) q = q.where("a.item_code", "=", f.itemCode);
  if (f.psnNo) q = q.where("p.psn_no", "=", f.psnNo);
  if (f.overdueAt) q = q.where("a.status", "=", "submitted").where("a.due_at", "<", f.overdueAt);
  if (f.after !== null) q = q.where("a.id", "<", f.after);
  return q.execute();
}

export async function applicationParts(ex: Executor, id: bigint) {
  const [events, attachments, rating, filing] = await Promise.all([
    ex
      .selectFrom("service_application_events")
      .select(["at", "status", "actor", "note"])
      .where("application_id", "=", id)
      .orderBy("id")
      .execute(),
    ex
      .selectFrom("service_attachments")
      .select(["id", "content_type", "size", "uploaded_at"])
      .where("application_id", "=", id)
      .orderBy("id")
      .execute(),
    ex.selectFrom("service_ratings").selectAll().where("application_id", "=", id).executeTakeFirst(),
    ex.selectFrom("filings").selectAll().where("application_id", "=", id).executeTakeFirst(),
  ]);
  return { events, attachments, rating, filing };
}

export async function setDecision(
  ex: Executor,
  id: bigint,
  d: { status: ApplicationStatus; at: Date; operatorId: bigint | null; note: string | null },
) {
  await ex
    .updateTable("service_applications")
    .set({ status: d.status, decided_at: d.at, decided_by: d.operatorId, decision_note: d.note })
    .where("id", "=", id)
    .execute();
}

export async function insertRating(
  ex: Executor,
  r: { applicationId: bigint; score: number; comment: string | null; at: Date },
) {
  await ex
    .insertInto("service_ratings")
    .values({ application_id: r.applicationId, score: r.score, comment: r.comment, rated_at: r.at })
    .execute();
}

export async function countAttachments(ex: Executor, applicationId: bigint) {
  const r = await ex
    .selectFrom("service_attachments")
    .select(sql<string>`count(*)`.as("n"))
    .where("application_id", "=", applicationId)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export function insertAttachment(
  ex: Executor,
  a: {
    applicationId: bigint;
    contentType: "image/jpeg" | "image/png" | "application/pdf";
    data: Buffer;
    sha256: string;
    at: Date;
  },
) {
  return ex
    .insertInto("service_attachments")
    .values({
      application_id: a.applicationId,
      content_type: a.contentType,
      size: a.data.length,
      sha256: a.sha256,
      data: a.data,
      uploaded_at: a.at,
    })
    .returning(["id", "content_type", "size", "uploaded_at"])
    .executeTakeFirstOrThrow();
}

export function findAttachment(ex: Executor, applicationId: bigint, id: bigint) {
  return ex
    .selectFrom("service_attachments")
    .select(["content_type", "data", "size"])
    .where("application_id", "=", applicationId)
    .where("id", "=", id)
    .executeTakeFirst();
}

/** A person's filings (the one `filings` table, features/regions), newest first. */
export function filingsOf(ex: Executor, personId: bigint) {
  return ex
    .selectFrom("filings")
    .selectAll()
    .where("person_id", "=", personId)
    .orderBy("id", "desc")
    .execute();
}

/** The insurance type of the person's live enrolment (the one an online filing is filed under). */
export async function activeInsutypeOf(ex: Executor, personId: bigint) {
  const e = await ex
    .selectFrom("enrolments")
    .select("insutype")
    .where("person_id", "=", personId)
    .where("status", "=", "active")
    .orderBy("id", "desc")
    .executeTakeFirst();
  return e?.insutype ?? null;
}
