import { ACCUMULATOR_KEYS, AMOUNT_KEYS, type Accumulators } from "@yibao/core/settlement";
import { sql } from "kysely";
import type { Executor } from "../../db/database.ts";
import { type Bound, queryRows, statement } from "../../db/statement.ts";
import type { AccumulatorColumns } from "./accumulator.repository.ts";
import { toAccumulators } from "./accumulator.repository.ts";
import { ACCUMULATOR_COLUMNS, SETTLEMENT_AMOUNT_COLUMNS } from "./settlement.table.ts";
import { type FeeLineRow, type VisitRow, assistanceRank, poolingRegionSql } from "./visit.repository.ts";

/**
 * The queries of the batch path (batch.service.ts): each reads or writes a whole batch in one
 * statement, its rows as one JSON parameter (json_to_recordset), so the text never changes and
 * PGlite and PostgreSQL run the same statement.
 */

/** What one visit of the batch opens for (as REGISTRATION_GUARD + REGISTERED of visit.repository.ts). */
export interface Registered {
  i: number;
  person_id: bigint;
  psn_no: string;
  name: string;
  certno: string;
  gender: string;
  birth_date: string;
  enrolment_id: bigint;
  psn_type: string;
  region_code: string;
  insured_region: string | null;
  treatment_region: string | null;
  filing_id: bigint | null;
  maf_rank: number | null;
}

const REGISTRATIONS = statement<{ visits: string }>(
  (p) => sql`select x.i, p.id as person_id, p.psn_no, p.name, p.certno, p.gender, p.birth_date,
      e.id as enrolment_id, e.psn_type, e.region_code, o.insured_region, o.treatment_region, f.id as filing_id,
      ${assistanceRank("p.id", sql`x.day`)}
    from json_to_recordset(${p.visits}::json) as x(i int, psn_no text, insutype text, day date, institution text)
    join persons p on p.psn_no = x.psn_no
    join lateral (
      select id, psn_type, region_code from enrolments
      where person_id = p.id and insutype = x.insutype and status = 'active'
        and benefit_start_date <= x.day
      order by id desc limit 1) e on true
    cross join lateral (
      select ${poolingRegionSql("e.region_code")} as insured_region,
        coalesce((select ${poolingRegionSql("i.region_code")} from institutions i where i.code = x.institution),
          ${poolingRegionSql("e.region_code")}) as treatment_region) o
    left join lateral (
      select f.id from filings f
      where f.person_id = p.id and f.insured_region = o.insured_region and f.treatment_region = o.treatment_region
        and o.insured_region <> o.treatment_region and f.status = 'active'
        and f.valid_from <= x.day and (f.valid_to is null or f.valid_to >= x.day)
        and (f.commitment_due is null or f.proof_received_at is not null or f.commitment_due >= x.day)
      order by f.id desc limit 1) f on true`,
);

/** The person, enrolment, regions and filing each visit opens for; a visit without a row is refused. */
export async function readRegistrations(
  ex: Executor,
  visits: { i: number; psnNo: string; insutype: string; day: string; institution: string | null }[],
): Promise<Map<number, Registered>> {
  const json = JSON.stringify(
    visits.map((v) => ({
      i: v.i,
      psn_no: v.psnNo,
      insutype: v.insutype,
      day: v.day,
      institution: v.institution,
    })),
  );
  const rows = await queryRows<Registered>(ex, REGISTRATIONS({ visits: json }));
  return new Map(
    rows.map((r) => [
      Number(r.i),
      {
        ...r,
        person_id: BigInt(r.person_id),
        enrolment_id: BigInt(r.enrolment_id),
        filing_id: r.filing_id === null ? null : BigInt(r.filing_id),
        maf_rank: r.maf_rank === null ? null : Number(r.maf_rank),
      },
    ]),
  );
}

const OPEN_ROWS = statement<{ accumulators: string; accounts: string }>(
  (p) => sql`with a as (
      insert into person_accumulators (person_id, year)
      select distinct x.person_id, x.year from json_to_recordset(${p.accumulators}::json) as x(person_id int8, year int)
      order by 1, 2
      on conflict do nothing),
    b as (
      insert into personal_accounts (person_id)
      select distinct x.person_id from json_to_recordset(${p.accounts}::json) as x(person_id int8)
      order by 1
      on conflict do nothing)
    select 1`,
);

