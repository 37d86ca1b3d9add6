import { isoTime } from "@yibao/core/time";
import type { Selectable } from "kysely";
import type { Executor } from "../../db/database.ts";
import { type Fragment, type GuardedWrite, q, queryRows, raw } from "../../db/statement.ts";
import type { FeeLineTable, VisitTable } from "./settlement.table.ts";

export type VisitRow = Omit<Selectable<VisitTable>, "created_at">;

/** The same day in SQL, for a timestamptz column. */
export const chinaDaySql = (column: string) =>
  raw(`((${column} at time zone 'UTC') + interval '8 hours')::date`);

export const VISIT_COLUMNS = raw(
  "v.id, v.mdtrt_id, v.person_id, v.enrolment_id, v.insutype, v.med_type, v.institution_code, v.level, " +
    "v.begntime, v.endtime, v.ipt_otp_no, v.dise_codg, v.status, v.version",
);

export async function findVisitRow(ex: Executor, mdtrtId: string, lock = false): Promise<VisitRow | null> {
  const rows = await queryRows<VisitRow>(
    ex,
    q`select ${VISIT_COLUMNS} from visits v where v.mdtrt_id = ${mdtrtId}${raw(lock ? " for update" : "")}`,
  );
  return rows[0] ?? null;
}

/** Why a registration was refused: the person, their live enrolment in the insurance type. */
export interface RegistrationCheck {
  person_id: bigint;
  enrolment_id: bigint | null;
  status: string | null;
  benefit_start_date: string | null;
}

export async function readRegistration(ex: Executor, psnNo: string, insutype: string) {
  const rows = await queryRows<RegistrationCheck>(
    ex,
    q`select p.id as person_id, e.id as enrolment_id, e.status, e.benefit_start_date
      from persons p
      left join lateral (
        select id, status, benefit_start_date from enrolments
        where person_id = p.id and insutype = ${insutype} and status <> 'terminated'
        order by (status = 'active') desc, id desc limit 1) e on true
      where p.psn_no = ${psnNo}`,
  );
  return rows[0] ?? null;
}

/**
 * Opens a visit in one statement: the guard finds the person with an active enrolment whose
 * benefits have started by the visit's day (no row: refused, see readRegistration for why). The
 * person's accumulator row for the visit's year (and the employee's personal account) is created
 * here, so that a settlement only ever updates rows that exist. Answers the patient and the
 * person's accumulators and balance, which the visit's session keeps.
 */
export function registrationWrite(v: VisitRow, psnNo: string, year: number, day: string): GuardedWrite {
  const steps = [
    q`insert into visits (id, mdtrt_id, person_id, enrolment_id, insutype, med_type, institution_code,
        level, begntime, ipt_otp_no, dise_codg, status)
      select ${v.id}::int8, ${v.mdtrt_id}::text, g.person_id, g.enrolment_id, ${v.insutype}::text,
        ${v.med_type}::text, ${v.institution_code}::text, ${v.level}::text, ${isoTime(v.begntime)}::timestamptz,
        ${v.ipt_otp_no}::text, ${v.dise_codg}::text, 'open'
      from guard g`,
    q`insert into person_accumulators (person_id, year) select person_id, ${year}::int from guard
      on conflict do nothing`,
  ];
  if (v.insutype === "310")
    steps.push(
      q`insert into personal_accounts (person_id) select person_id from guard on conflict do nothing`,
    );
  return {
    guard: q`select p.id as person_id, p.psn_no, p.name, p.certno, p.gender, p.birth_date,
        e.id as enrolment_id, e.psn_type, e.region_code
      from persons p
      join lateral (
        select id, psn_type, region_code from enrolments
        where person_id = p.id and insutype = ${v.insutype}::text and status = 'active'
          and benefit_start_date <= ${day}::date
        order by id desc limit 1) e on true
      where p.psn_no = ${psnNo}::text`,
    steps,
    returning: q`select g.*, ${personStateColumns}, ${assistanceRank("g.person_id", q`${day}::date`)}
      from guard g ${personStateJoins("g.person_id", q`${year}::int`)}`,
  };
}

/** The person's accumulators of a year and account balance (joined by personStateJoins). */
export const personStateColumns = raw(`(a.person_id is not null) as has_ytd, a.admissions, a.deductible_paid,
  a.pool_paid, a.large_amount_paid, a.ci_burden, a.ci_paid, a.maf_deductible_paid, a.maf_paid, pa.balance`);

export const personStateJoins = (personColumn: string, year: Fragment) => q`
  left join person_accumulators a on a.person_id = ${raw(personColumn)} and a.year = ${year}
  left join personal_accounts pa on pa.person_id = ${raw(personColumn)}`;

