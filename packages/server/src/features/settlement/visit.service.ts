import { YibaoError, fieldError } from "@yibao/core/errors";
import { ageOn } from "@yibao/core/registry";
import {
  type FeeLine,
  type LineResult,
  ZERO_ACCUMULATORS,
  isInpatient,
  priceLine,
} from "@yibao/core/settlement";
import type { Executor } from "../../db/database.ts";
import { type Plan, runPlan } from "../../db/plan.ts";
import { DIRECT, type SettlementContext } from "./context.ts";
import { type FeeLineInput, lineRow, lineState } from "./fee-lines.ts";
import { type PersonColumns, type StoredLine, personOf } from "./settle.repository.ts";
import type { VisitSession } from "./visit.session.ts";
import {
  type CancelTarget,
  type FeeLineRow,
  type UploadTarget,
  type VisitRow,
  findVisitRow,
  insertLinesStep,
  readRegistration,
  registrationWrite,
  readUploadTarget,
  cancelLinesStep,
  readCancelTarget,
  updateVisit,
  visitUnchangedAndBump,
} from "./visit.repository.ts";
import { beijingDay, beijingYear } from "@yibao/core/time";

export type { FeeLineInput } from "./fee-lines.ts";

export interface NewVisit {
  psnNo: string;
  insutype: string;
  medType: string;
  institutionCode: string | null; // null: manual reimbursement (零星报销) of an out-of-network bill
  level?: "1" | "2" | "3"; // required when institutionCode is null
  begntime: Date;
  iptOtpNo?: string | null;
  diseCodg?: string | null;
  atddrNo?: string | null; // 主治医生: the 医保医师 code the HIS sends (atddr_no)
}

/** Who a new visit is for, as the registration found them (the one-at-a-time path fills it in when its statement lands). */
type Registration = Pick<
  VisitRow,
  "person_id" | "enrolment_id" | "insured_region" | "treatment_region" | "filing_id"
>;
const UNREGISTERED: Registration = {
  person_id: 0n,
  enrolment_id: 0n,
  insured_region: null,
  treatment_region: null,
  filing_id: null,
};

/** A new open visit's row: one shape for the one-at-a-time and the batch path. */
export function newVisitRow(id: bigint, v: NewVisit, level: VisitRow["level"], reg: Registration): VisitRow {
  return {
    id,
    mdtrt_id: `M${String(id).padStart(12, "0")}`,
    person_id: reg.person_id,
    enrolment_id: reg.enrolment_id,
    insutype: v.insutype,
    med_type: v.medType,
    institution_code: v.institutionCode,
    level,
    begntime: v.begntime,
    endtime: null,
    ipt_otp_no: v.iptOtpNo ?? null,
    dise_codg: v.diseCodg ?? null,
    atddr_no: v.atddrNo ?? null,
    status: "open",
    version: 0,
    insured_region: reg.insured_region,
    treatment_region: reg.treatment_region,
    filing_id: reg.filing_id,
  };
}

/** Plans opening a visit (挂号/入院): the person must hold a live enrolment whose benefits have started. */
export async function planRegistration(
  ex: Executor,
  ctx: SettlementContext,
  v: NewVisit,
): Promise<Plan<VisitRow>> {
  const day = beijingDay(v.begntime);
  const year = beijingYear(v.begntime);
  const level = await visitLevel(ex, ctx, v, day);
  const id = await ctx.ids.next(ex, "visits_id_seq");
  // person and enrolment come from the statement (its guard checks them); filled in when it lands
  const visit = newVisitRow(id, v, level, UNREGISTERED);
  return {
    result: visit,
    write: registrationWrite(visit, v.psnNo, year, day),
    refused: () => whyRefused(ex, v, day),
    landed: (rows, committed) => {
      const r = rows[0] as unknown as PersonColumns &
        Pick<VisitRow, "person_id" | "enrolment_id" | "insured_region" | "treatment_region" | "filing_id">;
      visit.person_id = r.person_id;
      visit.enrolment_id = r.enrolment_id;
      visit.insured_region = r.insured_region;
      visit.treatment_region = r.treatment_region;
      visit.filing_id = r.filing_id;
      if (!committed || !ctx.sessions) return;
      const { patient, read } = personOf(r);
      // The statement created the accumulator row and account if they were missing: at zero.
      ctx.sessions.open({
        visit: { ...visit },
        year,
        patient,
        read: {
          ...read,
          ytd: read.ytd ?? ZERO_ACCUMULATORS,
          balance: v.insutype === "310" ? (read.balance ?? 0n) : read.balance,
        },
        lines: [],
      });
    },
  };
}

