import {
  ACCUMULATOR_KEYS,
  AMOUNT_KEYS,
  type AccumulatorDelta,
  type Accumulators,
  type AmountKey,
  type AssistanceCategoryCode,
  type SettlementAmounts,
  type SettlementResult,
} from "@yibao/core/settlement";
import { isoTime } from "@yibao/core/time";
import { type RawBuilder, type Selectable, sql } from "kysely";
import type { Executor } from "../../db/database.ts";
import { type Bound, type GuardedWrite, queryRows, statement } from "../../db/statement.ts";
import {
  type AccumulatorColumns,
  deltaFromJson,
  deltaToJson,
  toAccumulators,
} from "./accumulator.repository.ts";
import { ledgerEntries } from "./ledger.ts";
import {
  ACCUMULATOR_COLUMNS,
  type FeeLineTable,
  SETTLEMENT_AMOUNT_COLUMNS,
  type SettlementTable,
} from "./settlement.table.ts";
import {
  VISIT_COLUMNS,
  type VisitRow,
  assistanceRank,
  chinaDaySql,
  personStateColumns,
  personStateJoins,
  pickVisit,
} from "./visit.repository.ts";

/** The patient as a settlement's answer names them. */
export interface Patient {
  psnNo: string;
  name: string;
  certno: string;
  gender: string;
  birthDate: string;
  psnType: string;
  regionCode: string;
}

/** The person's state a settlement or reversal is computed from, as read (the write checks it is unchanged). */
export interface PersonRead {
  ytd: Accumulators | null; // null: no accumulator row for the year yet
  balance: bigint | null; // null: no personal account row
  assistance: AssistanceCategoryCode | null;
}

/** Patient, enrolment, accumulators of the year (null columns when the row is missing), balance. */
export type PersonColumns = AccumulatorColumns & {
  psn_no: string;
  name: string;
  certno: string;
  gender: string;
  birth_date: string;
  psn_type: string;
  region_code: string;
  has_ytd: boolean;
  balance: bigint | null;
  maf_rank: number | null;
};

const patientColumns = sql.raw(
  "p.psn_no, p.name, p.certno, p.gender, p.birth_date, e.psn_type, e.region_code",
);

const personJoins = (year: RawBuilder<unknown>) => sql`
  join enrolments e on e.id = v.enrolment_id
  join persons p on p.id = v.person_id ${personStateJoins("v.person_id", year)}`;

export function personOf(r: PersonColumns): { patient: Patient; read: PersonRead } {
  return {
    patient: {
      psnNo: r.psn_no,
      name: r.name,
      certno: r.certno,
      gender: r.gender,
      birthDate: r.birth_date,
      psnType: r.psn_type,
      regionCode: r.region_code,
    },
    read: {
      ytd: r.has_ytd ? toAccumulators(r) : null,
      balance: r.balance,
      assistance: r.maf_rank ? ([null, "tk", "db", "jc"] as const)[Number(r.maf_rank)]! : null,
    },
  };
}

/** A fee line as the engine prices it. */
export type StoredLine = Pick<
  Selectable<FeeLineTable>,
  "code" | "class" | "price" | "quantity" | "price_cap" | "self_pay_ratio"
>;

export interface SettlementSource {
  visit: VisitRow;
  year: number;
  patient: Patient;
  read: PersonRead;
  lines: StoredLine[];
}

const visitYear = sql`extract(year from ${chinaDaySql("v.begntime")})::int`;

const SETTLEMENT_SOURCE = statement<{ mdtrtId: string }>(
  (p) => sql`select ${VISIT_COLUMNS}, ${visitYear} as year, ${patientColumns}, ${personStateColumns},
      ${assistanceRank("v.person_id", chinaDaySql("v.begntime"))},
      (select json_agg(json_build_array(l.code, l.class, l.price::text, l.quantity::text, l.price_cap::text,
               l.self_pay_ratio) order by l.id)
       from fee_lines l where l.visit_id = v.id and not l.cancelled) as lines
    from visits v ${personJoins(visitYear)}
    where v.mdtrt_id = ${p.mdtrtId}`,
);