/** Medical-assistance category on a day: the most protected one (特困 > 低保 > 监测). */
export const assistanceRank = (personColumn: string, day: Fragment) =>
  q`(select min(case c.category when 'tk' then 1 when 'db' then 2 when 'jc' then 3 end)
    from assistance_categories c
    where c.person_id = ${raw(personColumn)} and c.valid_from <= ${day}
      and (c.valid_to is null or c.valid_to >= ${day})) as maf_rank`;

/** A live fee line already on the visit, as an upload needs it (duplicates, refunds, daily quantity). */
export type ExistingLine = Pick<
  FeeLineRow,
  | "feedetl_sn"
  | "init_feedetl_sn"
  | "code"
  | "fee_time"
  | "price"
  | "quantity"
  | "class"
  | "chrgitm_type"
  | "price_cap"
  | "self_pay_ratio"
  | "restricted_reason"
>;

export interface UploadTarget {
  visit: VisitRow;
  gender: string;
  birthDate: string;
  existing: ExistingLine[];
}

/**
 * The visit, its patient and the live lines an upload touches: same numbers, refunded lines and
 * the refunds already made of them, same codes.
 */
export async function readUploadTarget(
  ex: Executor,
  mdtrtId: string,
  sns: string[],
  codes: string[],
): Promise<UploadTarget | null> {
  const rows = await queryRows<
    VisitRow & {
      gender: string;
      birth_date: string;
      existing:
        | [
            string,
            string | null,
            string,
            string,
            string,
            string,
            "A" | "B" | "C",
            string | null,
            string | null,
            number | null,
            string | null,
          ][]
        | null;
    }
  >(
    ex,
    q`select ${VISIT_COLUMNS}, p.gender, p.birth_date,
        (select json_agg(json_build_array(l.feedetl_sn, l.init_feedetl_sn, l.code, l.fee_time, l.price::text,
                 l.quantity::text, l.class, l.chrgitm_type, l.price_cap::text, l.self_pay_ratio, l.restricted_reason))
         from fee_lines l
         where l.visit_id = v.id and not l.cancelled
           and (l.feedetl_sn = any(${sns}::text[]) or l.init_feedetl_sn = any(${sns}::text[])
             or l.code = any(${codes}::text[]))) as existing
      from visits v join persons p on p.id = v.person_id
      where v.mdtrt_id = ${mdtrtId}`,
  );
  const r = rows[0];
  if (!r) return null;
  const { gender, birth_date, existing, ...visit } = r;
  return {
    visit,
    gender,
    birthDate: birth_date,
    existing: (existing ?? []).map(([sn, init, code, time, price, qty, cls, chrg, cap, ratio, reason]) => ({
      feedetl_sn: sn,
      init_feedetl_sn: init,
      code,
      fee_time: new Date(time),
      price: BigInt(price),
      quantity: BigInt(qty),
      class: cls,
      chrgitm_type: chrg,
      price_cap: cap === null ? null : BigInt(cap),
      self_pay_ratio: ratio,
      restricted_reason: reason,
    })),
  };
}

/** A fee line as stored (its id and visit aside). */
export type FeeLineRow = Omit<Selectable<FeeLineTable>, "id" | "visit_id" | "cancelled">;

/** Guard of an upload: the visit is still open and unchanged since it was read; bumps its version. */
export const visitUnchangedAndBump = (v: VisitRow) =>
  q`update visits set version = version + 1
    where id = ${v.id} and version = ${v.version} and status in ('open', 'discharged') returning id`;

/**
 * Inserts the lines: one JSON parameter whatever their number, so the statement's text never
 * changes (it stays prepared) and the driver serialises one string instead of an array per column.
 */
export function insertLinesStep(rows: FeeLineRow[]): Fragment {
  const json = JSON.stringify(
    rows.map((r) => ({
      feedetl_sn: r.feedetl_sn,
      init_feedetl_sn: r.init_feedetl_sn,
      code: r.code,
      name: r.name,
      class: r.class,
      chrgitm_type: r.chrgitm_type,
      price: String(r.price),
      quantity: String(r.quantity),
      price_cap: r.price_cap === null ? null : String(r.price_cap),
      self_pay_ratio: r.self_pay_ratio,
      amount: String(r.amount),
      fee_time: isoTime(r.fee_time),
      restricted_reason: r.restricted_reason,
    })),
  );
  return q`insert into fee_lines (visit_id, feedetl_sn, init_feedetl_sn, code, name, class, chrgitm_type,
      price, quantity, price_cap, self_pay_ratio, amount, fee_time, restricted_reason)
    select g.id, l.* from guard g, json_to_recordset(${json}::json) as l(feedetl_sn text, init_feedetl_sn text,
      code text, name text, class text, chrgitm_type text, price int8, quantity int8, price_cap int8,
      self_pay_ratio int4, amount int8, fee_time timestamptz, restricted_reason text)`;
}
