import { isoTime } from "@yibao/core/time";
import { type RawBuilder, type Selectable, sql } from "kysely";
import type { Executor } from "../../db/database.ts";
import { type Bound, type GuardedWrite, queryRows, statement } from "../../db/statement.ts";
import { ACCUMULATOR_COLUMNS, type FeeLineTable, type VisitTable } from "./settlement.table.ts";

export type VisitRow = Omit<Selectable<VisitTable>, "created_at">;

/** The same day in SQL, for a timestamptz column. */
export const chinaDaySql = (column: string) =>
  sql.raw(`((${column} at time zone 'UTC') + interval '8 hours')::date`);

const VISIT_FIELDS = [
  "id",
  "mdtrt_id",
  "person_id",
  "enrolment_id",
  "insutype",
  "med_type",
  "institution_code",
  "level",
  "begntime",
  "endtime",
  "ipt_otp_no",
  "dise_codg",
  "atddr_no",
  "status",
  "version",
  "insured_region",
  "treatment_region",
  "filing_id",
] as const satisfies readonly (keyof VisitRow)[];

/** A visit row's columns, of `visits v`. */
export const VISIT_COLUMNS = sql.raw(VISIT_FIELDS.map((c) => `v.${c}`).join(", "));

/** Just the visit's columns of a row that has more. */
export function pickVisit(r: VisitRow): VisitRow {
  const out = {} as Record<keyof VisitRow, unknown>;
  for (const c of VISIT_FIELDS) out[c] = r[c];
  return out as VisitRow;
}

export async function findVisitRow(ex: Executor, mdtrtId: string, lock = false): Promise<VisitRow | null> {
  const q = ex.selectFrom("visits").select(VISIT_FIELDS).where("mdtrt_id", "=", mdtrtId);
  return (await (lock ? q.forUpdate() : q).executeTakeFirst()) ?? null;
}

/** Why a registration was refused: the person, their live enrolment in the insurance type. */
export interface RegistrationCheck {
  person_id: bigint;
  enrolment_id: bigint | null;
  status: string | null;
  benefit_start_date: string | null;
}

const REGISTRATION_CHECK = statement<{ psnNo: string; insutype: string }>(
  (p) => sql`select p.id as person_id, e.id as enrolment_id, e.status, e.benefit_start_date
    from persons p
    left join lateral (
      select id, status, benefit_start_date from enrolments
      where person_id = p.id and insutype = ${p.insutype} and status <> 'terminated'
      order by (status = 'active') desc, id desc limit 1) e on true
    where p.psn_no = ${p.psnNo}`,
);

export async function readRegistration(ex: Executor, psnNo: string, insutype: string) {
  const rows = await queryRows<RegistrationCheck>(ex, REGISTRATION_CHECK({ psnNo, insutype }));
  return rows[0] ?? null;
}

/** The person's accumulators of a year and account balance (joined by personStateJoins). */
export const personStateColumns = sql.raw(
  `(a.person_id is not null) as has_ytd, ${Object.values(ACCUMULATOR_COLUMNS)
    .map((c) => `a.${c}`)
    .join(", ")}, pa.balance`,
);

export const personStateJoins = (personColumn: string, year: RawBuilder<unknown>) => sql`
  left join person_accumulators a on a.person_id = ${sql.raw(personColumn)} and a.year = ${year}
  left join personal_accounts pa on pa.person_id = ${sql.raw(personColumn)}`;

/** Medical-assistance category on a day: the most protected one (特困 > 低保 > 监测). */
export const assistanceRank = (personColumn: string, day: RawBuilder<unknown>) =>
  sql`(select min(case c.category when 'tk' then 1 when 'db' then 2 when 'jc' then 3 end)
    from assistance_categories c
    where c.person_id = ${sql.raw(personColumn)} and c.valid_from <= ${day}
      and (c.valid_to is null or c.valid_to >= ${day})) as maf_rank`;

/** The pooling region (统筹区) of a `regions` row joined as `r`: a county's city, else the region itself. */
export const poolOfRegionRow = (r: string) =>
  `case when ${r}.level = 'county' and ${r}.parent_code is not null then ${r}.parent_code else ${r}.code end`;

/** The pooling region (统筹区) of a region code (a subquery: poolOfRegionRow of its row). */
export const poolingRegionSql = (code: string) =>
  sql.raw(`(select ${poolOfRegionRow("r")} from regions r where r.code = ${code})`);

/**
 * The insured person a visit opens for: an active enrolment whose benefits have started by the
 * day; the insured region (the enrolment's), the treatment region (the institution's; the
 * insured's own for a manual reimbursement) and, when they differ, the filing in force that day.
 * A filing is in force as core's filingStateOn says "active": live, within its period, and a
 * commitment's documents in or not yet due.
 */
