import { isYibaoError } from "@yibao/core/errors";
import { lastDayOfMonth } from "@yibao/core/time";
import { sql } from "kysely";
import { assessEmployees, assessResidents } from "../contributions/assessment.service.ts";
import { recordFundEntry, recordFundTransfer } from "../fund/fund.service.ts";
import { enrolNewborns, terminateEnrolments, transferPersons } from "../registry/bulk-enrolment.service.ts";
import { advanceMonth } from "../payment/advance.service.ts";
import { refreshMonths } from "../analytics/refresh.service.ts";
import { netOf } from "@yibao/core/fund";
import { fundRows } from "../fund/fund.repository.ts";
import { creditMonth, payAssessments, startFullyPaid } from "./collection.ts";
import { birthText, dayOfYear, dayNumber } from "./population.ts";
import { personName, prng, streamSeed } from "./prng.ts";
import { ELSEWHERE } from "./profiles.ts";
import { ARREARS, FUND, PLAN_PER_INSURED } from "./rates.ts";
import { planYear } from "./plan.ts";
import { analyze, bookedReferences, liveEnrolmentsOf } from "./simulation.repository.ts";
import { type World, regionCodes, inLanes } from "./world.ts";

const pad = (m: number) => String(m).padStart(2, "0");
const chance = (w: World, p: number, ...parts: (string | number)[]) =>
  prng(streamSeed(w.seed, ...parts)).next() < p;

/**
 * The residents' premiums of the year: assessed per county (assessment.service.ts) and paid in
 * the collection window before the year (December), except by those who do not pay; the
 * assistance share of recipients was paid by medical assistance when assessed.
 */
export async function collectResidentPremiums(w: World) {
  for (const c of w.profile.counties)
    await assessResidents(w.db, w.actor, { regionCode: c.code, year: w.year });
  await analyze(w.db, ["contribution_assessments", "contribution_payments"]);
  await payResidents(w, `${w.year - 1}-12-15`, (i) => i < w.population.base && !w.population.notPaying[i]);
  await startFullyPaid(w.db, w.actor, regionCodes(w), w.year, w.profile.code);
}

/**
 * Pays the unpaid resident assessments of the year of the persons `who` admits (by person index),
 * or of the persons listed by psn_no: a month's newcomers, read by their psn_no rather than out of
 * every resident of the region.
 */
async function payResidents(w: World, paidOn: string, who: ((index: number) => boolean) | string[]) {
  // the newcomers from their psn_no: person, enrolments, the year's assessment (each by its index)
  const from = Array.isArray(who)
    ? sql`from unnest(${who}::text[]) as n(psn_no)
      join persons p on p.psn_no = n.psn_no
      join enrolments e on e.person_id = p.id
      join contribution_assessments a on a.enrolment_id = e.id and a.period = ${String(w.year)}`
    : sql`from contribution_assessments a
      join persons p on p.id = a.person_id
      join enrolments e on e.id = a.enrolment_id`;
  const { rows } = await sql<{ id: bigint; psn_no: string }>`
    select a.id, p.psn_no ${from}
    where a.kind = 'resident' and a.period = ${String(w.year)} and e.region_code in (${sql.join(regionCodes(w))})
      and a.total > coalesce((select sum(x.amount) from contribution_payments x where x.assessment_id = a.id), 0)
    order by a.id`.execute(w.db);
  const admitted = Array.isArray(who) ? rows : admittedRows(w, rows, who);
  const due = admitted.map((r) => BigInt(r.id));
  for (let k = 0; k < due.length; k += 10_000)
    await payAssessments(
      w.db,
      w.actor,
      {
        ids: due.slice(k, k + 10_000),
        channel: "tax",
        paidOn,
        reference: `SIM${w.runId}-resident-${paidOn}-${k}`,
        region: w.profile.code,
      },
      w.now(),
    );
}

/** The rows of the persons `who` admits, by their index in the run's population. */
function admittedRows<T extends { psn_no: string }>(w: World, rows: T[], who: (index: number) => boolean) {
  const index = new Map(w.psnNo.map((psn, i) => [psn, i]));
  return rows.filter((r) => who(index.get(r.psn_no) ?? -1));
}

/**
 * A month of employee contributions: assessed per county, paid on the 15th by the employers and
 * flexible workers who pay (some employers skip a month, most of them pay it with the next), the
 * accounts credited for the month and for any month paid late.
 */
