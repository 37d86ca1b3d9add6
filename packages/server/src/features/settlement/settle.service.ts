import { YibaoError } from "@yibao/core/errors";
import { fenToYuan } from "@yibao/core/money";
import {
  type AssistanceCategoryCode,
  type PersonState,
  type SettlementResult,
  formatSetldetail,
  formatSetlinfo,
  reverseResult,
  settleClaim,
} from "@yibao/core/settlement";
import { sql } from "kysely";
import type { Selectable } from "kysely";
import type { Executor } from "../../db/database.ts";
import { findPolicy } from "../catalogue/policy.repository.ts";
import { lockAccount, postAccountEntry } from "../registry/account.repository.ts";
import {
  addToAccumulators,
  deltaFromJson,
  deltaToJson,
  lockAccumulators,
  readAccumulators,
} from "./accumulator.repository.ts";
import { postFundEntries } from "./ledger.ts";
import type { SettlementTable, VisitTable } from "./settlement.table.ts";
import { dateOf, findVisit, toEngineLine } from "./visit.service.ts";

type Visit = Selectable<VisitTable>;

async function assistanceCategory(
  ex: Executor,
  personId: bigint,
  day: string,
): Promise<AssistanceCategoryCode | null> {
  const r = await ex
    .selectFrom("assistance_categories")
    .select(sql<number>`min(case category when 'tk' then 1 when 'db' then 2 when 'jc' then 3 end)`.as("rank"))
    .where("person_id", "=", personId)
    .where("valid_from", "<=", day)
    .where((eb) => eb.or([eb("valid_to", "is", null), eb("valid_to", ">=", day)]))
    .executeTakeFirst();
  return r?.rank ? ([null, "tk", "db", "jc"] as const)[Number(r.rank)]! : null;
}

/** Everything the engine needs for a visit; with lock = true the person's rows are locked. */
async function loadForSettlement(ex: Executor, visit: Visit, lock: boolean) {
  const year = visit.begntime.getUTCFullYear();
  const enrolment = await ex
    .selectFrom("enrolments")
    .select(["psn_type", "region_code"])
    .where("id", "=", visit.enrolment_id)
    .executeTakeFirstOrThrow();
  const ytd = lock
    ? await lockAccumulators(ex, visit.person_id, year)
    : await readAccumulators(ex, visit.person_id, year);
  const hasAccount = visit.insutype === "310";
  const balance = hasAccount
    ? lock
      ? await lockAccount(ex, visit.person_id)
      : ((
          await ex
            .selectFrom("personal_accounts")
            .select("balance")
            .where("person_id", "=", visit.person_id)
            .executeTakeFirst()
        )?.balance ?? 0n)
    : 0n;
  const policy = await findPolicy(ex, enrolment.region_code, visit.insutype, visit.med_type, year);
  const lines = await ex
    .selectFrom("fee_lines")
    .select(["code", "class", "price", "quantity", "price_cap", "self_pay_ratio"])
    .where("visit_id", "=", visit.id)
    .where("cancelled", "=", false)
    .orderBy("id")
    .execute();
  if (lines.length === 0)
    throw new YibaoError("SETL_NO_FEE_LINES", `Visit ${visit.mdtrt_id} has no fee lines`, {
      field: "mdtrt_id",
    });
  const person: PersonState = {
    psnType: enrolment.psn_type,
    insutype: visit.insutype,
    assistanceCategory: await assistanceCategory(ex, visit.person_id, dateOf(visit.begntime)),
    balance,
    ytd: ytd ?? {
      admissions: 0,
      deductiblePaid: 0n,
      poolPaid: 0n,
      largeAmountPaid: 0n,
      ciBurden: 0n,
      ciPaid: 0n,
      mafDeductiblePaid: 0n,
      mafPaid: 0n,
    },
  };
  return { year, policy, person, claim: { level: visit.level, lines: lines.map(toEngineLine) } };
}

export interface SettleInput {
  mdtrtId: string;
  acctUsed: boolean;
  msgid: string | null;
  medfeeSumamt?: bigint; // what the hospital's HIS computed; must match the uploaded lines
  institutionCode?: string | null; // the caller, when a hospital: only its own visits
  now: Date;
}

function checkOwner(visit: Visit, institutionCode: string | null | undefined) {
  if (institutionCode && visit.institution_code !== institutionCode) {
    throw new YibaoError("SETL_NOT_OWN_PATIENT", "The visit belongs to another institution", {
      field: "mdtrt_id",
    });
  }
}