const REGISTRATION_GUARD = statement<{
  psnNo: string;
  insutype: string;
  day: string;
  institution: string | null;
}>(
  (p) => sql`select p.id as person_id, p.psn_no, p.name, p.certno, p.gender, p.birth_date,
      e.id as enrolment_id, e.psn_type, e.region_code, o.insured_region, o.treatment_region, f.id as filing_id
    from persons p
    join lateral (
      select id, psn_type, region_code from enrolments
      where person_id = p.id and insutype = ${p.insutype}::text and status = 'active'
        and benefit_start_date <= ${p.day}::date
      order by id desc limit 1) e on true
    cross join lateral (
      select ${poolingRegionSql("e.region_code")} as insured_region,
        coalesce((select ${poolingRegionSql("i.region_code")} from institutions i where i.code = ${p.institution}::text),
          ${poolingRegionSql("e.region_code")}) as treatment_region) o
    left join lateral (
      select f.id from filings f
      where f.person_id = p.id and f.insured_region = o.insured_region and f.treatment_region = o.treatment_region
        and o.insured_region <> o.treatment_region and f.status = 'active'
        and f.valid_from <= ${p.day}::date and (f.valid_to is null or f.valid_to >= ${p.day}::date)
        and (f.commitment_due is null or f.proof_received_at is not null or f.commitment_due >= ${p.day}::date)
      order by f.id desc limit 1) f on true
    where p.psn_no = ${p.psnNo}::text`,
);

type NewVisitValues = Pick<
  VisitRow,
  | "id"
  | "mdtrt_id"
  | "insutype"
  | "med_type"
  | "institution_code"
  | "level"
  | "ipt_otp_no"
  | "dise_codg"
  | "atddr_no"
> & { begntime: string };

const INSERT_VISIT = statement<NewVisitValues>(
  (p) => sql`insert into visits (id, mdtrt_id, person_id, enrolment_id, insutype, med_type, institution_code,
      level, begntime, ipt_otp_no, dise_codg, atddr_no, status, insured_region, treatment_region, filing_id)
    select ${p.id}::int8, ${p.mdtrt_id}::text, g.person_id, g.enrolment_id, ${p.insutype}::text,
      ${p.med_type}::text, ${p.institution_code}::text, ${p.level}::text, ${p.begntime}::timestamptz,
      ${p.ipt_otp_no}::text, ${p.dise_codg}::text, ${p.atddr_no}::text, 'open', g.insured_region,
      g.treatment_region, g.filing_id
    from guard g`,
);

const OPEN_ACCUMULATORS = statement<{ year: number }>(
  (p) => sql`insert into person_accumulators (person_id, year) select person_id, ${p.year}::int from guard
    on conflict do nothing`,
);

const OPEN_ACCOUNT = statement(
  () => sql`insert into personal_accounts (person_id) select person_id from guard on conflict do nothing`,
);

const REGISTERED = statement<{ year: number; day: string }>(
  (p) => sql`select g.*, ${personStateColumns}, ${assistanceRank("g.person_id", sql`${p.day}::date`)}
    from guard g ${personStateJoins("g.person_id", sql`${p.year}::int`)}`,
);

/**
 * Opens a visit in one statement: the guard finds the person with an active enrolment whose
 * benefits have started by the visit's day (no row: refused, see readRegistration for why). The
 * person's accumulator row for the visit's year (and the employee's personal account) is created
 * here, so that a settlement only ever updates rows that exist. Answers the patient and the
 * person's accumulators and balance, which the visit's session keeps.
 */
export function registrationWrite(v: VisitRow, psnNo: string, year: number, day: string): GuardedWrite {
  const steps = [
    INSERT_VISIT({
      id: v.id,
      mdtrt_id: v.mdtrt_id,
      insutype: v.insutype,
      med_type: v.med_type,
      institution_code: v.institution_code,
      level: v.level,
      begntime: isoTime(v.begntime),
      ipt_otp_no: v.ipt_otp_no,
      dise_codg: v.dise_codg,
      atddr_no: v.atddr_no,
    }),
    OPEN_ACCUMULATORS({ year }),
  ];
  if (v.insutype === "310") steps.push(OPEN_ACCOUNT({}));
  return {
    guard: REGISTRATION_GUARD({ psnNo, insutype: v.insutype, day, institution: v.institution_code }),
    steps,
    returning: REGISTERED({ year, day }),
  };
}

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
  psnNo: string; // the patient's psn_no: lines that name a person must name this one
  gender: string;
  birthDate: string;
  existing: ExistingLine[];
}

