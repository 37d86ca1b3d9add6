import { YibaoError } from "@yibao/core/errors";
import { type ContributionParams, parseContributionParams } from "@yibao/core/contribution";
import { type Insertable, sql } from "kysely";
import type { Executor } from "../../db/database.ts";
import { type RegionScope, regionIn } from "../platform/region-scope.ts";
import type { ContributionPaymentTable } from "./contribution.table.ts";

/** Queries of contribution parameters, payments and account credits (assessments: assessment.repository.ts). */

/** The stored parameters document of a region and year, if any. */
export async function storedParams(ex: Executor, region: string, year: number) {
  const row = await ex
    .selectFrom("contribution_params")
    .select("params")
    .where("region_code", "=", region)
    .where("year", "=", year)
    .executeTakeFirst();
  return row?.params;
}

/** The parameters in force for a region and year; CONTRIB_PARAMS_MISSING when there are none. */
export async function findParams(ex: Executor, region: string, year: number): Promise<ContributionParams> {
  const params = await storedParams(ex, region, year);
  if (!params) {
    throw new YibaoError("CONTRIB_PARAMS_MISSING", `No contribution parameters for ${region} ${year}`, {
      field: "year",
    });
  }
  return parseContributionParams(params);
}

/** Stores (or replaces) the parameters document (JSON text) of a region and year. */
export async function upsertParams(ex: Executor, region: string, year: number, stored: string) {
  await ex
    .insertInto("contribution_params")
    .values({ region_code: region, year, params: stored })
    .onConflict((oc) =>
      oc.columns(["region_code", "year"]).doUpdateSet({ params: stored, updated_at: sql`now()` }),
    )
    .execute();
}

/** Net paid per assessment (payments minus reversals). */
export async function paidOf(ex: Executor, assessmentId: bigint): Promise<bigint> {
  const row = await ex
    .selectFrom("contribution_payments")
    .select(sql<bigint>`coalesce(sum(amount), 0)::int8`.as("paid"))
    .where("assessment_id", "=", assessmentId)
    .executeTakeFirstOrThrow();
  return row.paid;
}

/** Appends a payment (or a reversal: a negative amount naming the payment it reverses). */
export function insertPayment(ex: Executor, value: Insertable<ContributionPaymentTable>) {
  return ex.insertInto("contribution_payments").values(value).returningAll().executeTakeFirstOrThrow();
}

/** Appends payments in one statement. */
export async function insertPayments(ex: Executor, values: Insertable<ContributionPaymentTable>[]) {
  await ex.insertInto("contribution_payments").values(values).execute();
}

export function findPayment(ex: Executor, id: bigint) {
  return ex.selectFrom("contribution_payments").selectAll().where("id", "=", id).executeTakeFirst();
}

/** The reversal of a payment, if it was reversed. */
export function findReversalOf(ex: Executor, paymentId: bigint) {
  return ex
    .selectFrom("contribution_payments")
    .select("id")
    .where("reverses_id", "=", paymentId)
    .executeTakeFirst();
}

/** Net credited to the personal account for an assessment (credits minus claw-backs). */
export async function creditedOf(ex: Executor, assessmentId: bigint): Promise<bigint> {
  const row = await ex
    .selectFrom("account_credits")
    .select(sql<bigint>`coalesce(sum(amount), 0)::int8`.as("credited"))
    .where("assessment_id", "=", assessmentId)
    .executeTakeFirstOrThrow();
  return row.credited;
}

/** Records an account credit (or a claw-back, negative) of an assessment. */
export async function insertCredit(
  ex: Executor,
  c: { assessmentId: bigint; personId: bigint; month: string; amount: bigint },
) {
  await ex
    .insertInto("account_credits")
    .values({ assessment_id: c.assessmentId, person_id: c.personId, month: c.month, amount: c.amount })
    .execute();
}

/**
 * Employee and retiree assessments of a month with an account credit that are fully paid and
 * not yet credited (net credit zero), by id.
 */
export function creditsDue(ex: Executor, month: string) {
  return ex
    .selectFrom("contribution_assessments as a")
    .select(["a.id", "a.person_id", "a.account_credit"])
    .where("a.period", "=", month)
    .where("a.kind", "in", ["employee", "retiree"])
    .where("a.account_credit", ">", 0n)
    .where(
      sql<boolean>`a.total = coalesce((select sum(p.amount) from contribution_payments p where p.assessment_id = a.id), 0)`,
    )
    .where(
      sql<boolean>`coalesce((select sum(c.amount) from account_credits c where c.assessment_id = a.id), 0) = 0`,
    )
    .orderBy("a.id")
    .execute();
}

/** What the payment list may filter on (GET /contributions/payments). */
export interface PaymentFilter {
  assessmentId?: bigint;
  psnNo?: string;
  regionCode?: string;
  /** upper case */
  employerUscc?: string;
}

/**
 * Payments and reversals of persons in the scope, newest first (ids before the cursor), each with
 * its assessment, its operator's login and, for a reversed payment, the reversal's id.
 */
export function paymentsPage(
  ex: Executor,
  scope: RegionScope,
  filter: PaymentFilter,
  before: bigint | null,
  limit: number,
) {
  let q = ex
    .selectFrom("contribution_payments as y")
    .innerJoin("contribution_assessments as a", "a.id", "y.assessment_id")
    .innerJoin("persons as p", "p.id", "a.person_id")
    .innerJoin("enrolments as e", "e.id", "a.enrolment_id")
    .leftJoin("employers as m", "m.id", "a.employer_id")
    .leftJoin("operators as o", "o.id", "y.operator_id")
    .select([
      "y.id",
      "y.assessment_id",
      "y.amount",
      "y.channel",
      "y.reference",
      "y.paid_on",
      "y.reverses_id",
      "y.created_at",
      "a.kind",
      "a.period",
      "p.psn_no",
      "m.uscc",
      "o.login as operator",
      sql<string | null>`(select r.id::text from contribution_payments r where r.reverses_id = y.id)`.as(
        "reversed_by",
      ),
    ])
    .where(regionIn("p.region_code", scope))
    .orderBy("y.id", "desc")
    .limit(limit);
  if (before !== null) q = q.where("y.id", "<", before);
  if (filter.assessmentId !== undefined) q = q.where("y.assessment_id", "=", filter.assessmentId);
  if (filter.psnNo) q = q.where("p.psn_no", "=", filter.psnNo);
  if (filter.regionCode) q = q.where("e.region_code", "=", filter.regionCode);
  if (filter.employerUscc) q = q.where("m.uscc", "=", filter.employerUscc);
  return q.execute();
}