/** Everything a settlement of the visit is computed from, in one query. */
export async function readSettlementSource(ex: Executor, mdtrtId: string): Promise<SettlementSource | null> {
  const rows = await queryRows<
    VisitRow &
      PersonColumns & {
        year: number;
        lines: [string, "A" | "B" | "C", string, string, string | null, number | null][] | null;
      }
  >(ex, SETTLEMENT_SOURCE({ mdtrtId }));
  const r = rows[0];
  if (!r) return null;
  const { patient, read } = personOf(r);
  return {
    visit: pickVisit(r),
    year: r.year,
    patient,
    read,
    lines: (r.lines ?? []).map(([code, cls, price, qty, cap, ratio]) => ({
      code,
      class: cls,
      price: BigInt(price),
      quantity: BigInt(qty),
      price_cap: cap === null ? null : BigInt(cap),
      self_pay_ratio: ratio,
    })),
  };
}

/** A stored settlement as a reversal needs it: its id, year and result (amounts, funds, delta). */
export interface SettlementRecord {
  id: bigint;
  setlId: string;
  year: number;
  result: SettlementResult;
}

export interface ReversalSource {
  original: SettlementRecord;
  reversedBy: string | null;
  visit: VisitRow;
  patient: Patient;
  read: PersonRead;
}

/** The columns of the settlement read, prefixed (the visit's columns share their names). */
const RECORD_COLUMNS = [
  "id",
  "setl_id",
  "year",
  ...Object.values(SETTLEMENT_AMOUNT_COLUMNS),
  "funds",
  "delta",
];
type RecordRow = Pick<
  Selectable<SettlementTable>,
  "id" | "setl_id" | "year" | "funds" | "delta" | (typeof SETTLEMENT_AMOUNT_COLUMNS)[AmountKey]
>;

const REVERSAL_SOURCE = statement<{ setlId: string }>(
  (p) => sql`select ${VISIT_COLUMNS}, ${patientColumns}, ${personStateColumns}, null::int as maf_rank,
      ${sql.raw(RECORD_COLUMNS.map((c) => `s.${c} as s_${c}`).join(", "))},
      (select r.setl_id from settlements r where r.reverses_id = s.id) as reversed_by
    from settlements s join visits v on v.id = s.visit_id ${personJoins(sql`s.year`)}
    where s.setl_id = ${p.setlId} and s.kind = 'settle'`,
);

function recordOf(r: Record<string, unknown>): SettlementRecord {
  const row = Object.fromEntries(RECORD_COLUMNS.map((c) => [c, r[`s_${c}`]])) as RecordRow;
  const amounts = {} as SettlementAmounts;
  for (const k of AMOUNT_KEYS) amounts[k] = row[SETTLEMENT_AMOUNT_COLUMNS[k]];
  return {
    id: row.id,
    setlId: row.setl_id,
    year: row.year,
    result: {
      amounts,
      funds: row.funds.map((f) => ({ fundPayType: f.fundPayType, amount: BigInt(f.amount) })),
      lines: [],
      delta: deltaFromJson(row.delta),
    },
  };
}

/** The settlement to reverse, its visit and the person's state now. */
export async function readReversalSource(ex: Executor, setlId: string): Promise<ReversalSource | null> {
  const rows = await queryRows<
    VisitRow & PersonColumns & Record<string, unknown> & { reversed_by: string | null }
  >(ex, REVERSAL_SOURCE({ setlId }));
  const r = rows[0];
  if (!r) return null;
  const { patient, read } = personOf(r);
  return { original: recordOf(r), reversedBy: r.reversed_by, visit: pickVisit(r), patient, read };
}

