import { YibaoError } from "@yibao/core/errors";
import { fenToYuan } from "@yibao/core/money";
import { isOutOfRegion, unfiledPolicy } from "@yibao/core/regions";
import { ageOn } from "@yibao/core/registry";
import {
  BILL_PARTS,
  type BillPart,
  FUND_NAMES,
  type PersonState,
  type Policy,
  SETLINFO_AMOUNT_FIELDS,
  type SettlementAmounts,
  type SettlementResult,
  ZERO_ACCUMULATORS,
  clearingType,
  formatSetldetail,
  formatSetlinfo,
  reverseResult,
  settleClaim,
} from "@yibao/core/settlement";
import type { Executor } from "../../db/database.ts";
import { type Plan, runPlan } from "../../db/plan.ts";
import type { Bound, GuardedWrite } from "../../db/statement.ts";
import type { ReferenceData } from "../catalogue/reference.ts";
import { DIRECT, type SettlementContext } from "./context.ts";
import {
  type Patient,
  type SettlementSource,
  ensurePersonRows,
  readReversalSource,
  readSettlementSource,
  settlementWrite,
} from "./settle.repository.ts";
import type { VisitRow } from "./visit.repository.ts";
import { beijingDay, displayTime } from "@yibao/core/time";
import { checkOwner, toEngineLine } from "./visit.service.ts";
import { auditAtSettlement } from "../supervision/settle-audit.service.ts";

/** A settlement (or pre-settlement, or reversal) as the services answer it. */
export interface Settled {
  visit: VisitRow;
  patient: Patient;
  result: SettlementResult;
  setlId: string | null; // null: pre-settlement
  setlTime: Date;
  /** the audit during settlement's warnings (warn_msg; features/supervision/settle-audit.service.ts) */
  warnings?: string[];
}

/** The split of the bill a HIS may send with 2207 (from its 2206 quote); each must match ours. */
export type SentSplit = Partial<Record<BillPart, bigint>>;

export interface SettleInput {
  mdtrtId: string;
  acctUsed: boolean;
  msgid: string | null;
  medfeeSumamt?: bigint; // what the hospital's HIS computed; must match the uploaded lines
  sentSplit?: SentSplit; // likewise, each part it sent
  institutionCode?: string | null; // the caller, when a hospital: only its own visits
  now: Date;
}

export const setlIdOf = (id: bigint) => `S${String(id).padStart(12, "0")}`;
const hasAccount = (insutype: string) => insutype === "310";

/**
 * What a settlement of the visit is computed from: the process's session of the visit if it has
 * one (its write's guard checks it is current), else the database (creating the person's
 * accumulator/account rows first if missing).
 */
async function source(
  ex: Executor,
  ctx: SettlementContext,
  input: Omit<SettleInput, "msgid">,
): Promise<SettlementSource> {
  const session = ex.isTransaction ? undefined : ctx.sessions?.get(input.mdtrtId);
  if (session) {
    checkOwner(session.visit, input.institutionCode);
    return session;
  }
  for (;;) {
    const s = await readSettlementSource(ex, input.mdtrtId);
    if (!s) throw new YibaoError("SETL_VISIT_UNKNOWN", `No visit ${input.mdtrtId}`, { field: "mdtrt_id" });
    checkOwner(s.visit, input.institutionCode);
    const needsAccount = hasAccount(s.visit.insutype) && s.read.balance === null;
    if (s.read.ytd && !needsAccount) return s;
    await ensurePersonRows(ex, s.visit.person_id, s.year, needsAccount);
  }
}

/**
 * The insured region's policy (the enrolment's region, or the region above it): it pays wherever
 * the patient was treated. An out-of-region patient without a filing in force when the visit
 * opened is paid as the policy's `outOfRegion` rule says, or refused (docs/regions.md).
 */
async function policyOf(ex: Executor, ref: ReferenceData, s: SettlementSource): Promise<Policy> {
  const policy = await ref.policy(ex, s.patient.regionCode, s.visit.insutype, s.visit.med_type, s.year);
  if (!policy)
    throw new YibaoError(
      "SETL_POLICY_MISSING",
      `No benefit policy for ${s.patient.regionCode} insutype ${s.visit.insutype} med_type ${s.visit.med_type} ${s.year}`,
      { field: "med_type" },
    );
  if (!isOutOfRegion(s.visit.insured_region, s.visit.treatment_region) || s.visit.filing_id !== null)
    return policy;
  const unfiled = unfiledPolicy(policy);
  if (!unfiled)
    throw new YibaoError(
      "SETL_UNFILED_REFUSED",
      `The patient, insured in ${s.visit.insured_region}, has no filing for ${s.visit.treatment_region}`,
      { field: "insuplc_admdvs", insuredRegion: s.visit.insured_region },
    );
  return unfiled;
}