/** Pre-settlement (预结算, 2206/2303): the same numbers as a settlement; writes nothing. */
export async function preSettle(ex: Executor, input: Omit<SettleInput, "msgid">) {
  const visit = await findVisit(ex, input.mdtrtId);
  checkOwner(visit, input.institutionCode);
  const { policy, person, claim } = await loadForSettlement(ex, visit, false);
  const result = settleClaim(policy, person, { ...claim, acctUsed: input.acctUsed });
  checkMedfee(result, input.medfeeSumamt);
  return { visit, result, setlId: null as string | null, setlTime: input.now };
}

function checkMedfee(result: SettlementResult, medfee: bigint | undefined) {
  if (medfee !== undefined && medfee !== result.amounts.medfee) {
    throw new YibaoError(
      "SETL_MEDFEE_MISMATCH",
      `medfee_sumamt ${fenToYuan(medfee)} differs from the lines' ${fenToYuan(result.amounts.medfee)}`,
      {
        field: "medfee_sumamt",
      },
    );
  }
}

/**
 * Settlement (结算, 2207/2304), inside the caller's transaction: locks the person's accumulators and
 * account, computes, stores the settlement, moves accumulators, account and fund ledger together.
 */
export async function settleVisit(trx: Executor, input: SettleInput) {
  const visit = await findVisit(trx, input.mdtrtId, true);
  checkOwner(visit, input.institutionCode);
  if (visit.status === "settled" || visit.status === "cancelled") {
    throw new YibaoError("SETL_VISIT_STATE", `Visit ${input.mdtrtId} is ${visit.status}`, {
      field: "mdtrt_id",
    });
  }
  const { year, policy, person, claim } = await loadForSettlement(trx, visit, true);
  const result = settleClaim(policy, person, { ...claim, acctUsed: input.acctUsed });
  checkMedfee(result, input.medfeeSumamt);
  const row = await storeSettlement(trx, visit, year, "settle", null, input, result);
  await trx.updateTable("visits").set({ status: "settled" }).where("id", "=", visit.id).execute();
  return { visit, result, setlId: row.setl_id, setlTime: row.setl_time };
}

async function storeSettlement(
  trx: Executor,
  visit: Visit,
  year: number,
  kind: "settle" | "reverse",
  reversesId: bigint | null,
  input: { msgid: string | null; now: Date },
  r: SettlementResult,
) {
  const { rows } = await sql<{ id: string }>`select nextval('settlements_id_seq') as id`.execute(trx);
  const id = BigInt(rows[0]!.id);
  const a = r.amounts;
  const row = await trx
    .insertInto("settlements")
    .values({
      id,
      setl_id: `S${String(id).padStart(12, "0")}`,
      visit_id: visit.id,
      person_id: visit.person_id,
      year,
      kind,
      reverses_id: reversesId,
      msgid: input.msgid,
      medfee: a.medfee,
      full_own_pay: a.fullOwnPay,
      over_limit: a.overLimitSelfPay,
      pre_self_pay: a.preSelfPay,
      in_scope: a.inScope,
      deductible: a.deductible,
      pool_pay: a.poolPay,
      pool_prop_self_pay: a.poolPropSelfPay,
      large_amount_pay: a.largeAmountPay,
      ci_pay: a.criticalIllnessPay,
      maf_pay: a.assistancePay,
      fund_pay: a.fundPay,
      person_part: a.personPart,
      account_pay: a.accountPay,
      cash_pay: a.cashPay,
      balance_after: a.balanceAfter,
      funds: JSON.stringify(r.funds.map((f) => ({ fundPayType: f.fundPayType, amount: String(f.amount) }))),
      delta: JSON.stringify(deltaToJson(r.delta)),
      setl_time: input.now,
    })
    .returning(["id", "setl_id", "setl_time"])
    .executeTakeFirstOrThrow();
  await addToAccumulators(trx, visit.person_id, year, r.delta);
  if (a.accountPay !== 0n) {
    await postAccountEntry(trx, {
      personId: visit.person_id,
      amount: -a.accountPay,
      kind: kind === "settle" ? "settlement" : "settlement_reversal",
      refType: "settlement",
      refId: row.setl_id,
    });
  }
  const payee = visit.institution_code ?? `person:${visit.person_id}`;
  await postFundEntries(trx, row.id, payee, r.funds, a.accountPay);
  return row;
}