const OPEN_PERSON_ROWS = [false, true].map((account) =>
  statement<{ personId: bigint; year: number }>(
    (p) => sql`with a as (insert into person_accumulators (person_id, year) values (${p.personId}, ${p.year})
        on conflict do nothing)
      ${account ? sql`, b as (insert into personal_accounts (person_id) values (${p.personId}) on conflict do nothing)` : sql``}
      select 1`,
  ),
);

/** Creates the rows a settlement updates if a visit predates them (visits open them since 0410). */
export async function ensurePersonRows(ex: Executor, personId: bigint, year: number, account: boolean) {
  await queryRows(ex, OPEN_PERSON_ROWS[Number(account)]!({ personId, year }));
}

/** What a settlement or reversal stores. */
export interface SettlementWrite {
  id: bigint;
  setlId: string;
  kind: "settle" | "reverse";
  reversesId: bigint | null;
  msgid: string | null;
  visit: VisitRow;
  visitStatusAfter: VisitRow["status"];
  year: number;
  read: { ytd: Accumulators; balance: bigint | null };
  result: SettlementResult;
  setlTime: Date;
}

/** The SQL type of an accumulator's column. */
const accumulatorType = (k: keyof Accumulators) => sql.raw(k === "admissions" ? "int" : "int8");

/**
 * The guard: the visit at its version, the accumulators (and the balance) as they were read,
 * locked. With and without the personal account.
 */
const SETTLEMENT_GUARDS = [false, true].map((account) =>
  statement<Accumulators & { year: number; visitId: bigint; version: number; balance: bigint | null }>(
    (p) => sql`select 1 as ok from visits v
        join person_accumulators a on a.person_id = v.person_id and a.year = ${p.year}::int
        ${account ? sql`join personal_accounts pa on pa.person_id = v.person_id` : sql``}
      where v.id = ${p.visitId}::int8 and v.version = ${p.version}::int
        and (${sql.raw(ACCUMULATOR_KEYS.map((k) => `a.${ACCUMULATOR_COLUMNS[k]}`).join(", "))})
          = (${sql.join(ACCUMULATOR_KEYS.map((k) => sql`${p[k]}::${accumulatorType(k)}`))})
        ${account ? sql`and pa.balance = ${p.balance}::int8` : sql``}
      for update of v, a${sql.raw(account ? ", pa" : "")}`,
  ),
);

const SET_VISIT_STATUS = statement<{ status: VisitRow["status"]; visitId: bigint }>(
  (p) => sql`update visits set status = ${p.status}, version = version + 1
    where id = ${p.visitId}::int8 and exists (select 1 from guard)`,
);

const ADD_TO_ACCUMULATORS = statement<AccumulatorDelta & { personId: bigint; year: number }>(
  (p) => sql`update person_accumulators set ${sql.join(
    ACCUMULATOR_KEYS.map((k) => {
      const c = sql.raw(ACCUMULATOR_COLUMNS[k]);
      return sql`${c} = ${c} + ${p[k]}::${accumulatorType(k)}`;
    }),
  )}
    where person_id = ${p.personId}::int8 and year = ${p.year}::int and exists (select 1 from guard)`,
);

type SettlementValues = SettlementAmounts & {
  id: bigint;
  setlId: string;
  visitId: bigint;
  personId: bigint;
  year: number;
  kind: "settle" | "reverse";
  reversesId: bigint | null;
  msgid: string | null;
  funds: string;
  delta: string;
  setlTime: string;
};

const INSERT_SETTLEMENT = statement<SettlementValues>(
  (p) => sql`insert into settlements (id, setl_id, visit_id, person_id, year, kind, reverses_id, msgid,
      ${sql.raw(AMOUNT_KEYS.map((k) => SETTLEMENT_AMOUNT_COLUMNS[k]).join(", "))}, funds, delta, setl_time)
    select ${p.id}::int8, ${p.setlId}::text, ${p.visitId}::int8, ${p.personId}::int8, ${p.year}::int,
      ${p.kind}::text, ${p.reversesId}::int8, ${p.msgid}::text,
      ${sql.join(AMOUNT_KEYS.map((k) => sql`${p[k]}::int8`))},
      ${p.funds}::jsonb, ${p.delta}::jsonb, ${p.setlTime}::timestamptz
    from guard`,
);