/** The settlement of a visit from what it is computed from (also the batch path's, batch.service.ts). */
export async function compute(
  ex: Executor,
  ref: ReferenceData,
  s: SettlementSource,
  input: Omit<SettleInput, "msgid">,
) {
  const policy = await policyOf(ex, ref, s);
  if (s.lines.length === 0)
    throw new YibaoError("SETL_NO_FEE_LINES", `Visit ${s.visit.mdtrt_id} has no fee lines`, {
      field: "mdtrt_id",
    });
  const person: PersonState = {
    psnType: s.patient.psnType,
    insutype: s.visit.insutype,
    assistanceCategory: s.read.assistance,
    balance: hasAccount(s.visit.insutype) ? (s.read.balance ?? 0n) : 0n,
    ytd: s.read.ytd ?? ZERO_ACCUMULATORS,
  };
  const result = settleClaim(policy, person, {
    level: s.visit.level,
    acctUsed: input.acctUsed,
    lines: s.lines.map(toEngineLine),
  });
  // Refunds never exceed what they refund, so a total below zero cannot arise; a zero bill (all
  // refunded, or free items only) has nothing to settle either.
  if (result.amounts.medfee <= 0n)
    throw new YibaoError(
      "SETL_BILL_NOT_POSITIVE",
      `The bill of visit ${s.visit.mdtrt_id} totals ${fenToYuan(result.amounts.medfee)}`,
      { field: "mdtrt_id" },
    );
  checkSent(result.amounts, input);
  return result;
}

/**
 * Pre-settlement (预结算, 2206/2303): the same numbers as a settlement; writes nothing. Always
 * computed from the person's accumulators and account as they are now (one read): a visit's
 * session keeps them as of registration, and another visit of the person may have settled since.
 * The fresh state then serves the session, so the 2207 that follows needs no read either.
 */
export async function preSettle(
  ex: Executor,
  input: Omit<SettleInput, "msgid">,
  ctx: SettlementContext = DIRECT,
): Promise<Settled> {
  const s = await readSettlementSource(ex, input.mdtrtId);
  if (!s) throw new YibaoError("SETL_VISIT_UNKNOWN", `No visit ${input.mdtrtId}`, { field: "mdtrt_id" });
  checkOwner(s.visit, input.institutionCode);
  const session = ex.isTransaction ? undefined : ctx.sessions?.get(input.mdtrtId);
  // Same version: the session's lines are these lines; the state read is newer than the session's.
  const sameShape = s.read.ytd !== null && (s.read.balance === null) === (session?.read.balance === null);
  if (session && session.visit.version === s.visit.version && sameShape) session.read = s.read;
  const result = await compute(ex, ctx.reference, s, input);
  const audit = await auditAtSettlement(ex, ctx.reference, s, { settle: false, msgid: null });
  return {
    visit: s.visit,
    patient: s.patient,
    result,
    setlId: null,
    setlTime: input.now,
    warnings: audit.warnings,
  };
}

/** What the HIS computed must be what the lines give, to the fen (it bills the patient by it). */
function checkSent(a: SettlementAmounts, input: Omit<SettleInput, "msgid">) {
  const medfee = input.medfeeSumamt;
  if (medfee !== undefined && medfee !== a.medfee) {
    throw new YibaoError(
      "SETL_MEDFEE_MISMATCH",
      `medfee_sumamt ${fenToYuan(medfee)} differs from the lines' ${fenToYuan(a.medfee)}`,
      { field: "medfee_sumamt", expected: fenToYuan(a.medfee) },
    );
  }
  for (const key of BILL_PARTS) {
    const field = SETLINFO_AMOUNT_FIELDS[key];
    const sent = input.sentSplit?.[key];
    if (sent !== undefined && sent !== a[key])
      throw new YibaoError(
        "SETL_SPLIT_MISMATCH",
        `${field} ${fenToYuan(sent)} differs from the lines' ${fenToYuan(a[key])}`,
        { field, expected: fenToYuan(a[key]) },
      );
  }
}

/**
 * Plans a settlement (结算, 2207/2304): computes from the visit's lines and the person's
 * accumulators and account as read; the write stores the settlement and moves accumulators,
 * account and fund ledger together, only if nothing changed since the read.
 */
