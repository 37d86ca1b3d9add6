import { sql } from "kysely";
import type { Executor } from "../../db/database.ts";

/** What an insured person sees of themselves: identity, enrolments, balance, this year's figures. */
export async function personOverview(ex: Executor, personId: bigint, year: number) {
  const person = await ex
    .selectFrom("persons as p")
    .leftJoin("regions as r", "r.code", "p.region_code")
    .select(["p.psn_no", "p.name", "p.certno", "p.gender", "p.region_code", "r.name as region_name"])
    .where("p.id", "=", personId)
    .executeTakeFirstOrThrow();
  const enrolments = await ex
    .selectFrom("enrolments as e")
    .leftJoin("employers as m", "m.id", "e.employer_id")
    .select([
      "e.id",
      "e.insutype",
      "e.psn_type",
      "e.region_code",
      "e.status",
      "e.start_date",
      "e.end_date",
      "e.benefit_start_date",
      "m.name as employer_name",
    ])
    .where("e.person_id", "=", personId)
    .orderBy("e.id")
    .execute();
  const account = await ex
    .selectFrom("personal_accounts")
    .select("balance")
    .where("person_id", "=", personId)
    .executeTakeFirst();
  const ytd = await ex
    .selectFrom("person_accumulators")
    .selectAll()
    .where("person_id", "=", personId)
    .where("year", "=", year)
    .executeTakeFirst();
  return { person, enrolments, balance: account?.balance ?? null, ytd };
}

/** The person's settlements of a year (Beijing year of setl_time), newest first, with the institution's name. */
export function settlementsOfYear(ex: Executor, personId: bigint, year: number, limit: number) {
  return ex
    .selectFrom("settlements as s")
    .innerJoin("visits as v", "v.id", "s.visit_id")
    .leftJoin("institutions as i", "i.code", "v.institution_code")
    .select([
      "s.id",
      "s.setl_id",
      "s.kind",
      "s.setl_time",
      "s.medfee",
      "s.fund_pay",
      "s.account_pay",
      "s.cash_pay",
      "v.med_type",
      "v.insutype",
      "i.name as institution_name",
    ])
    .where("s.person_id", "=", personId)
    .where("s.year", "=", year)
    .orderBy("s.id", "desc")
    .limit(limit)
    .execute();
}

export function accountLedger(ex: Executor, personId: bigint, after: bigint | null, limit: number) {
  let q = ex
    .selectFrom("account_ledger")
    .selectAll()
    .where("person_id", "=", personId)
    .orderBy("id", "desc")
    .limit(limit);
  if (after !== null) q = q.where("id", "<", after);
  return q.execute();
}

export function employerOf(ex: Executor, employerId: bigint) {
  return ex
    .selectFrom("employers as m")
    .leftJoin("regions as r", "r.code", "m.region_code")
    .select([
      "m.uscc",
      "m.name",
      "m.region_code",
      "r.name as region_name",
      sql<string>`(select count(*) from enrolments e where e.employer_id = m.id and e.status = 'active')`.as(
        "active_staff",
      ),
    ])
    .where("m.id", "=", employerId)
    .executeTakeFirstOrThrow();
}

/** An employer's staff (enrolments under it), by enrolment id. */
export function staffOf(ex: Executor, employerId: bigint, after: bigint | null, limit: number) {
  let q = ex
    .selectFrom("enrolments as e")
    .innerJoin("persons as p", "p.id", "e.person_id")
    .select([
      "e.id",
      "p.psn_no",
      "p.name",
      "p.certno",
      "e.insutype",
      "e.psn_type",
      "e.status",
      "e.start_date",
      "e.end_date",
    ])
    .where("e.employer_id", "=", employerId)
    .orderBy("e.id")
    .limit(limit);
  if (after !== null) q = q.where("e.id", ">", after);
  return q.execute();
}

/** Contribution assessments of an employer (its share and its staff's), with what was paid. */
export function contributionsOf(
  ex: Executor,
  by: { employerId?: bigint; personId?: bigint },
  after: bigint | null,
  limit: number,
) {
  let q = ex
    .selectFrom("contribution_assessments as a")
    .innerJoin("persons as p", "p.id", "a.person_id")
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
      "p.psn_no",
      sql<string>`coalesce((select sum(x.amount) from contribution_payments x where x.assessment_id = a.id), 0)`.as(
        "paid",
      ),
    ])
    .orderBy("a.id", "desc")
    .limit(limit);
  if (by.employerId !== undefined) q = q.where("a.employer_id", "=", by.employerId);
  if (by.personId !== undefined) q = q.where("a.person_id", "=", by.personId);
  if (after !== null) q = q.where("a.id", "<", after);
  return q.execute();
}
