import { lastDayOfMonth } from "@yibao/core/time";
import { sql } from "kysely";
import type { Executor } from "../../db/database.ts";

/**
 * The SQL of a refresh (refresh.service.ts): each function rewrites one aggregate for the months
 * `from`..`to` of a year from the ledgers. Times are Beijing's (UTC+8): a settlement at 23:30 on
 * 31 January Beijing time belongs to January. docs/fund.md and docs/indicators.md describe what
 * each row sums.
 */
export interface MonthRange {
  year: number;
  from: number; // 1..12
  to: number; // from..12
}

const pad = (n: number) => String(n).padStart(2, "0");
const beijingStart = (year: number, month: number) =>
  month > 12 ? `${year + 1}-01-01T00:00:00+08:00` : `${year}-${pad(month)}-01T00:00:00+08:00`;
const firstDay = (r: MonthRange) => `${r.year}-${pad(r.from)}-01`;
const lastDay = (r: MonthRange) => lastDayOfMonth(`${r.year}-${pad(r.to)}`);

/** The Beijing local time of a timestamptz column, as SQL. */
const local = (column: string) => sql.raw(`((${column} at time zone 'UTC') + interval '8 hours')`);

export async function deleteRange(ex: Executor, r: MonthRange, settlements = true) {
  const tables = ["settlement_monthly", "fund_monthly", "enrolment_monthly"] as const;
  for (const table of settlements ? tables : tables.slice(1))
    await ex
      .deleteFrom(table)
      .where("year", "=", r.year)
      .where("month", ">=", r.from)
      .where("month", "<=", r.to)
      .execute();
}

/**
 * What every settlement row is counted by, as SQL over `settlements s` (the refresh below and the
 * settlement export share it, so the export recomputes the aggregates exactly): the insured
 * region (the enrolment's), insurance type, medical type, person group, assistance category on
 * the visit's day (the most protected one, as the engine chose it), payment method of the
 * institution (or 'manual' for 零星报销), level and whether the institution (or the invoice's
 * issuer) lies in another province.
 */
export function settlementFacts() {
  const day = sql.raw("(((v.begntime at time zone 'UTC') + interval '8 hours')::date)");
  return {
    dimensions: sql`e.region_code, v.insutype, v.med_type,
      case when e.psn_type like '12%' or e.psn_type = '1300' then 'retiree'
           when v.insutype = '310' then 'employee' else 'resident' end as psn_group,
      coalesce(m.category, '') as maf_category,
      coalesce(i.payment_method, 'manual') as payment,
      v.level,
      case when v.institution_code is not null then left(i.region_code, 2) <> left(e.region_code, 2)
           else coalesce(mr.institution_code ~ '^[A-Z][0-9]{2}'
                  and substr(mr.institution_code, 2, 2) <> left(e.region_code, 2), false) end as out_of_province`,
    from: sql`from settlements s
    join visits v on v.id = s.visit_id
    join enrolments e on e.id = v.enrolment_id
    left join institutions i on i.code = v.institution_code
    left join manual_reimbursements mr
      on v.institution_code is null and mr.settlement_id = coalesce(s.reverses_id, s.id)
    left join lateral (
      select case min(case c.category when 'tk' then 1 when 'db' then 2 when 'jc' then 3 end)
               when 1 then 'tk' when 2 then 'db' when 3 then 'jc' end as category
      from assistance_categories c
      where c.person_id = s.person_id and c.valid_from <= ${day}
        and (c.valid_to is null or c.valid_to >= ${day})) m on true`,
  };
}

