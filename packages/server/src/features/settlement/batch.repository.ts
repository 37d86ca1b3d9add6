import { ACCUMULATOR_KEYS, AMOUNT_KEYS, type Accumulators } from "@yibao/core/settlement";
import { sql } from "kysely";
import type { Executor } from "../../db/database.ts";
import { type Bound, type Params, queryRows, statement } from "../../db/statement.ts";
import type { AccumulatorColumns } from "./accumulator.repository.ts";
import { toAccumulators } from "./accumulator.repository.ts";
import { ACCUMULATOR_COLUMNS, SETTLEMENT_AMOUNT_COLUMNS } from "./settlement.table.ts";
import { type FeeLineRow, type VisitRow, assistanceRank, poolOfRegionRow } from "./visit.repository.ts";

/**
 * The queries of the batch path (batch.service.ts): each reads or writes a whole batch in one
 * statement, so the text never changes and PGlite and PostgreSQL run the same statement. The
 * writes take their rows as one array per column (unnest) rather than one JSON document of rows:
 * json_to_recordset builds a hash of each row's keys and the text repeats every key name, which
 * cost more on both sides (docs/benchmarks.md, "Care in column arrays").
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

const poolOf = (r: string) => sql.raw(poolOfRegionRow(r));

// The regions and the institution are joined, not read by a subquery per visit as in
// REGISTRATION_GUARD (visit.repository.ts), to the same values: there a visit's regions were
// five lookups and a scan of institutions, the statement's largest part at a million insured.
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
    left join regions er on er.code = e.region_code
    left join institutions i on i.code = x.institution
    left join regions ir on ir.code = i.region_code
    cross join lateral (
      select ${poolOf("er")} as insured_region, coalesce(${poolOf("ir")}, ${poolOf("er")}) as treatment_region) o
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
  // JSON here, not arrays: this read, as arrays, took longer in the one run that compared them
  // (on a busy machine; the planner estimates a JSON row set at 100 rows, an array parameter's at 10)
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

interface StateKeys {
  /** the accumulators' person ids and years, pairwise */
  persons: string;
  years: string;
  /** the personal accounts' person ids */
  accounts: string;
}

const OPEN_ROWS = statement<StateKeys>(
  (p) => sql`with a as (
      insert into person_accumulators (person_id, year)
      select distinct x.person_id, x.year from unnest(${p.persons}::int8[], ${p.years}::int4[]) as x(person_id, year)
      order by 1, 2
      on conflict do nothing),
    b as (
      insert into personal_accounts (person_id)
      select distinct x.person_id from unnest(${p.accounts}::int8[]) as x(person_id)
      order by 1
      on conflict do nothing)
    select 1`,
);

const LOCK_ACCUMULATORS = statement<Omit<StateKeys, "accounts">>(
  (
    p,
  ) => sql`select a.person_id, a.year, ${sql.raw(ACCUMULATOR_KEYS.map((k) => `a.${ACCUMULATOR_COLUMNS[k]}`).join(", "))}
    from person_accumulators a
    where (a.person_id, a.year) in (select x.person_id, x.year
      from unnest(${p.persons}::int8[], ${p.years}::int4[]) as x(person_id, year))
    order by a.person_id, a.year for update`,
);