/** The visit's level: its institution's, which must have an agreement in force on the day. */
export async function visitLevel(ex: Executor, ctx: SettlementContext, v: NewVisit, day: string) {
  let level = v.level;
  if (v.institutionCode !== null) {
    const inst = await ctx.reference.institution(ex, v.institutionCode);
    if (!inst?.active || inst.agreementFrom > day || (inst.agreementTo !== null && inst.agreementTo < day)) {
      throw new YibaoError(
        "SETL_INSTITUTION_UNKNOWN",
        `Institution ${v.institutionCode} has no agreement in force`,
        { field: "fixmedins_code" },
      );
    }
    level = inst.level;
  }
  if (!level) throw fieldError("FIELD_REQUIRED", "level");
  return level;
}

/** Why the registration guard found no insured person: the business error, or nothing (a race: try again). */
export async function whyRefused(ex: Executor, v: NewVisit, day: string) {
  const who = await readRegistration(ex, v.psnNo, v.insutype);
  if (!who) throw new YibaoError("REG_PERSON_UNKNOWN", `No person ${v.psnNo}`, { field: "psn_no" });
  if (who.status !== "active" || who.enrolment_id === null) {
    throw new YibaoError("SETL_NOT_INSURED", `Person ${v.psnNo} has no active enrolment in ${v.insutype}`, {
      field: "insutype",
    });
  }
  if (!who.benefit_start_date || who.benefit_start_date > day) {
    throw new YibaoError(
      "SETL_WAITING_PERIOD",
      `Benefits of ${v.psnNo} start ${who.benefit_start_date ?? "after payment"}`,
      { field: "psn_no", benefitStartDate: who.benefit_start_date },
    );
  }
}

export async function registerVisit(ex: Executor, v: NewVisit, ctx: SettlementContext = DIRECT) {
  return runPlan(ex, () => planRegistration(ex, ctx, v));
}

export async function findVisit(ex: Executor, mdtrtId: string, lock = false) {
  const v = await findVisitRow(ex, mdtrtId, lock);
  if (!v) throw new YibaoError("SETL_VISIT_UNKNOWN", `No visit ${mdtrtId}`, { field: "mdtrt_id" });
  return v;
}

/** Institutions see only their own patients: `caller` is the calling institution, if any. */
export function checkOwner(visit: { institution_code: string | null }, caller: string | null | undefined) {
  if (caller && visit.institution_code !== caller) {
    throw new YibaoError("SETL_NOT_OWN_PATIENT", "The visit belongs to another institution", {
      field: "mdtrt_id",
    });
  }
}

export interface UploadedLine {
  row: FeeLineRow;
  split: LineResult;
}

/**
 * Plans an upload of fee lines to an open visit; each line is classified with the catalogue
 * version in force on its fee date. The result is each line's split (NHSA 2204 result).
 */
/**
 * Every line of an upload belongs to the one visit and its patient: a line that names another
 * mdtrt_id or psn_no (a HIS mixing two patients' lines in one message) is refused, not booked
 * to the first line's visit. Lines that name neither are the visit's.
 */
function checkLinesName(lines: FeeLineInput[], mdtrtId: string, psnNo: string, path: string) {
  lines.forEach((l, i) => {
    if (l.mdtrtId !== undefined && l.mdtrtId !== mdtrtId)
      throw new YibaoError(
        "FIELD_INVALID",
        `${path}.${i}.mdtrt_id is not the visit of the upload's first line`,
        {
          field: `${path}.${i}.mdtrt_id`,
        },
      );
    if (l.psnNo !== undefined && l.psnNo !== psnNo)
      throw new YibaoError("FIELD_INVALID", `${path}.${i}.psn_no is not the visit's patient`, {
        field: `${path}.${i}.psn_no`,
      });
  });
}

