import { lastDayOfMonth } from "@yibao/core/time";
import {
  type ContributionParamsJson,
  benefitStart,
  employeeMonth,
  formatContributionParams,
  parseContributionParams,
  residentYear,
  retireeMonth,
} from "@yibao/core/contribution";
import { YibaoError, fieldError } from "@yibao/core/errors";
import { fenToYuan } from "@yibao/core/money";
import { parseUscc } from "@yibao/core/registry";
import { type Insertable, sql } from "kysely";
import { type Actor, recordAudit } from "../../audit/audit.ts";
import type { Db, Executor } from "../../db/database.ts";
import { postAccountEntry } from "../registry/account.repository.ts";
import type { ContributionAssessmentTable } from "./contribution.table.ts";
import { creditedOf, findParams, lockAssessment, paidOf } from "./contribution.repository.ts";

export async function setParams(
  db: Db,
  actor: Actor,
  region: string,
  year: number,
  json: ContributionParamsJson,
) {
  const parsed = parseContributionParams(json);
  const stored = JSON.stringify(formatContributionParams(parsed));
  return db.transaction().execute(async (trx) => {
    const before = await trx
      .selectFrom("contribution_params")
      .select("params")
      .where("region_code", "=", region)
      .where("year", "=", year)
      .executeTakeFirst();
    await trx
      .insertInto("contribution_params")
      .values({ region_code: region, year, params: stored })
      .onConflict((oc) =>
        oc.columns(["region_code", "year"]).doUpdateSet({ params: stored, updated_at: sql`now()` }),
      )
      .execute();
    await recordAudit(trx, actor, {
      action: "contribution.params.set",
      entity: "contribution_params",
      entityId: `${region}/${year}`,
      before: before?.params,
      after: JSON.parse(stored),
    });
    return formatContributionParams(parsed);
  });
}

const MONTH_RE = /^(\d{4})-(0[1-9]|1[0-2])$/;

const isRetiree = (psnType: string) => psnType.startsWith("12") || psnType === "1300";

/**
 * Assesses one month of the employee scheme in a region (optionally one employer): active
 * employees by their declared wage (default the average wage), flexible workers paying both parts,
 * retirees with only the account credit. Existing assessments are left as they are.
 */
export async function assessEmployees(
  db: Db,
  actor: Actor,
  input: { regionCode: string; period: string; employerUscc?: string; wages?: Record<string, bigint> },
) {
  const m = MONTH_RE.exec(input.period);
  if (!m) throw fieldError("CONTRIB_PERIOD_INVALID", "period");
  const monthStart = `${input.period}-01`;
  return db.transaction().execute(async (trx) => {
    const params = await findParams(trx, input.regionCode, Number(m[1]));
    let q = trx
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
      .where("enrolments.region_code", "=", input.regionCode)
      .where("enrolments.start_date", "<=", lastDayOfMonth(input.period));
    if (input.employerUscc) {
      const emp = await trx
        .selectFrom("employers")
        .select("id")
        .where("uscc", "=", parseUscc(input.employerUscc, "employerUscc"))
        .executeTakeFirst();
      if (!emp) throw fieldError("REG_EMPLOYER_UNKNOWN", "employerUscc");
      q = q.where("enrolments.employer_id", "=", emp.id);
    }
    const rows = await q.execute();
    const values = rows.map((e) => {
      const wage = input.wages?.[e.psn_no] ?? params.averageMonthlyWage;
      const month = isRetiree(e.psn_type) ? retireeMonth(params) : employeeMonth(wage, params);
      return {
        enrolment_id: e.id,
        person_id: e.person_id,
        employer_id: e.employer_id,
        kind: isRetiree(e.psn_type) ? ("retiree" as const) : ("employee" as const),
        period: input.period,
        base: month.base,
        employer_amount: month.employer,
        individual_amount: month.individual,
        assistance_amount: 0n,
        government_subsidy: 0n,
        total: month.employer + month.individual,
        account_credit: month.accountCredit,
        coverage_start: e.start_date > monthStart ? e.start_date : monthStart,
      };
    });
    const created = await insertAssessments(trx, values);
    await recordAudit(trx, actor, {
      action: "contribution.assess.employees",
      entity: "contribution_assessments",
      entityId: `${input.regionCode}/${input.period}`,
      after: { created, employer: input.employerUscc ?? null },
    });
    return { period: input.period, assessed: rows.length, created };
  });
}