const POST_FUND_LEDGER = statement<{ id: bigint; accounts: string[]; debits: bigint[]; credits: bigint[] }>(
  (p) => sql`insert into fund_ledger (settlement_id, account, debit, credit)
    select ${p.id}::int8, x.account, x.debit, x.credit
    from guard, unnest(${p.accounts}::text[], ${p.debits}::int8[], ${p.credits}::int8[])
      as x(account, debit, credit)`,
);

const PAY_FROM_ACCOUNT = statement<{ amount: bigint; at: string; personId: bigint }>(
  (
    p,
  ) => sql`update personal_accounts set balance = balance - ${p.amount}::int8, updated_at = ${p.at}::timestamptz
    where person_id = ${p.personId}::int8 and exists (select 1 from guard)`,
);

const POST_ACCOUNT_LEDGER = statement<{
  personId: bigint;
  amount: bigint;
  balanceAfter: bigint;
  kind: string;
  setlId: string;
}>(
  (p) => sql`insert into account_ledger (person_id, amount, balance_after, kind, ref_type, ref_id)
    select ${p.personId}::int8, ${p.amount}::int8, ${p.balanceAfter}::int8, ${p.kind}::text, 'settlement',
      ${p.setlId}::text
    from guard`,
);

/**
 * The settlement, the accumulators, the personal account and the fund ledger in one statement,
 * which stores nothing unless the visit, the accumulators and the balance are as they were read
 * (and locks them while it writes, so concurrent settlements of one person take turns).
 */
export function settlementWrite(w: SettlementWrite): GuardedWrite {
  const { visit, result: r, read } = w;
  const a = r.amounts;
  const hasAccount = read.balance !== null;
  const setlTime = isoTime(w.setlTime);
  const guard = SETTLEMENT_GUARDS[Number(hasAccount)]!({
    ...read.ytd,
    year: w.year,
    visitId: visit.id,
    version: visit.version,
    balance: read.balance,
  });
  const steps: Bound[] = [
    SET_VISIT_STATUS({ status: w.visitStatusAfter, visitId: visit.id }),
    ADD_TO_ACCUMULATORS({ ...r.delta, personId: visit.person_id, year: w.year }),
    INSERT_SETTLEMENT({
      ...a,
      id: w.id,
      setlId: w.setlId,
      visitId: visit.id,
      personId: visit.person_id,
      year: w.year,
      kind: w.kind,
      reversesId: w.reversesId,
      msgid: w.msgid,
      funds: JSON.stringify(r.funds.map((f) => ({ fundPayType: f.fundPayType, amount: String(f.amount) }))),
      delta: JSON.stringify(deltaToJson(r.delta)),
      setlTime,
    }),
  ];
  const entries = ledgerEntries(visit.institution_code ?? `person:${visit.person_id}`, r);
  if (entries.accounts.length > 0) steps.push(POST_FUND_LEDGER({ id: w.id, ...entries }));
  if (a.accountPay !== 0n) {
    if (read.balance === null) throw new Error("account payment without an account row");
    steps.push(
      PAY_FROM_ACCOUNT({ amount: a.accountPay, at: setlTime, personId: visit.person_id }),
      POST_ACCOUNT_LEDGER({
        personId: visit.person_id,
        amount: -a.accountPay,
        balanceAfter: read.balance - a.accountPay,
        kind: w.kind === "settle" ? "settlement" : "settlement_reversal",
        setlId: w.setlId,
      }),
    );
  }
  return { guard, steps };
}