/** Settlements and reversals by the month of setl_time (reversals carry negated amounts: the sums are net). */
export async function insertSettlementMonths(ex: Executor, r: MonthRange) {
  const f = settlementFacts();
  await sql`
    insert into settlement_monthly (region_code, insutype, med_type, psn_group, maf_category,
      payment, level, out_of_province, year, month, settlements, reversals, medfee, full_own_pay, over_limit,
      pre_self_pay, in_scope, deductible, pool_pay, large_amount_pay, ci_pay, maf_pay, fund_pay, person_part,
      account_pay, cash_pay)
    select ${f.dimensions}, extract(year from t.at)::int, extract(month from t.at)::int,
      count(*) filter (where s.kind = 'settle'), count(*) filter (where s.kind = 'reverse'),
      sum(s.medfee), sum(s.full_own_pay), sum(s.over_limit), sum(s.pre_self_pay), sum(s.in_scope),
      sum(s.deductible), sum(s.pool_pay), sum(s.large_amount_pay), sum(s.ci_pay), sum(s.maf_pay),
      sum(s.fund_pay), sum(s.person_part), sum(s.account_pay), sum(s.cash_pay)
    ${f.from}
    cross join lateral (select ${local("s.setl_time")} as at) t
    where s.setl_time >= ${beijingStart(r.year, r.from)}::timestamptz
      and s.setl_time < ${beijingStart(r.year, r.to + 1)}::timestamptz
    group by 1, 2, 3, 4, 5, 6, 7, 8, 9, 10`.execute(ex);
}

/**
 * Persons insured at each month's end: a basic enrolment (310/390) begun by then, not ended by
 * then, whose benefits have started (a resident who never paid is enrolled but not insured).
 */
export async function insertEnrolmentMonths(ex: Executor, r: MonthRange) {
  await sql`
    insert into enrolment_monthly (region_code, year, month, insutype, insured)
    select e.region_code, ${r.year}::int, d.m, e.insutype, count(*)
    from generate_series(${r.from}::int, ${r.to}::int) as d(m)
    cross join lateral (select (make_date(${r.year}::int, d.m, 1) + interval '1 month' - interval '1 day')::date
      as last) l
    join enrolments e on e.start_date <= l.last and (e.end_date is null or e.end_date > l.last)
      and e.benefit_start_date <= l.last
    where e.insutype in ('310', '390')
    group by e.region_code, d.m, e.insutype`.execute(ex);
}

/**
 * The funds' income and expenditure from every ledger but the liquidation runs (those are
 * apportioned in code: refresh.service.ts). One row per region, month, fund and item.
 */