export async function planSettlement(
  ex: Executor,
  ctx: SettlementContext,
  input: SettleInput,
): Promise<Plan<Settled>> {
  const s = await source(ex, ctx, input);
  if (s.visit.status === "settled" || s.visit.status === "cancelled") {
    throw new YibaoError("SETL_VISIT_STATE", `Visit ${input.mdtrtId} is ${s.visit.status}`, {
      field: "mdtrt_id",
    });
  }
  const result = await compute(ex, ctx.reference, s, input);
  const audit = await auditAtSettlement(ex, ctx.reference, s, { settle: true, msgid: input.msgid });
  const id = await ctx.ids.next(ex, "settlements_id_seq");
  const setlId = setlIdOf(id);
  // The visit is settled: its session has served its purpose (a reversal reads the database).
  const done = () => ctx.sessions?.drop(input.mdtrtId);
  return {
    result: {
      visit: s.visit,
      patient: s.patient,
      result,
      setlId,
      setlTime: input.now,
      warnings: audit.warnings,
    },
    landed: done,
    refused: async () => done(),
    write: withStep(
      audit.step,
      settlementWrite({
        id,
        setlId,
        kind: "settle",
        reversesId: null,
        msgid: input.msgid,
        visit: s.visit,
        visitStatusAfter: "settled",
        year: s.year,
        read: { ytd: s.read.ytd!, balance: s.read.balance },
        result,
        setlTime: input.now,
      }),
    ),
  };
}

/** The settlement's write with one more step (the findings of the audit during settlement). */
function withStep(step: Bound | null, w: GuardedWrite): GuardedWrite {
  return step ? { ...w, steps: [...w.steps, step] } : w;
}

export async function settleVisit(ex: Executor, input: SettleInput, ctx: SettlementContext = DIRECT) {
  return runPlan(ex, () => planSettlement(ex, ctx, input));
}

export interface ReverseInput {
  setlId: string;
  msgid: string | null;
  institutionCode?: string | null;
  now: Date;
}

/** Plans a reversal (冲正, 2208/2305): a new settlement with every amount negated; accumulators restored. */
export async function planReversal(
  ex: Executor,
  ctx: SettlementContext,
  input: ReverseInput,
): Promise<Plan<Settled>> {
  const s = await readReversalSource(ex, input.setlId);
  if (!s) throw new YibaoError("SETL_UNKNOWN", `No settlement ${input.setlId}`, { field: "setl_id" });
  checkOwner(s.visit, input.institutionCode);
  if (s.reversedBy)
    throw new YibaoError(
      "SETL_ALREADY_REVERSED",
      `Settlement ${input.setlId} was reversed by ${s.reversedBy}`,
      { field: "setl_id" },
    );
  if (!s.read.ytd) throw new Error(`accumulators of settlement ${input.setlId} are missing`);
  const balance = hasAccount(s.visit.insutype) ? (s.read.balance ?? 0n) : 0n;
  const result = reverseResult(s.original.result, balance);
  const id = await ctx.ids.next(ex, "settlements_id_seq");
  const setlId = setlIdOf(id);
  return {
    result: { visit: s.visit, patient: s.patient, result, setlId, setlTime: input.now },
    write: settlementWrite({
      id,
      setlId,
      kind: "reverse",
      reversesId: s.original.id,
      msgid: input.msgid,
      visit: s.visit,
      visitStatusAfter: s.visit.endtime ? "discharged" : "open",
      year: s.original.year,
      read: { ytd: s.read.ytd, balance: s.read.balance },
      result,
      setlTime: input.now,
    }),
  };
}

export async function reverseSettlement(ex: Executor, input: ReverseInput, ctx: SettlementContext = DIRECT) {
  return runPlan(ex, () => planReversal(ex, ctx, input));
}

/** The NHSA setlinfo + setldetail of a settlement (amounts as 2-decimal strings). */
export function settlementOutput(s: Settled, msgid: string | null) {
  const { visit, patient: p } = s;
  return {
    setlinfo: {
      mdtrt_id: visit.mdtrt_id,
      setl_id: s.setlId,
      psn_no: p.psnNo,
      psn_name: p.name,
      certno: p.certno,
      gend: p.gender,
      age: String(ageOn(p.birthDate, beijingDay(s.setlTime))),
      insutype: visit.insutype,
      psn_type: p.psnType,
      med_type: visit.med_type,
      setl_time: displayTime(s.setlTime),
      ...formatSetlinfo(s.result.amounts),
      cvlserv_pay: "0.00",
      hifes_pay: "0.00",
      oth_pay: "0.00",
      hosp_part_amt: "0.00",
      acct_mulaid_pay: "0.00",
      medins_setl_id: msgid,
      // 清算经办机构: the insured region's agency, whose funds paid (out of region: not the treatment
      // region's, docs/regions.md); none for a manual reimbursement, paid to the person directly.
      clr_optins: visit.institution_code ? (visit.insured_region ?? p.regionCode) : null,
      clr_way: "01",
      clr_type: clearingType(visit.med_type),
    },
    setldetail: formatSetldetail(s.result.funds).map((d) => ({
      ...d,
      fund_pay_type_name: FUND_NAMES[d.fund_pay_type] ?? d.fund_pay_type,
    })),
  };
}
