import { benefitStart } from "@yibao/core/contribution";
import { isoTime } from "@yibao/core/time";
import { sql } from "kysely";
import { type Actor, recordAudit } from "../../audit/audit.ts";
import type { Db, Executor } from "../../db/database.ts";
import { findParams } from "../contributions/contribution.repository.ts";

/**
 * What the tax bureau's collection file (征缴到账) and the month's account run do for a million
 * persons, set-based: contributions.service.ts pays and credits one assessment per transaction
 * (right for the counter, 3.7 million transactions for a simulated year). The rules are the same:
 * a payment settles exactly what an assessment still owes; an assessment that becomes fully paid
 * starts its enrolment's benefits as benefitStart (core/contribution) says; a fully paid
 * employee or retiree assessment whose credit was not made credits the personal account with a
 * ledger entry and an account_credits row. One audit entry per batch says what was done.
 */
export async function payAssessments(
  db: Db,
  actor: Actor,
  input: { ids: bigint[]; channel: string; paidOn: string; reference: string; region: string },
  now: Date,
): Promise<{ paid: number; amount: bigint }> {
  if (input.ids.length === 0) return { paid: 0, amount: 0n };
  return db.transaction().execute(async (trx) => {
    const { rows } = await sql<{
      assessment_id: bigint;
      amount: bigint;
      enrolment_id: bigint;
      coverage_start: string;
    }>`
      with due as (
        select a.id, a.enrolment_id, a.coverage_start,
          a.total - coalesce((select sum(p.amount) from contribution_payments p where p.assessment_id = a.id), 0) as owed
        from contribution_assessments a where a.id = any(${input.ids}::int8[])
        for update of a)
      , ins as (
        insert into contribution_payments (assessment_id, amount, channel, reference, paid_on)
        select d.id, d.owed, ${input.channel}, ${input.reference}, ${input.paidOn}::date from due d where d.owed > 0
        returning assessment_id, amount)
      select ins.assessment_id, ins.amount, d.enrolment_id, d.coverage_start::text as coverage_start
      from ins join due d on d.id = ins.assessment_id`.execute(trx);
    await startBenefits(trx, rows, input.paidOn, input.region);
    const amount = rows.reduce((s, r) => s + BigInt(r.amount), 0n);
    await recordAudit(trx, actor, {
      action: "contribution.pay.bulk",
      entity: "contribution_payments",
      entityId: input.reference,
      after: {
        payments: rows.length,
        amount,
        channel: input.channel,
        paidOn: input.paidOn,
        at: isoTime(now),
      },
    });
    return { paid: rows.length, amount };
  });
}

/** Benefits of enrolments still waiting start as a single payment's would (contribution-payment.service.ts). */
async function startBenefits(
  trx: Executor,
  paid: { enrolment_id: bigint; coverage_start: string }[],
  paidOn: string,
  region: string,
) {
  if (paid.length === 0) return;
  const ids = [...new Set(paid.map((p) => String(p.enrolment_id)))];
  const waiting = await trx
    .selectFrom("enrolments")
    .select(["id", "carried_months", "start_date"])
    .where("id", "=", sql<bigint>`any(${ids}::int8[])`)
    .where("benefit_start_date", "is", null)
    .execute();
  if (waiting.length === 0) return;
  const coverage = new Map(paid.map((p) => [String(p.enrolment_id), p.coverage_start]));
  const params = await findParams(trx, region, Number(paidOn.slice(0, 4)));
  const starts = waiting.map((e) => {
    const cov = coverage.get(String(e.id))!;
    return { id: e.id, start: benefitStart(paidOn, cov, e.carried_months > 0 || e.start_date < cov, params) };
  });
  await sql`update enrolments e set benefit_start_date = v.start::date
    from unnest(${starts.map((s) => String(s.id))}::int8[], ${starts.map((s) => s.start)}::text[]) as v(id, start)
    where e.id = v.id and e.benefit_start_date is null`.execute(trx);
}

/**
 * Credits the personal accounts for the month's fully paid employee and retiree assessments not
 * credited yet, one assessment per person and statement (so the balance read back is theirs
 * alone): a person with a second assessment in the month gets it in the next pass. Not in slices
 * of persons: each pass tests every assessment of the month, so slices of 20,000 made a
 * million-insured month 16 passes of 5 s each. The persons are split in two halves (by person
 * id) credited at once, each on its own connection: a statement is one core's work, and the
 * halves share no account, so they neither wait for each other nor change what the other
 * writes. Returns how many were credited.
 */
export async function creditMonth(db: Db, actor: Actor, month: string, regions: string[], now: Date) {
  const halves = await Promise.all([0, 1].map((half) => creditHalf(db, actor, month, regions, now, half)));
  return halves[0]! + halves[1]!;
}