export async function planFeeUpload(
  ex: Executor,
  ctx: SettlementContext,
  mdtrtId: string,
  lines: FeeLineInput[],
  caller?: string | null,
  path = "feedetail",
): Promise<Plan<UploadedLine[]>> {
  const sns = lines.flatMap((l) => (l.initFeedetlSn ? [l.feedetlSn, l.initFeedetlSn] : [l.feedetlSn]));
  const codes = lines.map((l) => l.code);
  const session = ex.isTransaction ? undefined : ctx.sessions?.get(mdtrtId);
  const target = session ? targetOf(session, sns, codes) : await readUploadTarget(ex, mdtrtId, sns, codes);
  if (!target) throw new YibaoError("SETL_VISIT_UNKNOWN", `No visit ${mdtrtId}`, { field: "mdtrt_id" });
  const { visit } = target;
  checkOwner(visit, caller);
  if (visit.status !== "open" && visit.status !== "discharged") {
    throw new YibaoError("SETL_VISIT_STATE", `Visit ${mdtrtId} is ${visit.status}`, { field: "mdtrt_id" });
  }
  checkLinesName(lines, mdtrtId, target.psnNo, path);
  const versions = await ctx.reference.catalogueVersions(
    ex,
    lines.filter((l) => !l.catalogClass && !l.initFeedetlSn).map((l) => l.code),
  );
  const state = lineState(
    path,
    target.existing,
    versions,
    {
      gender: target.gender,
      age: ageOn(target.birthDate, beijingDay(visit.begntime)),
      level: visit.level,
      setting: isInpatient(visit.med_type) ? "inpatient" : "outpatient",
    },
    visit.treatment_region,
  );
  const rows = lines.map((l, i) => lineRow(l, i, state));
  return {
    result: rows.map((row) => ({ row, split: priceLine(toEngineLine(row)) })),
    write: {
      guard: visitUnchangedAndBump(visit),
      steps: rows.length > 0 ? [insertLinesStep(rows)] : [],
    },
    landed: (_rows, committed) => {
      if (!session) return;
      if (!committed) return ctx.sessions?.drop(mdtrtId);
      session.visit.version += 1;
      session.lines.push(...rows);
    },
    refused: async () => ctx.sessions?.drop(mdtrtId),
  };
}

/**
 * The upload's view of a visit from its session: the live lines it touches, as readUploadTarget
 * selects them (same numbers, refunds of the refunded lines, same codes).
 */
function targetOf(s: VisitSession, sns: string[], codes: string[]): UploadTarget {
  const numbers = new Set(sns);
  const sameCode = new Set(codes);
  return {
    visit: s.visit,
    psnNo: s.patient.psnNo,
    gender: s.patient.gender,
    birthDate: s.patient.birthDate,
    existing: s.lines.filter(
      (l) =>
        numbers.has(l.feedetl_sn) ||
        (l.init_feedetl_sn !== null && numbers.has(l.init_feedetl_sn)) ||
        sameCode.has(l.code),
    ),
  };
}

/** Uploads fee lines to an open visit; returns each line's split (NHSA 2204 result). */
export async function uploadFeeLines(
  ex: Executor,
  mdtrtId: string,
  lines: FeeLineInput[],
  ctx: SettlementContext = DIRECT,
  path = "feedetail",
) {
  return runPlan(ex, () => planFeeUpload(ex, ctx, mdtrtId, lines, null, path));
}

export function toEngineLine(r: StoredLine): FeeLine {
  return {
    code: r.code,
    catalogClass: r.class,
    price: r.price,
    quantity: r.quantity,
    priceCap: r.price_cap,
    selfPayFirstRatio: r.self_pay_ratio === null ? null : BigInt(r.self_pay_ratio),
  };
}

