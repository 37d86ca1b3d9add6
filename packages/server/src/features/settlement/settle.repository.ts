import type { Accumulators, AssistanceCategoryCode, SettlementResult } from "@yibao/core/settlement";
import type { Selectable } from "kysely";
import type { Executor } from "../../db/database.ts";
import type { FeeLineTable, PersonAccumulatorTable, SettlementTable } from "./settlement.table.ts";
import { type Fragment, type GuardedWrite, q, queryRows, raw } from "../../db/statement.ts";
import { deltaToJson, toAccumulators } from "./accumulator.repository.ts";
import { ledgerEntries } from "./ledger.ts";
import {
  VISIT_COLUMNS,
  type VisitRow,
  assistanceRank,
  chinaDaySql,
  personStateColumns,
  personStateJoins,
} from "./visit.repository.ts";
import { isoTime } from "@yibao/core/time";

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
export type PersonColumns = Omit<Selectable<PersonAccumulatorTable>, "person_id" | "year" | "opening"> & {
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

const patientColumns = raw("p.psn_no, p.name, p.certno, p.gender, p.birth_date, e.psn_type, e.region_code");

const personJoins = (year: Fragment) => q`
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

/** Everything a settlement of the visit is computed from, in one query. */
export async function readSettlementSource(ex: Executor, mdtrtId: string): Promise<SettlementSource | null> {
  const year = q`extract(year from ${chinaDaySql("v.begntime")})::int`;
  const day = chinaDaySql("v.begntime");
  const rows = await queryRows<
    VisitRow &
      PersonColumns & {
        year: number;
        lines: [string, "A" | "B" | "C", string, string, string | null, number | null][] | null;
      }
  >(
    ex,
    q`select ${VISIT_COLUMNS}, ${year} as year, ${patientColumns}, ${personStateColumns},
        ${assistanceRank("v.person_id", day)},
        (select json_agg(json_build_array(l.code, l.class, l.price::text, l.quantity::text, l.price_cap::text,
                 l.self_pay_ratio) order by l.id)
         from fee_lines l where l.visit_id = v.id and not l.cancelled) as lines
      from visits v ${personJoins(year)}
      where v.mdtrt_id = ${mdtrtId}`,
  );
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

/** A stored settlement (amounts in fen), as a reversal needs it. */
export type SettlementRecord = Omit<
  Selectable<SettlementTable>,
  "visit_id" | "person_id" | "reverses_id" | "msgid" | "setl_time"
>;

export interface ReversalSource {
  original: SettlementRecord;
  reversedBy: string | null;
  visit: VisitRow;
  patient: Patient;
  read: PersonRead;
}

const RECORD_COLUMNS = [
  "id",
  "setl_id",
  "kind",
  "year",
  "medfee",
  "full_own_pay",
  "over_limit",
  "pre_self_pay",
  "in_scope",
  "deductible",
  "pool_pay",
  "pool_prop_self_pay",
  "large_amount_pay",
  "ci_pay",
  "maf_pay",
  "fund_pay",
  "person_part",
  "account_pay",
  "cash_pay",
  "balance_after",
  "funds",
  "delta",
] as const;
const recordColumns = raw(RECORD_COLUMNS.map((c) => `s.${c} as s_${c}`).join(", "));

/** The settlement to reverse, its visit and the person's state now, and the reversal's id. */
export async function readReversalSource(ex: Executor, setlId: string): Promise<ReversalSource | null> {
  const rows = await queryRows<
    VisitRow & PersonColumns & Record<string, unknown> & { reversed_by: string | null }
  >(
    ex,
    q`select ${VISIT_COLUMNS}, ${patientColumns}, ${personStateColumns}, null::int as maf_rank,
        ${recordColumns}, (select r.setl_id from settlements r where r.reverses_id = s.id) as reversed_by
      from settlements s join visits v on v.id = s.visit_id ${personJoins(raw("s.year"))}
      where s.setl_id = ${setlId} and s.kind = 'settle'`,
  );
  const r = rows[0];
  if (!r) return null;
  const { patient, read } = personOf(r);
  const original = Object.fromEntries(
    RECORD_COLUMNS.map((c) => [c, r[`s_${c}`]]),
  ) as unknown as SettlementRecord;
  return {
    original,
    reversedBy: r.reversed_by,
    visit: pickVisit(r),
    patient,
    read,
  };
}

function pickVisit(r: VisitRow): VisitRow {
  return {
    id: r.id,
    mdtrt_id: r.mdtrt_id,
    person_id: r.person_id,
    enrolment_id: r.enrolment_id,
    insutype: r.insutype,
    med_type: r.med_type,
    institution_code: r.institution_code,
    level: r.level,
    begntime: r.begntime,
    endtime: r.endtime,
    ipt_otp_no: r.ipt_otp_no,
    dise_codg: r.dise_codg,
    status: r.status,
    version: r.version,
  };
}

/** Creates the rows a settlement updates if a visit predates them (visits open them since 0410). */
export async function ensurePersonRows(ex: Executor, personId: bigint, year: number, account: boolean) {
  await queryRows(
    ex,
    q`with a as (insert into person_accumulators (person_id, year) values (${personId}, ${year})
        on conflict do nothing)
      ${account ? q`, b as (insert into personal_accounts (person_id) values (${personId}) on conflict do nothing)` : raw("")}
      select 1`,
  );
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

/**
 * The settlement, the accumulators, the personal account and the fund ledger in one statement,
 * which stores nothing unless the visit, the accumulators and the balance are as they were read
 * (and locks them while it writes, so concurrent settlements of one person take turns).
 */
export function settlementWrite(w: SettlementWrite): GuardedWrite {
  const { visit, result: r, read } = w;
  const a = r.amounts;
  const y = read.ytd;
  const hasAccount = read.balance !== null;
  const guard = q`select 1 as ok from visits v
      join person_accumulators a on a.person_id = v.person_id and a.year = ${w.year}::int
      ${hasAccount ? raw("join personal_accounts pa on pa.person_id = v.person_id") : raw("")}
    where v.id = ${visit.id}::int8 and v.version = ${visit.version}::int
      and (a.admissions, a.deductible_paid, a.pool_paid, a.large_amount_paid, a.ci_burden, a.ci_paid,
           a.maf_deductible_paid, a.maf_paid)
        = (${y.admissions}::int, ${y.deductiblePaid}::int8, ${y.poolPaid}::int8, ${y.largeAmountPaid}::int8,
           ${y.ciBurden}::int8, ${y.ciPaid}::int8, ${y.mafDeductiblePaid}::int8, ${y.mafPaid}::int8)
      ${hasAccount ? q`and pa.balance = ${read.balance}::int8` : raw("")}
    for update of v, a${raw(hasAccount ? ", pa" : "")}`;
  const d = r.delta;
  const steps = [
    q`update visits set status = ${w.visitStatusAfter}, version = version + 1
      where id = ${visit.id}::int8 and exists (select 1 from guard)`,
    q`update person_accumulators set admissions = admissions + ${d.admissions}::int,
        deductible_paid = deductible_paid + ${d.deductiblePaid}::int8, pool_paid = pool_paid + ${d.poolPaid}::int8,
        large_amount_paid = large_amount_paid + ${d.largeAmountPaid}::int8,
        ci_burden = ci_burden + ${d.ciBurden}::int8, ci_paid = ci_paid + ${d.ciPaid}::int8,
        maf_deductible_paid = maf_deductible_paid + ${d.mafDeductiblePaid}::int8,
        maf_paid = maf_paid + ${d.mafPaid}::int8
      where person_id = ${visit.person_id}::int8 and year = ${w.year}::int and exists (select 1 from guard)`,
    q`insert into settlements (id, setl_id, visit_id, person_id, year, kind, reverses_id, msgid, medfee,
        full_own_pay, over_limit, pre_self_pay, in_scope, deductible, pool_pay, pool_prop_self_pay,
        large_amount_pay, ci_pay, maf_pay, fund_pay, person_part, account_pay, cash_pay, balance_after,
        funds, delta, setl_time)
      select ${w.id}::int8, ${w.setlId}::text, ${visit.id}::int8, ${visit.person_id}::int8, ${w.year}::int,
        ${w.kind}::text, ${w.reversesId}::int8, ${w.msgid}::text, ${a.medfee}::int8, ${a.fullOwnPay}::int8,
        ${a.overLimitSelfPay}::int8, ${a.preSelfPay}::int8, ${a.inScope}::int8, ${a.deductible}::int8,
        ${a.poolPay}::int8, ${a.poolPropSelfPay}::int8, ${a.largeAmountPay}::int8, ${a.criticalIllnessPay}::int8,
        ${a.assistancePay}::int8, ${a.fundPay}::int8, ${a.personPart}::int8, ${a.accountPay}::int8,
        ${a.cashPay}::int8, ${a.balanceAfter}::int8,
        ${JSON.stringify(r.funds.map((f) => ({ fundPayType: f.fundPayType, amount: String(f.amount) })))}::jsonb,
        ${JSON.stringify(deltaToJson(d))}::jsonb, ${isoTime(w.setlTime)}::timestamptz
      from guard`,
  ];
  const entries = ledgerEntries(visit.institution_code ?? `person:${visit.person_id}`, r);
  if (entries.accounts.length > 0)
    steps.push(q`insert into fund_ledger (settlement_id, account, debit, credit)
      select ${w.id}::int8, x.account, x.debit, x.credit
      from guard, unnest(${entries.accounts}::text[], ${entries.debits}::int8[], ${entries.credits}::int8[])
        as x(account, debit, credit)`);
  if (a.accountPay !== 0n) {
    if (read.balance === null) throw new Error("account payment without an account row");
    steps.push(
      q`update personal_accounts set balance = balance - ${a.accountPay}::int8, updated_at = ${isoTime(w.setlTime)}::timestamptz
        where person_id = ${visit.person_id}::int8 and exists (select 1 from guard)`,
      q`insert into account_ledger (person_id, amount, balance_after, kind, ref_type, ref_id)
        select ${visit.person_id}::int8, ${-a.accountPay}::int8, ${read.balance - a.accountPay}::int8,
          ${w.kind === "settle" ? "settlement" : "settlement_reversal"}::text, 'settlement', ${w.setlId}::text
        from guard`,
    );
  }
  return { guard, steps };
}