const UPLOAD_TARGET = statement<{ mdtrtId: string; sns: string[]; codes: string[] }>(
  (p) => sql`select ${VISIT_COLUMNS}, p.psn_no, p.gender, p.birth_date,
      (select json_agg(json_build_array(l.feedetl_sn, l.init_feedetl_sn, l.code, l.fee_time, l.price::text,
               l.quantity::text, l.class, l.chrgitm_type, l.price_cap::text, l.self_pay_ratio, l.restricted_reason))
       from fee_lines l
       where l.visit_id = v.id and not l.cancelled
         and (l.feedetl_sn = any(${p.sns}::text[]) or l.init_feedetl_sn = any(${p.sns}::text[])
           or l.code = any(${p.codes}::text[]))) as existing
    from visits v join persons p on p.id = v.person_id
    where v.mdtrt_id = ${p.mdtrtId}`,
);

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
      psn_no: string;
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
  >(ex, UPLOAD_TARGET({ mdtrtId, sns, codes }));
  const r = rows[0];
  if (!r) return null;
  const { psn_no, gender, birth_date, existing, ...visit } = r;
  return {
    visit,
    psnNo: psn_no,
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

const VISIT_UNCHANGED_BUMPED = statement<{ id: bigint; version: number }>(
  (p) => sql`update visits set version = version + 1
    where id = ${p.id} and version = ${p.version} and status in ('open', 'discharged') returning id`,
);

/** Guard of an upload: the visit is still open and unchanged since it was read; bumps its version. */
export const visitUnchangedAndBump = (v: VisitRow) =>
  VISIT_UNCHANGED_BUMPED({ id: v.id, version: v.version });

const INSERT_LINES = statement<{ lines: string }>(
  (p) => sql`insert into fee_lines (visit_id, feedetl_sn, init_feedetl_sn, code, name, class, chrgitm_type,
      price, quantity, price_cap, self_pay_ratio, amount, fee_time, restricted_reason)
    select g.id, l.* from guard g, json_to_recordset(${p.lines}::json) as l(feedetl_sn text, init_feedetl_sn text,
      code text, name text, class text, chrgitm_type text, price int8, quantity int8, price_cap int8,
      self_pay_ratio int4, amount int8, fee_time timestamptz, restricted_reason text)`,
);

/**
 * Inserts the lines: one JSON parameter whatever their number, so the statement's text never
 * changes (it stays prepared) and the driver serialises one string instead of an array per column.
 */
export function insertLinesStep(rows: FeeLineRow[]): Bound {
  const lines = JSON.stringify(
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
  return INSERT_LINES({ lines });
}

/** A visit with the numbers of its live fee lines: what a cancellation (2205/2302) is planned from. */
export interface CancelTarget {
  visit: VisitRow;
  /** [feedetl_sn, init_feedetl_sn] of every live (not cancelled) line */
  live: [string, string | null][];
}

const CANCEL_TARGET = statement<{ mdtrtId: string }>(
  (p) => sql`select ${VISIT_COLUMNS},
      (select json_agg(json_build_array(l.feedetl_sn, l.init_feedetl_sn))
       from fee_lines l where l.visit_id = v.id and not l.cancelled) as live
    from visits v where v.mdtrt_id = ${p.mdtrtId}`,
);

export async function readCancelTarget(ex: Executor, mdtrtId: string): Promise<CancelTarget | null> {
  const rows = await queryRows<VisitRow & { live: [string, string | null][] | null }>(
    ex,
    CANCEL_TARGET({ mdtrtId }),
  );
  const r = rows[0];
  if (!r) return null;
  const { live, ...visit } = r;
  return { visit, live: live ?? [] };
}

/**
 * A step of a guarded write (the guard: the visit unchanged, db/statement.ts): cancels the live
 * lines of the visit, all of them (`all`), or those numbered `sns` with the live lines refunding
 * them (init_feedetl_sn one of the listed numbers that is live). One update, not two: the refunds'
 * condition reads the lines as they were before the statement, so it names the same rows.
 */
const CANCEL_LINES = statement<{ all: boolean; sns: string[] }>(
  (p) => sql`update fee_lines l set cancelled = true from guard g
    where l.visit_id = g.id and not l.cancelled
      and (${p.all}::boolean or l.feedetl_sn = any(${p.sns}::text[])
        or l.init_feedetl_sn = any(select x.feedetl_sn from fee_lines x
          where x.visit_id = g.id and not x.cancelled and x.feedetl_sn = any(${p.sns}::text[])))`,
);

export const cancelLinesStep = (sns: string[]): Bound => CANCEL_LINES({ all: sns.length === 0, sns });

/** Changes a visit and bumps its version (which a settlement's guard checks). */
export async function updateVisit(
  ex: Executor,
  id: bigint,
  set: Partial<Pick<VisitRow, "status" | "endtime" | "dise_codg" | "med_type">>,
) {
  await ex
    .updateTable("visits")
    .set((eb) => ({ ...set, version: eb("version", "+", 1) }))
    .where("id", "=", id)
    .execute();
}