export async function insertFundMonths(ex: Executor, r: MonthRange) {
  const from = firstDay(r);
  const to = lastDay(r);
  const sm = sql`from settlement_monthly where year = ${r.year}::int and month between ${r.from}::int and ${r.to}::int`;
  const kindOf = sql.raw("case payment when 'manual' then 'manual_reimbursements' else 'settlements' end");
  // A contribution is the fund's income from the later of its payment and the coverage it pays
  // for: paid in the range for coverage begun by its end, or paid before for coverage begun in it
  // (two disjoint parts, each read by its index: contribution_payments_paid_on,
  // contribution_assessments_coverage).
  const paid = sql`(
      select p.amount, p.channel, a.kind, a.enrolment_id, greatest(p.paid_on, a.coverage_start) as at
      from contribution_payments p join contribution_assessments a on a.id = p.assessment_id
      where p.paid_on between ${from}::date and ${to}::date and a.coverage_start <= ${to}::date
      union all
      select p.amount, p.channel, a.kind, a.enrolment_id, a.coverage_start as at
      from contribution_assessments a join contribution_payments p on p.assessment_id = a.id
      where a.coverage_start between ${from}::date and ${to}::date and p.paid_on < ${from}::date)`;
  // A resident's subsidy is income when the premium is paid in full, from the later of the last
  // payment and the coverage's start: only an assessment whose coverage begins in the range or
  // that was paid in it can have that day in the range.
  const subsidised = sql`(
      select id from contribution_assessments
      where kind = 'resident' and coverage_start between ${from}::date and ${to}::date
      union
      select assessment_id from contribution_payments where paid_on between ${from}::date and ${to}::date)`;
  await sql`
    insert into fund_monthly (region_code, year, month, fund_code, item, amount)
    select region_code, ${r.year}::int, month, fund_code, item, sum(amount) from (
      select region_code, month, case insutype when '310' then '310100' else '390100' end as fund_code,
        ${kindOf} as item, pool_pay as amount ${sm}
      union all select region_code, month, '330100', ${kindOf}, large_amount_pay ${sm}
      union all select region_code, month, '390200', ${kindOf}, ci_pay ${sm}
      union all select region_code, month, '610100', ${kindOf}, maf_pay ${sm}
      union all select region_code, month, '310200', ${kindOf}, account_pay ${sm}
      union all
      select e.region_code, extract(month from c.at)::int,
        case c.kind when 'resident' then '390100' else '310100' end, 'contributions', c.amount
      from ${paid} c
      join enrolments e on e.id = c.enrolment_id
      union all
      select e.region_code, extract(month from c.at)::int, '610100', 'transfers_out', c.amount
      from ${paid} c
      join enrolments e on e.id = c.enrolment_id
      where c.channel = 'assistance'
      union all
      select e.region_code, extract(month from x.at)::int, '390100', 'subsidies', a.government_subsidy
      from ${subsidised} due
      join contribution_assessments a on a.id = due.id
      join enrolments e on e.id = a.enrolment_id
      cross join lateral (
        select greatest(max(p.paid_on), a.coverage_start) as at, sum(p.amount) as net
        from contribution_payments p where p.assessment_id = a.id) x
      where a.kind = 'resident' and a.government_subsidy <> 0 and x.net = a.total
        and x.at between ${from}::date and ${to}::date
      union all
      select e.region_code, right(c.month, 2)::int, f.fund_code, f.item, c.amount * f.sign
      from account_credits c
      join contribution_assessments a on a.id = c.assessment_id
      join enrolments e on e.id = a.enrolment_id
      cross join (values ('310100', 'transfers_out', 1), ('310200', 'transfers_in', 1)) as f(fund_code, item, sign)
      where c.month between ${from.slice(0, 7)} and ${to.slice(0, 7)}
      union all
      select w.region_code, extract(month from w.at)::int, '310200', w.item,
        case l.kind when 'transfer_out' then -l.amount else l.amount end
      from account_ledger l
      cross join lateral (${accountLedgerSide()}) w
      where l.kind in ('opening', 'transfer_in', 'transfer_out') and w.at between ${from}::date and ${to}::date
      union all
      select f.region_code, extract(month from f.booked_on)::int, f.fund_code,
        case f.kind when 'opening' then 'opening' when 'subsidy' then 'subsidies' when 'interest' then 'interest'
          when 'transfer' then (case f.direction when 'in' then 'transfers_in' else 'transfers_out' end)
          else (case f.direction when 'in' then 'other_income' else 'other_expenditure' end) end,
        f.amount
      from fund_entries f
      where f.booked_on between ${from}::date and ${to}::date
    ) x
    group by region_code, month, fund_code, item
    having sum(amount) <> 0`.execute(ex);
}

/**
 * Where and when a personal-account entry that is neither a credit nor a settlement lands: an
 * opening balance (期初) in the region of the person's employee enrolment on 1 January of its
 * year; a transfer (转移接续) on the new enrolment's start, in (transfer_in) to the new region, out
 * (transfer_out) of the old one (the person's employee enrolment that ended that day).
 */
function accountLedgerSide() {
  return sql`
    select case l.kind when 'opening' then 'opening' when 'transfer_in' then 'transfers_in' else 'transfers_out' end
        as item,
      case l.kind when 'opening' then make_date(l.ref_id::int, 1, 1) else n.start_date end as at,
      case l.kind
        when 'opening' then (select e.region_code from enrolments e where e.person_id = l.person_id
          and e.insutype = '310' and e.start_date <= make_date(l.ref_id::int, 1, 1) order by e.id desc limit 1)
        when 'transfer_in' then n.region_code
        else (select e.region_code from enrolments e where e.person_id = l.person_id and e.insutype = '310'
          and e.id <> n.id and e.end_date = n.start_date order by e.id desc limit 1) end as region_code
    from (select 1) one
    left join enrolments n on l.kind <> 'opening'
      and n.id = (case when l.ref_id ~ '^[0-9]{1,18}$' then l.ref_id::int8 end)`;
}