function resultFromRow(s: Selectable<SettlementTable>): SettlementResult {
  return {
    amounts: {
      medfee: s.medfee,
      fullOwnPay: s.full_own_pay,
      overLimitSelfPay: s.over_limit,
      preSelfPay: s.pre_self_pay,
      inScope: s.in_scope,
      deductible: s.deductible,
      poolPay: s.pool_pay,
      poolPropSelfPay: s.pool_prop_self_pay,
      largeAmountPay: s.large_amount_pay,
      criticalIllnessPay: s.ci_pay,
      assistancePay: s.maf_pay,
      fundPay: s.fund_pay,
      personPart: s.person_part,
      accountPay: s.account_pay,
      cashPay: s.cash_pay,
      balanceAfter: s.balance_after,
    },
    funds: s.funds.map((f) => ({ fundPayType: f.fundPayType, amount: BigInt(f.amount) })),
    lines: [],
    delta: deltaFromJson(s.delta),
  };
}

/** Reversal (冲正, 2208/2305): a new settlement with every amount negated; accumulators restored. */
export async function reverseSettlement(
  trx: Executor,
  input: { setlId: string; msgid: string | null; institutionCode?: string | null; now: Date },
) {
  const orig = await trx
    .selectFrom("settlements")
    .selectAll()
    .where("setl_id", "=", input.setlId)
    .executeTakeFirst();
  if (orig?.kind !== "settle")
    throw new YibaoError("SETL_UNKNOWN", `No settlement ${input.setlId}`, { field: "setl_id" });
  const visit = await findVisit(
    trx,
    (
      await trx
        .selectFrom("visits")
        .select("mdtrt_id")
        .where("id", "=", orig.visit_id)
        .executeTakeFirstOrThrow()
    ).mdtrt_id,
    true,
  );
  checkOwner(visit, input.institutionCode);
  await lockAccumulators(trx, orig.person_id, orig.year);
  const balance = visit.insutype === "310" ? await lockAccount(trx, orig.person_id) : 0n;
  const done = await trx
    .selectFrom("settlements")
    .select("setl_id")
    .where("reverses_id", "=", orig.id)
    .executeTakeFirst();
  if (done)
    throw new YibaoError(
      "SETL_ALREADY_REVERSED",
      `Settlement ${input.setlId} was reversed by ${done.setl_id}`,
      { field: "setl_id" },
    );
  const result = reverseResult(resultFromRow(orig), balance);
  const row = await storeSettlement(trx, visit, orig.year, "reverse", orig.id, input, result);
  await trx
    .updateTable("visits")
    .set({ status: visit.endtime ? "discharged" : "open" })
    .where("id", "=", visit.id)
    .execute();
  return { visit, result, setlId: row.setl_id, setlTime: row.setl_time };
}

/** The NHSA setlinfo + setldetail of a settlement (amounts as 2-decimal strings). */
export async function settlementOutput(
  ex: Executor,
  s: { visit: Visit; result: SettlementResult; setlId: string | null; setlTime: Date },
  msgid: string | null,
) {
  const p = await ex
    .selectFrom("persons")
    .select(["psn_no", "name", "certno", "gender", "birth_date"])
    .where("id", "=", s.visit.person_id)
    .executeTakeFirstOrThrow();
  const e = await ex
    .selectFrom("enrolments")
    .select(["psn_type"])
    .where("id", "=", s.visit.enrolment_id)
    .executeTakeFirstOrThrow();
  const birth = new Date(`${p.birth_date}T00:00:00Z`);
  const age = Math.floor((s.setlTime.getTime() - birth.getTime()) / (365.2425 * 86400_000));
  return {
    setlinfo: {
      mdtrt_id: s.visit.mdtrt_id,
      setl_id: s.setlId,
      psn_no: p.psn_no,
      psn_name: p.name,
      certno: p.certno,
      gend: p.gender,
      age: String(age),
      insutype: s.visit.insutype,
      psn_type: e.psn_type,
      med_type: s.visit.med_type,
      setl_time: s.setlTime.toISOString().replace("T", " ").slice(0, 19),
      ...formatSetlinfo(s.result.amounts),
      cvlserv_pay: "0.00",
      hifes_pay: "0.00",
      oth_pay: "0.00",
      hosp_part_amt: "0.00",
      acct_mulaid_pay: "0.00",
      medins_setl_id: msgid,
      clr_optins: s.visit.institution_code ? s.visit.institution_code.slice(1, 7) : null,
      clr_way: "01",
      clr_type: s.visit.med_type.startsWith("2") ? "21" : "11",
    },
    setldetail: formatSetldetail(s.result.funds).map((d) => ({
      ...d,
      fund_pay_type_name: FUND_NAMES[d.fund_pay_type] ?? d.fund_pay_type,
    })),
  };
}

const FUND_NAMES: Record<string, string> = {
  "310100": "职工基本医疗保险统筹基金",
  "390100": "城乡居民基本医疗保险基金",
  "330100": "职工大额医疗费用补助",
  "390200": "城乡居民大病医疗保险资金",
  "610100": "医疗救助基金",
};