async function insertAssessments(
  trx: Executor,
  values: Insertable<ContributionAssessmentTable>[],
): Promise<number> {
  let created = 0;
  for (let i = 0; i < values.length; i += 1000) {
    const res = await trx
      .insertInto("contribution_assessments")
      .values(values.slice(i, i + 1000))
      .onConflict((oc) => oc.columns(["enrolment_id", "period"]).doNothing())
      .returning(["id", "assistance_amount", "coverage_start"])
      .execute();
    created += res.length;
    // The assistance share (资助参保) is paid by medical assistance at once.
    const aided = res.filter((r) => r.assistance_amount > 0n);
    if (aided.length > 0) {
      await trx
        .insertInto("contribution_payments")
        .values(
          aided.map((r) => ({
            assessment_id: r.id,
            amount: r.assistance_amount,
            channel: "assistance",
            reference: "资助参保",
            // medical assistance pays the share for the period it covers, from its start
            paid_on: r.coverage_start,
            reverses_id: null,
            operator_id: null,
          })),
        )
        .execute();
    }
  }
  return created;
}

/** Assesses a year of the resident scheme: the flat premium, the assistance share, the subsidy. */
export async function assessResidents(db: Db, actor: Actor, input: { regionCode: string; year: number }) {
  return db.transaction().execute(async (trx) => {
    const params = await findParams(trx, input.regionCode, input.year);
    const yearStart = `${input.year}-01-01`;
    const yearEnd = `${input.year}-12-31`;
    const rows = await trx
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
      ])
      .where("enrolments.insutype", "=", "390")
      .where("enrolments.status", "=", "active")
      .where("enrolments.region_code", "=", input.regionCode)
      .groupBy(["enrolments.id", "enrolments.person_id", "enrolments.start_date"])
      .execute();
    const values = rows.map((e) => {
      // A person in several categories during the year gets the most generous one (tk > db > jc).
      const category = e.rank === null ? null : ([null, "tk", "db", "jc"] as const)[Number(e.rank)]!;
      const y = residentYear(params, category);
      return {
        enrolment_id: e.id,
        person_id: e.person_id,
        employer_id: null,
        kind: "resident" as const,
        period: String(input.year),
        base: 0n,
        employer_amount: 0n,
        individual_amount: y.personPays,
        assistance_amount: y.assistancePays,
        government_subsidy: y.governmentSubsidy,
        total: y.premium,
        account_credit: 0n,
        coverage_start: e.start_date > yearStart ? e.start_date : yearStart,
      };
    });
    const created = await insertAssessments(trx, values);
    await recordAudit(trx, actor, {
      action: "contribution.assess.residents",
      entity: "contribution_assessments",
      entityId: `${input.regionCode}/${input.year}`,
      after: { created },
    });
    return { period: String(input.year), assessed: rows.length, created };
  });
}

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
  const a = await lockAssessment(trx, p.assessmentId);
  if (!a)
    throw new YibaoError("CONTRIB_ASSESSMENT_UNKNOWN", `No assessment ${p.assessmentId}`, {
      field: "assessmentId",
    });
  const paid = await paidOf(trx, a.id);
  if (paid + p.amount > a.total) {
    throw new YibaoError("CONTRIB_OVERPAYMENT", `Only ${fenToYuan(a.total - paid)} yuan is owed`, {
      field: "amount",
      owed: fenToYuan(a.total - paid), // yuan, as every amount the API shows
    });
  }
  const row = await trx
    .insertInto("contribution_payments")
    .values({
      assessment_id: a.id,
      amount: p.amount,
      channel: p.channel,
      reference: p.reference ?? null,
      paid_on: p.paidOn,
      reverses_id: null,
      operator_id: actor.operatorId,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
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
  const e = await trx
    .selectFrom("enrolments")
    .select(["id", "benefit_start_date", "carried_months", "region_code", "start_date"])
    .where("id", "=", a.enrolment_id)
    .forUpdate()
    .executeTakeFirstOrThrow();
  if (e.benefit_start_date !== null) return;
  const params = await findParams(trx, e.region_code, Number(a.coverage_start.slice(0, 4)));
  // Continuous insurance needs no waiting period: months carried over by a transfer, or an
  // enrolment older than the period paid for (a person already insured, e.g. migrated records).
  const continuous = e.carried_months > 0 || e.start_date < a.coverage_start;
  await trx
    .updateTable("enrolments")
    .set({ benefit_start_date: benefitStart(paidOn, a.coverage_start, continuous, params) })
    .where("id", "=", e.id)
    .execute();
}

/** A reversal is a new negative payment; an account credit already made for the assessment is clawed back. */
export async function reversePayment(db: Db, actor: Actor, paymentId: bigint, reason: string) {
  return db.transaction().execute((trx) => reversePaymentIn(trx, actor, paymentId, reason));
}

/** `reversePayment` inside the caller's transaction. */
export async function reversePaymentIn(trx: Executor, actor: Actor, paymentId: bigint, reason: string) {
  const p = await trx
    .selectFrom("contribution_payments")
    .selectAll()
    .where("id", "=", paymentId)
    .executeTakeFirst();
  if (!p || p.amount <= 0n)
    throw new YibaoError("CONTRIB_PAYMENT_UNKNOWN", `No payment ${paymentId}`, { field: "paymentId" });
  const a = (await lockAssessment(trx, p.assessment_id))!;
  const already = await trx
    .selectFrom("contribution_payments")
    .select("id")
    .where("reverses_id", "=", p.id)
    .executeTakeFirst();
  if (already)
    throw new YibaoError("CONTRIB_ALREADY_REVERSED", `Payment ${paymentId} was reversed`, {
      field: "paymentId",
    });
  const row = await trx
    .insertInto("contribution_payments")
    .values({
      assessment_id: a.id,
      amount: -p.amount,
      channel: p.channel,
      reference: reason,
      paid_on: p.paid_on,
      reverses_id: p.id,
      operator_id: actor.operatorId,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  const credited = await creditedOf(trx, a.id);
  if (credited > 0n) {
    await postAccountEntry(trx, {
      personId: a.person_id,
      amount: -credited,
      kind: "contribution_clawback",
      refType: "assessment",
      refId: String(a.id),
    });
    await trx
      .insertInto("account_credits")
      .values({ assessment_id: a.id, person_id: a.person_id, month: a.period, amount: -credited })
      .execute();
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
 * Credits personal accounts for a month: every fully paid employee/retiree assessment of the
 * month whose net credit is zero. Batches commit one by one, so an interrupted run resumes.
 */
export async function creditAccounts(
  db: Db,
  month: string,
  progress: (done: number, total: number) => void = () => {},
) {
  if (!MONTH_RE.test(month)) throw fieldError("CONTRIB_PERIOD_INVALID", "month");
  const due = await db
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
  let done = 0;
  for (let i = 0; i < due.length; i += 500) {
    await db.transaction().execute(async (trx) => {
      for (const a of due.slice(i, i + 500)) {
        await postAccountEntry(trx, {
          personId: a.person_id,
          amount: a.account_credit,
          kind: "contribution_credit",
          refType: "assessment",
          refId: String(a.id),
        });
        await trx
          .insertInto("account_credits")
          .values({ assessment_id: a.id, person_id: a.person_id, month, amount: a.account_credit })
          .execute();
      }
    });
    done = Math.min(i + 500, due.length);
    progress(done, due.length);
  }
  return { month, credited: done };
}