async function creditHalf(db: Db, actor: Actor, month: string, regions: string[], now: Date, half: number) {
  let credited = 0;
  let left = 0;
  for (;;) {
    const n = await db.transaction().execute(async (trx) => {
      // The month's assessments of the regions first, then the paid-and-not-credited test: with
      // the test in the join's WHERE the planner expects one row and joins every enrolment with
      // every assessment (minutes a month at 100,000 insured).
      const { rows } = await sql<{ n: string; due: string }>`
        with assessed as materialized (
          select a.id, a.person_id, a.account_credit, a.total
          from contribution_assessments a
          join enrolments e on e.id = a.enrolment_id
          where a.period = ${month} and a.kind in ('employee', 'retiree') and a.account_credit > 0
            and a.person_id % 2 = ${half} and e.region_code in (${sql.join(regions)})),
        due_all as materialized (
          select m.id, m.person_id, m.account_credit
          from assessed m
          where m.total = coalesce((select sum(p.amount) from contribution_payments p where p.assessment_id = m.id), 0)
            and coalesce((select sum(c.amount) from account_credits c where c.assessment_id = m.id), 0) = 0),
        due as materialized (
          select distinct on (m.person_id) m.id, m.person_id, m.account_credit
          from due_all m
          order by m.person_id, m.id),
        acc as (
          update personal_accounts pa set balance = pa.balance + d.account_credit, updated_at = ${isoTime(now)}::timestamptz
          from due d where pa.person_id = d.person_id
          returning pa.person_id, pa.balance, d.id, d.account_credit),
        led as (
          insert into account_ledger (person_id, amount, balance_after, kind, ref_type, ref_id)
          select acc.person_id, acc.account_credit, acc.balance, 'contribution_credit', 'assessment', acc.id::text
          from acc order by acc.person_id),
        cr as (
          insert into account_credits (assessment_id, person_id, month, amount)
          select acc.id, acc.person_id, ${month}, acc.account_credit from acc order by acc.person_id)
        select count(*)::text as n, (select count(*) from due_all)::text as due from acc`.execute(trx);
      const count = Number(rows[0]!.n);
      left = Number(rows[0]!.due) - count;
      if (count > 0)
        await recordAudit(trx, actor, {
          action: "contribution.credit.bulk",
          entity: "account_credits",
          entityId: month,
          after: { credited: count, persons: half === 0 ? "even ids" : "odd ids" },
        });
      return count;
    });
    credited += n;
    // what this pass did not credit (a second assessment of a person in the month) is the next's
    if (n === 0 || left === 0) return credited;
  }
}

/**
 * Opening personal-account balances (期初) of persons migrated from the old system, as
 * settlement/opening.service.ts loads one: a ledger entry of kind opening (ref migration/year)
 * and the balance, once per person (a person with an opening entry is left alone).
 */
export async function openAccounts(
  db: Db,
  actor: Actor,
  year: number,
  balances: { psnNo: string; amount: bigint }[],
  now: Date,
) {
  if (balances.length === 0) return 0;
  return db.transaction().execute(async (trx) => {
    const { rows } = await sql<{ n: string }>`
      with v as (select * from unnest(${balances.map((b) => b.psnNo)}::text[], ${balances.map((b) => String(b.amount))}::int8[]) as v(psn_no, amount)),
      p as (
        select pe.id, v.amount from v join persons pe on pe.psn_no = v.psn_no
        where v.amount > 0
          and not exists (select 1 from account_ledger l where l.person_id = pe.id and l.kind = 'opening')),
      acc as (
        update personal_accounts a set balance = a.balance + p.amount, updated_at = ${isoTime(now)}::timestamptz
        from p where a.person_id = p.id
        returning a.person_id, a.balance),
      led as (
        insert into account_ledger (person_id, amount, balance_after, kind, ref_type, ref_id)
        select acc.person_id, p.amount, acc.balance, 'opening', 'migration', ${String(year)}
        from acc join p on p.id = acc.person_id)
      select count(*)::text as n from acc`.execute(trx);
    const n = Number(rows[0]!.n);
    await recordAudit(trx, actor, {
      action: "account.opening.bulk",
      entity: "account_ledger",
      entityId: String(year),
      after: { accounts: n },
    });
    return n;
  });
}

/**
 * Benefits of enrolments whose assessment is fully paid but were never started: assessments that
 * medical assistance pays in full (资助参保, 特困 and 低保 at 100%) are paid when assessed
 * (assessment.service.ts insertAssessments) without starting benefits, so such residents would
 * stay uninsured. Starts them as a payment would, from the assistance payment's day.
 */
export async function startFullyPaid(db: Db, actor: Actor, regions: string[], year: number, region: string) {
  const { rows } = await sql<{ enrolment_id: bigint; coverage_start: string; paid_on: string }>`
    select a.enrolment_id, a.coverage_start::text, max(p.paid_on)::text as paid_on
    from contribution_assessments a
    join enrolments e on e.id = a.enrolment_id
    join contribution_payments p on p.assessment_id = a.id
    where a.period = ${String(year)} and a.kind = 'resident' and e.benefit_start_date is null
      and e.region_code in (${sql.join(regions)})
    group by a.id
    having sum(p.amount) = a.total`.execute(db);
  const byDay = new Map<string, { enrolment_id: bigint; coverage_start: string }[]>();
  for (const r of rows) byDay.set(r.paid_on, [...(byDay.get(r.paid_on) ?? []), r]);
  await db.transaction().execute(async (trx) => {
    for (const [paidOn, paid] of byDay) await startBenefits(trx, paid, paidOn, region);
    if (rows.length > 0)
      await recordAudit(trx, actor, {
        action: "enrolment.benefits.start",
        entity: "enrolments",
        entityId: region,
        after: { enrolments: rows.length, reason: "assessment paid in full by medical assistance" },
      });
  });
  return rows.length;
}
