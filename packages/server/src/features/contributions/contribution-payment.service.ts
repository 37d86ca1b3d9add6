import { benefitStart } from "@yibao/core/contribution";
import { YibaoError, fieldError } from "@yibao/core/errors";
import { fenToYuan } from "@yibao/core/money";
import { type Actor, recordAudit } from "../../audit/audit.ts";
import type { Db, Executor } from "../../db/database.ts";
import { once } from "../../idempotency/idempotency.ts";
import { postAccountEntry } from "../registry/account.repository.ts";
import { lockEnrolmentForBenefits, setBenefitStart } from "../registry/registry.repository.ts";
import { requireRowInScope } from "../platform/region-scope.ts";
import { assessmentRegion, lockAssessment } from "./assessment.repository.ts";
import {
  creditedOf,
  findParams,
  findPayment,
  findReversalOf,
  insertCredit,
  insertPayment,
  paidOf,
} from "./contribution.repository.ts";

/** Contribution payments (缴费) and their reversals; a fully paid assessment starts benefits. */
export interface Payment {
  assessmentId: bigint;
  amount: bigint;
  channel: string;
  reference?: string | null;
  paidOn: string;
}

/** Records a payment; a fully paid assessment starts benefits (after the waiting period if due). */
export async function pay(db: Db, actor: Actor, p: Payment) {
  return db.transaction().execute((trx) => payIn(trx, actor, p));
}

/** `pay` inside the caller's transaction (which may hold the request's idempotency key). */
export async function payIn(trx: Executor, actor: Actor, p: Payment) {
  if (p.amount <= 0n) throw fieldError("CONTRIB_AMOUNT_NOT_POSITIVE", "amount");
  const unknown = () =>
    new YibaoError("CONTRIB_ASSESSMENT_UNKNOWN", `No assessment ${p.assessmentId}`, {
      field: "assessmentId",
    });
  // another region's assessment is answered as if it did not exist (region-scope.ts)
  await requireRowInScope(trx, actor, await assessmentRegion(trx, p.assessmentId), unknown);
  const a = await lockAssessment(trx, p.assessmentId);
  if (!a) throw unknown();
  const paid = await paidOf(trx, a.id);
  if (paid + p.amount > a.total) {
    throw new YibaoError("CONTRIB_OVERPAYMENT", `Only ${fenToYuan(a.total - paid)} yuan is owed`, {
      field: "amount",
      owed: fenToYuan(a.total - paid), // yuan, as every amount the API shows
    });
  }
  const row = await insertPayment(trx, {
    assessment_id: a.id,
    amount: p.amount,
    channel: p.channel,
    reference: p.reference ?? null,
    paid_on: p.paidOn,
    reverses_id: null,
    operator_id: actor.operatorId,
  });
  if (paid + p.amount === a.total) await startBenefits(trx, a, p.paidOn);
  await recordAudit(trx, actor, {
    action: "contribution.pay",
    entity: "contribution_payments",
    entityId: row.id,
    after: row,
  });
  return { payment: row, owed: a.total - paid - p.amount };
}

async function startBenefits(
  trx: Executor,
  a: { id: bigint; enrolment_id: bigint; coverage_start: string },
  paidOn: string,
) {
  const e = await lockEnrolmentForBenefits(trx, a.enrolment_id);
  if (e.benefit_start_date !== null) return;
  const params = await findParams(trx, e.region_code, Number(a.coverage_start.slice(0, 4)));
  // Continuous insurance needs no waiting period: months carried over by a transfer, or an
  // enrolment older than the period paid for (a person already insured, e.g. migrated records).
  const continuous = e.carried_months > 0 || e.start_date < a.coverage_start;
  await setBenefitStart(trx, e.id, benefitStart(paidOn, a.coverage_start, continuous, params));
}

/** A reversal is a new negative payment; an account credit already made for the assessment is clawed back. */
export async function reversePayment(db: Db, actor: Actor, paymentId: bigint, reason: string) {
  return db.transaction().execute((trx) => reversePaymentIn(trx, actor, paymentId, reason));
}

/** `reversePayment` inside the caller's transaction. */
export async function reversePaymentIn(trx: Executor, actor: Actor, paymentId: bigint, reason: string) {
  const unknown = () =>
    new YibaoError("CONTRIB_PAYMENT_UNKNOWN", `No payment ${paymentId}`, { field: "paymentId" });
  const p = await findPayment(trx, paymentId);
  if (!p || p.amount <= 0n) throw unknown();
  await requireRowInScope(trx, actor, await assessmentRegion(trx, p.assessment_id), unknown);
  const a = (await lockAssessment(trx, p.assessment_id))!;
  if (await findReversalOf(trx, p.id))
    throw new YibaoError("CONTRIB_ALREADY_REVERSED", `Payment ${paymentId} was reversed`, {
      field: "paymentId",
    });
  const row = await insertPayment(trx, {
    assessment_id: a.id,
    amount: -p.amount,
    channel: p.channel,
    reference: reason,
    paid_on: p.paid_on,
    reverses_id: p.id,
    operator_id: actor.operatorId,
  });
  const credited = await creditedOf(trx, a.id);
  if (credited > 0n) {
    await postAccountEntry(trx, {
      personId: a.person_id,
      amount: -credited,
      kind: "contribution_clawback",
      refType: "assessment",
      refId: String(a.id),
    });
    await insertCredit(trx, {
      assessmentId: a.id,
      personId: a.person_id,
      month: a.period,
      amount: -credited,
    });
  }
  await recordAudit(trx, actor, {
    action: "contribution.reverse",
    entity: "contribution_payments",
    entityId: row.id,
    before: p,
    after: row,
  });
  return row;
}

/**
 * Scope of the Idempotency-Key of payments and reversals: the whole agency, not one operator. A
 * key names one movement of money whoever sends it: a payment channel (tax bureau, bank, counter
 * system) that times out retries through whichever login it has, and paying twice is the harm to
 * prevent. Agency operators are one party (each may see every payment), so an answer replayed to
 * another operator discloses nothing. The content hashed with the key names the action, so one
 * key cannot be both a payment and a reversal.
 */
const MONEY_SCOPE = "contributions";

/**
 * Runs a movement of money in one transaction: once per Idempotency-Key when the request has one
 * (a repeat gets the first answer: idempotency/idempotency.ts), else once.
 */
export async function moneyOnce<T>(
  db: Db,
  key: string | null,
  content: unknown,
  work: (trx: Executor) => Promise<{ statusCode: number; body: T }>,
) {
  if (key) return once(db, MONEY_SCOPE, key, content, work);
  return { ...(await db.transaction().execute(work)), replayed: false };
}