const LOCK_ACCUMULATORS = statement<{ accumulators: string }>(
  (
    p,
  ) => sql`select a.person_id, a.year, ${sql.raw(ACCUMULATOR_KEYS.map((k) => `a.${ACCUMULATOR_COLUMNS[k]}`).join(", "))}
    from person_accumulators a
    where (a.person_id, a.year) in (select x.person_id, x.year
      from json_to_recordset(${p.accumulators}::json) as x(person_id int8, year int))
    order by a.person_id, a.year for update`,
);

const LOCK_ACCOUNTS = statement<{ accounts: string }>(
  (p) => sql`select pa.person_id, pa.balance from personal_accounts pa
    where pa.person_id in (select x.person_id from json_to_recordset(${p.accounts}::json) as x(person_id int8))
    order by pa.person_id for update`,
);

/** The batch's persons' state as it is now. */
export interface BatchState {
  /** accumulators by `${person_id}|${year}` */
  ytd: Map<string, Accumulators>;
  /** personal account balance by person id (persons with an account row) */
  balance: Map<bigint, bigint>;
}

export const ytdKey = (personId: bigint, year: number) => `${personId}|${year}`;

/**
 * Creates the accumulator rows (and the employees' personal accounts) the visits need, as a
 * registration does, then locks and reads them: nothing else changes them until the batch's
 * transaction ends. Call in a transaction.
 */
export async function openAndLockState(
  ex: Executor,
  accumulators: { person_id: bigint; year: number }[],
  accounts: bigint[],
): Promise<BatchState> {
  const a = JSON.stringify(accumulators.map((x) => ({ person_id: String(x.person_id), year: x.year })));
  const b = JSON.stringify([...new Set(accounts)].map((id) => ({ person_id: String(id) })));
  await queryRows(ex, OPEN_ROWS({ accumulators: a, accounts: b }));
  const state: BatchState = { ytd: new Map(), balance: new Map() };
  const ytd = await queryRows<AccumulatorColumns & { person_id: bigint; year: number }>(
    ex,
    LOCK_ACCUMULATORS({ accumulators: a }),
  );
  for (const r of ytd) state.ytd.set(ytdKey(BigInt(r.person_id), Number(r.year)), toAccumulators(r));
  const balances = await queryRows<{ person_id: bigint; balance: bigint }>(
    ex,
    LOCK_ACCOUNTS({ accounts: b }),
  );
  for (const r of balances) state.balance.set(BigInt(r.person_id), BigInt(r.balance));
  return state;
}

const NEXT_IDS = statement<{ sequence: string; n: number }>(
  (p) => sql`select nextval(${p.sequence}::regclass) as id from generate_series(1, ${p.n}::int) order by 1`,
);

/** `n` fresh ids of a sequence, in order. */
export async function nextIds(ex: Executor, sequence: "visits_id_seq" | "settlements_id_seq", n: number) {
  if (n === 0) return [];
  const rows = await queryRows<{ id: bigint }>(ex, NEXT_IDS({ sequence, n }));
  return rows.map((r) => BigInt(r.id));
}

const INSERT_VISITS = statement<{ rows: string }>(
  (p) => sql`insert into visits (id, mdtrt_id, person_id, enrolment_id, insutype, med_type, institution_code,
      level, begntime, endtime, ipt_otp_no, dise_codg, atddr_no, status, version, insured_region, treatment_region,
      filing_id)
    select * from json_to_recordset(${p.rows}::json) as x(id int8, mdtrt_id text, person_id int8, enrolment_id int8,
      insutype text, med_type text, institution_code text, level text, begntime timestamptz, endtime timestamptz,
      ipt_otp_no text, dise_codg text, atddr_no text, status text, version int, insured_region text, treatment_region text,
      filing_id int8)`,
);

const INSERT_LINES = statement<{ rows: string }>(
  (p) => sql`insert into fee_lines (visit_id, feedetl_sn, init_feedetl_sn, code, name, class, chrgitm_type,
      price, quantity, price_cap, self_pay_ratio, amount, fee_time, restricted_reason)
    select * from json_to_recordset(${p.rows}::json) as l(visit_id int8, feedetl_sn text, init_feedetl_sn text,
      code text, name text, class text, chrgitm_type text, price int8, quantity int8, price_cap int8,
      self_pay_ratio int4, amount int8, fee_time timestamptz, restricted_reason text)`,
);

/** A settlements row as the batch writes it (amount columns by name). */
export type SettlementRowJson = Record<string, string | number | null | object>;

const AMOUNT_COLUMNS = AMOUNT_KEYS.map((k) => SETTLEMENT_AMOUNT_COLUMNS[k]);