export async function collectEmployees(w: World, month: number) {
  const period = `${w.year}-${pad(month)}`;
  // the counties' enrolments are disjoint: two counties assessed at once
  await inLanes(2, w.profile.counties, (c) => assessEmployees(w.db, w.actor, { regionCode: c.code, period }));
  await analyze(w.db, ["contribution_assessments"]);
  // by enrolment, not by id: the counties are assessed at once, so the ids of their assessments
  // interleave differently from run to run, and the payment batches (each its reference) would
  // follow them
  const { rows } = await sql<{
    id: bigint;
    period: string;
    employer_id: bigint | null;
    enrolment_id: bigint;
  }>`
    with assessed as materialized (
      select a.id, a.period, a.employer_id, a.enrolment_id, a.total from contribution_assessments a
      join enrolments e on e.id = a.enrolment_id
      where a.kind = 'employee' and a.period in (${period}, ${`${w.year}-${pad(Math.max(1, month - 1))}`})
        and e.region_code in (${sql.join(regionCodes(w))}))
    select a.id, a.period, a.employer_id, a.enrolment_id from assessed a
    where a.total > coalesce((select sum(x.amount) from contribution_payments x where x.assessment_id = a.id), 0)
    order by a.enrolment_id, a.period`.execute(w.db);
  const pays = (r: (typeof rows)[number]) => {
    const who = r.employer_id === null ? `f${r.enrolment_id}` : `e${r.employer_id}`;
    const skip = r.employer_id === null ? ARREARS.flexibleMonth : ARREARS.employerMonth;
    if (r.period === period) return !chance(w, skip, "arrears", who, period);
    // last month's arrears: paid now by most of those who pay this month
    return !chance(w, skip, "arrears", who, period) && chance(w, ARREARS.paidNextMonth, "late", who, period);
  };
  const ids = rows.filter(pays).map((r) => BigInt(r.id));
  for (let k = 0; k < ids.length; k += 10_000)
    await payAssessments(
      w.db,
      w.actor,
      {
        ids: ids.slice(k, k + 10_000),
        channel: "tax",
        paidOn: `${period}-15`,
        reference: `SIM${w.runId}-employees-${period}-${k}`,
        region: w.profile.code,
      },
      w.now(),
    );
  await analyze(w.db, ["contribution_payments", "account_credits"]);
  for (const m of new Set([Math.max(1, month - 1), month]))
    await creditMonth(w.db, w.actor, `${w.year}-${pad(m)}`, regionCodes(w), w.now());
}

/**
 * The month's births, deaths and transfers, through the registry's bulk services
 * (bulk-enrolment.service.ts: the checks, rows and audit entries of enrolNewborn, changeStatus and
 * transfer, a table at a time): the births, then the deaths, then the transfers, in person order.
 * Each is skipped when a previous attempt did it. Done at the month's end, after its care.
 */
export async function lifeEvents(w: World, month: number) {
  const p = w.population;
  const first = dayNumber(w.year, month, 1);
  const last = first + Number(lastDayOfMonth(`${w.year}-${pad(month)}`).slice(8)) - 1;
  const today = lastDayOfMonth(`${w.year}-${pad(month)}`);
  const inMonth = (d: number) => d >= first && d <= last;
  const born: number[] = [];
  for (let k = p.base; k < p.base + p.births; k++) if (inMonth(p.arriveDay[k]!) && !w.psnNo[k]) born.push(k);
  const newborns = await enrolNewborns(
    w.db,
    w.actor,
    born.map((k) => ({
      parentPsnNo: w.psnNo[p.mother[k]!]!,
      child: {
        certno: p.certno[k]!,
        name: personName(prng(streamSeed(w.seed, "person", k))),
        startDate: birthText(p.birth[k]!),
      },
    })),
    today,
  );
  newborns.forEach((n, j) => {
    w.psnNo[born[j]!] = n.person.psn_no;
  });
  const date = (d: number) => dayOfYear(w.year, d);
  const deaths: { i: number; date: string }[] = [];
  const moves: { i: number; to: string; date: string }[] = [];
  for (let i = 0; i < p.base + p.births + p.arrivals; i++) {
    if (p.deathDay[i]! > 0 && inMonth(p.deathDay[i]!)) deaths.push({ i, date: date(p.deathDay[i]!) });
    if (p.leaveDay[i]! > 0 && inMonth(p.leaveDay[i]!))
      moves.push({ i, to: ELSEWHERE.city.code, date: date(p.leaveDay[i]!) });
    if (i >= p.base + p.births && inMonth(p.arriveDay[i]!))
      moves.push({
        i,
        to: w.profile.counties[i % w.profile.counties.length]!.code,
        date: date(p.arriveDay[i]!),
      });
  }
  // a death ends the enrolment in the region (and is skipped when it was ended already)
  const regions = regionCodes(w);
  const live = await liveEnrolments(
    w,
    deaths.map((d) => d.i),
  );
  await terminateEnrolments(
    w.db,
    w.actor,
    deaths.flatMap((d) => {
      const e = live.get(d.i);
      return e && regions.includes(e.region_code)
        ? [{ enrolmentId: e.id, effectiveDate: d.date, reason: "death" }]
        : [];
    }),
  );
  // a transfer is skipped when the person is already enrolled where they move to (done before)
  const before = await liveEnrolments(
    w,
    moves.map((m) => m.i),
  );
  const due = moves.filter((m) => {
    const e = before.get(m.i);
    return e !== undefined && e.region_code !== m.to;
  });
  const outcomes = await transferPersons(
    w.db,
    w.actor,
    due.map((m) => ({ psnNo: w.psnNo[m.i]!, toRegion: m.to, date: m.date })),
  );
  outcomes.forEach((o, j) => {
    if (!o.ok) w.progress.log(`transfer of person ${due[j]!.i}: ${o.error.code}`);
  });
  // newborns' and arrivals' resident premiums of the year, paid when they come
  for (const c of w.profile.counties)
    await assessResidents(w.db, w.actor, { regionCode: c.code, year: w.year });
  await analyze(w.db, ["contribution_assessments", "contribution_payments"]);
  const newcomers = w.psnNo.slice(p.base).filter((psn) => psn !== "");
  await payResidents(w, today, newcomers);
  await startFullyPaid(w.db, w.actor, regionCodes(w), w.year, w.profile.code);
}