const LOCK_ACCOUNTS = statement<Pick<StateKeys, "accounts">>(
  (p) => sql`select pa.person_id, pa.balance from personal_accounts pa
    where pa.person_id in (select x.person_id from unnest(${p.accounts}::int8[]) as x(person_id))
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
  const keys: StateKeys = {
    persons: literal(accumulators.map((x) => x.person_id)),
    years: literal(accumulators.map((x) => x.year)),
    accounts: literal([...new Set(accounts)]),
  };
  await queryRows(ex, OPEN_ROWS(keys));
  const state: BatchState = { ytd: new Map(), balance: new Map() };
  const ytd = await queryRows<AccumulatorColumns & { person_id: bigint; year: number }>(
    ex,
    LOCK_ACCUMULATORS(keys),
  );
  for (const r of ytd) state.ytd.set(ytdKey(BigInt(r.person_id), Number(r.year)), toAccumulators(r));
  const balances = await queryRows<{ person_id: bigint; balance: bigint }>(ex, LOCK_ACCOUNTS(keys));
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

/** A settlements row as the batch writes it (amount columns by name). */
export type SettlementRowJson = Record<string, string | number | bigint | Date | null | object>;

/** A column of a batch's rows: its name and its type in PostgreSQL. */
type Column = readonly [name: string, type: "int8" | "int4" | "text" | "timestamptz" | "jsonb"];

const cols = (spec: string): Column[] =>
  spec
    .trim()
    .split(/,\s*/)
    .map((c) => c.split(" ") as unknown as Column);

const VISIT_COLUMNS = cols(`id int8, mdtrt_id text, person_id int8, enrolment_id int8, insutype text,
  med_type text, institution_code text, level text, begntime timestamptz, endtime timestamptz, ipt_otp_no text,
  dise_codg text, atddr_no text, status text, version int4, insured_region text, treatment_region text,
  filing_id int8`);
const LINE_COLUMNS = cols(`visit_id int8, feedetl_sn text, init_feedetl_sn text, code text, name text,
  class text, chrgitm_type text, price int8, quantity int8, price_cap int8, self_pay_ratio int4, amount int8,
  fee_time timestamptz, restricted_reason text`);
const SETTLEMENT_COLUMNS: Column[] = [
  ...cols(
    "id int8, setl_id text, visit_id int8, person_id int8, year int4, kind text, reverses_id int8, msgid text",
  ),
  ...AMOUNT_KEYS.map((k): Column => [SETTLEMENT_AMOUNT_COLUMNS[k], "int8"]),
  ...cols("funds jsonb, delta jsonb, setl_time timestamptz"),
];
const FUND_LEDGER_COLUMNS = cols("settlement_id int8, account text, debit int8, credit int8");
const ACCOUNT_LEDGER_COLUMNS = cols(
  "person_id int8, amount int8, balance_after int8, kind text, ref_type text, ref_id text",
);
const ACCUMULATOR_ROW_COLUMNS: Column[] = [
  ...cols("person_id int8, year int4"),
  ...ACCUMULATOR_KEYS.map((k): Column => [ACCUMULATOR_COLUMNS[k], k === "admissions" ? "int4" : "int8"]),
];
const BALANCE_COLUMNS = cols("person_id int8, balance int8, updated_at timestamptz");

/** `unnest($1::t1[], $2::t2[], ...) as x(c1, c2, ...)`: the rows of a batch, one parameter per column. */
const unnestOf = (columns: Column[], p: Params<Record<string, unknown>>) =>
  sql`unnest(${sql.join(columns.map(([c, t]) => sql`${p[c]}::${sql.raw(t)}[]`))}) as x(${sql.raw(
    columns.map(([c]) => c).join(", "),
  )})`;

const insertInto = (table: string, columns: Column[]) =>
  statement<Record<string, unknown>>(
    (p) =>
      sql`insert into ${sql.table(table)} (${sql.raw(columns.map(([c]) => c).join(", "))}) select * from ${unnestOf(columns, p)}`,
  );

const INSERT_VISITS = insertInto("visits", VISIT_COLUMNS);
const INSERT_LINES = insertInto("fee_lines", LINE_COLUMNS);
const INSERT_SETTLEMENTS = insertInto("settlements", SETTLEMENT_COLUMNS);
const INSERT_FUND_LEDGER = insertInto("fund_ledger", FUND_LEDGER_COLUMNS);
const INSERT_ACCOUNT_LEDGER = insertInto("account_ledger", ACCOUNT_LEDGER_COLUMNS);

const SET_ACCUMULATORS = statement<Record<string, unknown>>(
  (p) => sql`update person_accumulators a set ${sql.raw(
    ACCUMULATOR_KEYS.map((k) => `${ACCUMULATOR_COLUMNS[k]} = x.${ACCUMULATOR_COLUMNS[k]}`).join(", "),
  )}
    from ${unnestOf(ACCUMULATOR_ROW_COLUMNS, p)}
    where a.person_id = x.person_id and a.year = x.year`,
);

const SET_BALANCES = statement<Record<string, unknown>>(
  (p) => sql`update personal_accounts pa set balance = x.balance, updated_at = x.updated_at
    from ${unnestOf(BALANCE_COLUMNS, p)}
    where pa.person_id = x.person_id`,
);

/**
 * An array literal of numbers, dates or times (`{1,NULL,3}`): none of their texts needs quoting,
 * so one string is cheaper than an array the driver quotes element by element.
 */
function literal(values: readonly (bigint | number | string | Date | null | undefined)[]): string {
  let out = "{";
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (i > 0) out += ",";
    out += v === null || v === undefined ? "NULL" : v instanceof Date ? v.toISOString() : String(v);
  }
  return `${out}}`;
}

/** A column's values as its parameter: texts and JSON as arrays the driver quotes, the rest as literals. */
function columnValues(rows: readonly Record<string, unknown>[], [name, type]: Column): unknown {
  const values = rows.map((r) => r[name]);
  if (type === "text") return values.map((v) => (v === undefined ? null : v));
  if (type === "jsonb") return values.map((v) => (v === null || v === undefined ? null : JSON.stringify(v)));
  return literal(values as (bigint | number | string | Date | null)[]);
}

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

/** Every row of the batch, a statement per table (settlement rows keyed by their columns). */
export async function writeBatch(ex: Executor, rows: BatchRows) {
  // Large batches go in slices, so that a statement's parameters stay a few megabytes.
  const run = async (
    s: (p: Record<string, unknown>) => Bound,
    columns: Column[],
    list: readonly object[],
    n = 5000,
  ) => {
    for (let i = 0; i < list.length; i += n) {
      const slice = list.slice(i, i + n) as Record<string, unknown>[];
      const params: Record<string, unknown> = {};
      for (const c of columns) params[c[0]] = columnValues(slice, c);
      await queryRows(ex, s(params));
    }
  };
  await run(INSERT_VISITS, VISIT_COLUMNS, rows.visits);
  await run(INSERT_LINES, LINE_COLUMNS, rows.lines, 20_000);
  await run(INSERT_SETTLEMENTS, SETTLEMENT_COLUMNS, rows.settlements);
  await run(INSERT_FUND_LEDGER, FUND_LEDGER_COLUMNS, rows.fundLedger, 20_000);
  await run(INSERT_ACCOUNT_LEDGER, ACCOUNT_LEDGER_COLUMNS, rows.accountLedger);
  await run(
    SET_ACCUMULATORS,
    ACCUMULATOR_ROW_COLUMNS,
    rows.accumulators.map((a) => {
      const row: Record<string, unknown> = { person_id: a.person_id, year: a.year };
      for (const k of ACCUMULATOR_KEYS) row[ACCUMULATOR_COLUMNS[k]] = a[k];
      return row;
    }),
  );
  await run(SET_BALANCES, BALANCE_COLUMNS, rows.balances);
}