const INSERT_SETTLEMENTS = statement<{ rows: string }>(
  (p) => sql`insert into settlements (id, setl_id, visit_id, person_id, year, kind, reverses_id, msgid,
      ${sql.raw(AMOUNT_COLUMNS.join(", "))}, funds, delta, setl_time)
    select * from json_to_recordset(${p.rows}::json) as x(id int8, setl_id text, visit_id int8, person_id int8, year int, kind text, reverses_id int8, msgid text, ${sql.raw(
      AMOUNT_COLUMNS.map((c) => `${c} int8`).join(", "),
    )}, funds jsonb, delta jsonb, setl_time timestamptz)`,
);

const INSERT_FUND_LEDGER = statement<{ rows: string }>(
  (p) => sql`insert into fund_ledger (settlement_id, account, debit, credit)
    select * from json_to_recordset(${p.rows}::json) as x(settlement_id int8, account text, debit int8, credit int8)`,
);

const INSERT_ACCOUNT_LEDGER = statement<{ rows: string }>(
  (p) => sql`insert into account_ledger (person_id, amount, balance_after, kind, ref_type, ref_id)
    select * from json_to_recordset(${p.rows}::json) as x(person_id int8, amount int8, balance_after int8,
      kind text, ref_type text, ref_id text)`,
);

const SET_ACCUMULATORS = statement<{ rows: string }>(
  (p) => sql`update person_accumulators a set ${sql.raw(
    ACCUMULATOR_KEYS.map((k) => `${ACCUMULATOR_COLUMNS[k]} = x.${ACCUMULATOR_COLUMNS[k]}`).join(", "),
  )}
    from json_to_recordset(${p.rows}::json) as x(person_id int8, year int, ${sql.raw(
      ACCUMULATOR_KEYS.map((k) => `${ACCUMULATOR_COLUMNS[k]} ${k === "admissions" ? "int" : "int8"}`).join(
        ", ",
      ),
    )})
    where a.person_id = x.person_id and a.year = x.year`,
);

const SET_BALANCES = statement<{ rows: string }>(
  (p) => sql`update personal_accounts pa set balance = x.balance, updated_at = x.updated_at
    from json_to_recordset(${p.rows}::json) as x(person_id int8, balance int8, updated_at timestamptz)
    where pa.person_id = x.person_id`,
);

/** What a batch writes, in the order written (ids in the order drawn). */
export interface BatchRows {
  visits: (Omit<VisitRow, "begntime" | "endtime"> & { begntime: Date; endtime: Date | null })[];
  lines: (FeeLineRow & { visit_id: bigint })[];
  settlements: SettlementRowJson[];
  fundLedger: { settlement_id: bigint; account: string; debit: bigint; credit: bigint }[];
  accountLedger: {
    person_id: bigint;
    amount: bigint;
    balance_after: bigint;
    kind: string;
    ref_type: string;
    ref_id: string;
  }[];
  accumulators: ({ person_id: bigint; year: number } & Accumulators)[];
  balances: { person_id: bigint; balance: bigint; updated_at: Date }[];
}

/** JSON with bigints as decimal strings and dates as ISO times (PostgreSQL casts them back). */
const toJson = (rows: unknown[]) =>
  JSON.stringify(
    rows.map((r) => {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(r as object)) out[k] = typeof v === "bigint" ? String(v) : v;
      return out;
    }),
  );

/** Every row of the batch, a statement per table (settlement rows keyed by their columns). */
export async function writeBatch(ex: Executor, rows: BatchRows) {
  // Large batches go in slices, so a statement's JSON stays a few megabytes.
  const run = async (s: (p: { rows: string }) => Bound, list: unknown[], n = 5000) => {
    for (let i = 0; i < list.length; i += n) await queryRows(ex, s({ rows: toJson(list.slice(i, i + n)) }));
  };
  await run(INSERT_VISITS, rows.visits);
  await run(INSERT_LINES, rows.lines, 20_000);
  await run(INSERT_SETTLEMENTS, rows.settlements);
  await run(INSERT_FUND_LEDGER, rows.fundLedger, 20_000);
  await run(INSERT_ACCOUNT_LEDGER, rows.accountLedger);
  await run(
    SET_ACCUMULATORS,
    rows.accumulators.map((a) => {
      const row: Record<string, unknown> = { person_id: a.person_id, year: a.year };
      for (const k of ACCUMULATOR_KEYS) row[ACCUMULATOR_COLUMNS[k]] = a[k];
      return row;
    }),
  );
  await run(SET_BALANCES, rows.balances);
}