/** The persons' live basic enrolments by person index (persons not registered have none). */
async function liveEnrolments(w: World, persons: number[]) {
  const index = new Map<string, number>();
  for (const i of persons) if (w.psnNo[i]) index.set(w.psnNo[i]!, i);
  const out = new Map<number, { id: bigint; region_code: string }>();
  for (const e of await liveEnrolmentsOf(w.db, [...index.keys()])) out.set(index.get(e.psn_no)!, e);
  return out;
}

/**
 * The fund's own entries of the month (each once, by its reference): the resident pool funds
 * critical-illness insurance and the employee pool the large-amount subsidy, finance pays the
 * assistance fund, and the pools earn interest on their balance at the end of the month before.
 */
export async function fundMonth(w: World, month: number) {
  const prefix = `SIM${w.runId}-${w.year}-${pad(month)}-`;
  const booked = await bookedReferences(w.db, w.profile.code, prefix);
  const bookedOn = lastDayOfMonth(`${w.year}-${pad(month)}`);
  const plan = planYear(w.population, w.institutions);
  const yuan = (x: number) => BigInt(Math.round(x * 100));
  const region = w.profile.code;
  const once = async (name: string, book: (reference: string) => Promise<unknown>) => {
    if (!booked.has(prefix + name)) await book(prefix + name);
  };
  await once("ci", (reference) =>
    recordFundTransfer(w.db, w.actor, {
      region,
      from: "390100",
      to: "390200",
      amount: yuan((plan.residents * FUND.criticalIllnessPerResident) / 12),
      bookedOn,
      reference,
    }),
  );
  await once("large", (reference) =>
    recordFundTransfer(w.db, w.actor, {
      region,
      from: "310100",
      to: "330100",
      amount: yuan(plan.employees * FUND.largeAmountPerEmployeeMonth),
      bookedOn,
      reference,
    }),
  );
  await once("assistance", (reference) =>
    recordFundEntry(w.db, w.actor, {
      region,
      fund: "610100",
      kind: "subsidy",
      direction: "in",
      amount: yuan(
        (plan.residents * PLAN_PER_INSURED.assistanceExpenditure * FUND.assistanceFinanceShare) / 12,
      ),
      bookedOn,
      reference,
    }),
  );
  const balances = await poolBalances(w, month - 1);
  for (const [fund, balance] of balances)
    if (balance > 0n)
      await once(`interest-${fund}`, (reference) =>
        recordFundEntry(w.db, w.actor, {
          region,
          fund,
          kind: "interest",
          direction: "in",
          amount: yuan((Number(balance) / 100) * (FUND.interestRate / 12)),
          bookedOn,
          reference,
        }),
      );
}

/**
 * The pools' accumulated balance at the end of a month, from the refreshed aggregates; before the
 * first month (not refreshed yet), their opening balances.
 */
async function poolBalances(w: World, month: number): Promise<Map<string, bigint>> {
  const out = new Map<string, bigint>([
    ["310100", 0n],
    ["390100", 0n],
  ]);
  if (month === 0) {
    const rows = await w.db
      .selectFrom("fund_entries")
      .select(["fund_code", sql<string>`sum(amount)::text`.as("amount")])
      .where("region_code", "=", w.profile.code)
      .where("kind", "=", "opening")
      .where("booked_on", "<=", `${w.year}-01-01`)
      .groupBy("fund_code")
      .execute();
    for (const r of rows) if (out.has(r.fund_code)) out.set(r.fund_code, BigInt(r.amount));
    return out;
  }
  for (const r of await fundRows(w.db, regionCodes(w), w.year))
    if (out.has(r.fund_code) && (r.year < w.year || r.month <= month))
      out.set(r.fund_code, out.get(r.fund_code)! + netOf({ item: r.item, amount: BigInt(r.amount) }));
  return out;
}

/** The month's DRG advance (月度预结算) when the DRG hospitals discharged cases in it. */
export async function advance(w: World, month: number) {
  const plan = planYear(w.population, w.institutions);
  try {
    await advanceMonth(w.db, w.actor, {
      region: w.profile.code,
      month: `${w.year}-${pad(month)}`,
      annualBudget: plan.drgBudget > 0n ? plan.drgBudget : 1n,
    });
  } catch (err) {
    if (!isYibaoError(err) || err.code !== "PAY_NO_CASES") throw err;
  }
}

export async function refreshMonth(w: World, month: number) {
  await refreshMonths(w.db, { year: w.year, from: month, to: month }, w.now());
}