/** The visit a cancellation of fee lines (2205/2302) is planned from, with its live lines. */
export async function cancelTarget(ex: Executor, mdtrtId: string): Promise<CancelTarget> {
  const t = await readCancelTarget(ex, mdtrtId);
  if (!t) throw new YibaoError("SETL_VISIT_UNKNOWN", `No visit ${mdtrtId}`, { field: "mdtrt_id" });
  return t;
}

/**
 * How many live lines a cancellation takes: all of them when none is listed, else the listed
 * ones and the live lines refunding a listed live one.
 */
export function linesCancelled(live: CancelTarget["live"], feedetlSns: string[]): number {
  if (feedetlSns.length === 0) return live.length;
  const listed = new Set(feedetlSns);
  const gone = new Set(live.filter(([sn]) => listed.has(sn)).map(([sn]) => sn));
  return live.filter(([sn, init]) => gone.has(sn) || (init !== null && gone.has(init))).length;
}

/**
 * Plans the cancellation of uploaded lines (2205/2302): all of the visit's, or the listed ones,
 * with the refunds made of them: a refund lives only as long as the line it refunds (so a number
 * reused after a cancellation never inherits the old line's refunds). One guarded statement: the
 * visit unchanged since `target` was read (every change of its lines bumps its version), so the
 * count answered is the count cancelled.
 */
export function planLineCancel(target: CancelTarget, feedetlSns: string[] = []): Plan<number> {
  const { visit } = target;
  if (visit.status === "settled" || visit.status === "cancelled") {
    throw new YibaoError("SETL_VISIT_STATE", `Visit ${visit.mdtrt_id} is ${visit.status}`, {
      field: "mdtrt_id",
    });
  }
  return {
    result: linesCancelled(target.live, feedetlSns),
    write: { guard: visitUnchangedAndBump(visit), steps: [cancelLinesStep(feedetlSns)] },
  };
}

/** Cancels uploaded lines, as planLineCancel plans it; answers how many were cancelled. */
export async function cancelFeeLines(ex: Executor, mdtrtId: string, feedetlSns?: string[]) {
  return runPlan(ex, async () => planLineCancel(await cancelTarget(ex, mdtrtId), feedetlSns));
}

/** Every change of a visit bumps its version, so a settlement computed before it will not store. */
export async function bumpVisit(
  ex: Executor,
  id: bigint,
  set: Partial<Pick<VisitRow, "status" | "endtime" | "dise_codg" | "med_type">>,
) {
  await updateVisit(ex, id, set);
}

/** Discharge (出院, 2402): records the end time and the discharge diagnosis. */
export async function dischargeVisit(ex: Executor, mdtrtId: string, endtime: Date, diseCodg: string | null) {
  const visit = await findVisit(ex, mdtrtId, true);
  if (visit.status !== "open")
    throw new YibaoError("SETL_VISIT_STATE", `Visit ${mdtrtId} is ${visit.status}`, { field: "mdtrt_id" });
  await bumpVisit(ex, visit.id, { status: "discharged", endtime, dise_codg: diseCodg ?? visit.dise_codg });
}

/** Cancels a visit with no settlement (2202 / 2404); cancelling a discharge (2405) reopens it. */
export async function cancelVisit(ex: Executor, mdtrtId: string) {
  const visit = await findVisit(ex, mdtrtId, true);
  if (visit.status === "settled")
    throw new YibaoError("SETL_VISIT_STATE", `Visit ${mdtrtId} is settled; reverse it first`, {
      field: "mdtrt_id",
    });
  await bumpVisit(ex, visit.id, { status: "cancelled" });
}

export async function undoDischarge(ex: Executor, mdtrtId: string) {
  const visit = await findVisit(ex, mdtrtId, true);
  if (visit.status !== "discharged")
    throw new YibaoError("SETL_VISIT_STATE", `Visit ${mdtrtId} is ${visit.status}`, { field: "mdtrt_id" });
  await bumpVisit(ex, visit.id, { status: "open", endtime: null });
}