/** Liquidation runs of a year that count: the latest of each method per region (advances are prepayments). */
export async function latestRuns(ex: Executor, year: number) {
  const { rows } = await sql<{ id: bigint; region_code: string; method: string; net: string }>`
    select r.id, r.region_code, r.method,
      (select coalesce(sum(s.payable - (select coalesce(sum((c->>'fundPaid')::int8), 0)
                                        from jsonb_array_elements(s.cases) c)), 0)
       from liquidation_statements s where s.run_id = r.id)::text as net
    from liquidation_runs r
    where r.year = ${year}::int and r.method <> 'advance'
      and r.id = (select max(x.id) from liquidation_runs x
                  where x.region_code = r.region_code and x.year = r.year and x.method = r.method)
    order by r.id`.execute(ex);
  return rows.map((r) => ({ ...r, net: BigInt(r.net) }));
}

/** Fund paid per insurance type for a run's cases that were settled here (case id = setl_id). */
export async function runCaseShares(ex: Executor, runId: bigint) {
  const { rows } = await sql<{ insutype: string; paid: string }>`
    select v.insutype, sum((c->>'fundPaid')::int8)::text as paid
    from liquidation_statements st
    cross join lateral jsonb_array_elements(st.cases) c
    join settlements s on s.setl_id = c->>'id'
    join visits v on v.id = s.visit_id
    where st.run_id = ${runId}
    group by v.insutype`.execute(ex);
  return rows.map((r) => ({ insutype: r.insutype, paid: BigInt(r.paid) }));
}

/** The regions' inpatient pool payments of a year by insurance type (when a run's cases are not linked). */
export async function inpatientPoolShares(ex: Executor, regions: string[], year: number) {
  if (regions.length === 0) return [];
  const { rows } = await sql<{ insutype: string; paid: string }>`
    select insutype, sum(pool_pay)::text as paid from settlement_monthly
    where year = ${year}::int and region_code in (${sql.join(regions)})
      and (med_type like '2%' or med_type = '52')
    group by insutype`.execute(ex);
  return rows.map((r) => ({ insutype: r.insutype, paid: BigInt(r.paid) }));
}

export async function insertFundRow(
  ex: Executor,
  row: { region_code: string; year: number; month: number; fund_code: string; item: string; amount: bigint },
) {
  if (row.amount === 0n) return;
  await ex
    .insertInto("fund_monthly")
    .values(row)
    .onConflict((oc) =>
      oc
        .columns(["year", "month", "region_code", "fund_code", "item"])
        .doUpdateSet((eb) => ({ amount: eb("fund_monthly.amount", "+", eb.ref("excluded.amount")) })),
    )
    .execute();
}

export async function recordRefresh(ex: Executor, r: MonthRange, at: Date, tookMs: number) {
  for (let m = r.from; m <= r.to; m++)
    await ex
      .insertInto("aggregate_refreshes")
      .values({ year: r.year, month: m, refreshed_at: at, took_ms: tookMs })
      .onConflict((oc) => oc.columns(["year", "month"]).doUpdateSet({ refreshed_at: at, took_ms: tookMs }))
      .execute();
}

export async function subtreeOf(ex: Executor, region: string): Promise<string[]> {
  const { rows } = await sql<{ code: string }>`
    with recursive tree(code) as (
      select code from regions where code = ${region}
      union select r.code from regions r join tree t on r.parent_code = t.code)
    select code from tree`.execute(ex);
  return rows.map((r) => r.code);
}
