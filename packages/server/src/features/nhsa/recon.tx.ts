import { fieldError } from "@yibao/core/errors";
import { COUNT, fenToYuan } from "@yibao/core/money";
import { displayTime, parseBeijingDate, parseBeijingTime } from "@yibao/core/time";
import {
  type DetailEntry,
  type DetailOutcome,
  amountFen,
  isConsistent,
  reconcileDetail,
  scaledValue,
} from "@yibao/core/nhsa";
import { CLEARING_TYPES, type ClearingType } from "@yibao/core/settlement";
import type { Executor } from "../../db/database.ts";
import { type Handler, MAX_LIST, type NhsaCall, list, obj, text } from "./context.ts";
import { ownFile } from "./files.tx.ts";
import { detailLines, detailText } from "./upload-file.ts";
import type { ReconTotalsJson } from "./nhsa.table.ts";
import { type Period, insertReconciliation, ourSettlements, ourTotals } from "./recon.repository.ts";

/** The period of a 3201/3202 message: stmt_begndate to stmt_enddate (days, Beijing time). */
function periodOf(d: Record<string, unknown>) {
  const begin = text(d, "stmt_begndate", "input.data");
  const end = text(d, "stmt_enddate", "input.data");
  const from = parseBeijingDate(begin, "input.data.stmt_begndate");
  const to = parseBeijingDate(end, "input.data.stmt_enddate");
  const beginDay = begin.slice(0, 10);
  const endDay = end.slice(0, 10);
  if (to < from)
    throw fieldError("FIELD_INVALID", "input.data.stmt_enddate", "stmt_enddate is before stmt_begndate");
  const period: Period = { from, until: new Date(to.getTime() + 86400_000) };
  return { beginDay, endDay, period };
}

const clearingTypeOf = (d: Record<string, unknown>, required: boolean): ClearingType | undefined => {
  const clrType = text(d, "clr_type", "input.data", required);
  if (!clrType) return undefined;
  if (!CLEARING_TYPES.includes(clrType as ClearingType))
    throw fieldError("FIELD_INVALID", "input.data.clr_type", "clr_type must be 11, 21 or 41");
  return clrType as ClearingType;
};

const totalsJson = (t: { count: number; medfee: bigint; fund: bigint; acct: bigint }): ReconTotalsJson => ({
  count: t.count,
  medfee: String(t.medfee),
  fund: String(t.fund),
  acct: String(t.acct),
});

/**
 * 3201 daily totals reconciliation (对总账): the hospital's totals for a period against ours, by
 * insutype and clearing type (11 outpatient, 21 inpatient, 41 pharmacy: clearingType decides, as
 * it does for each settlement's clr_type). Reversals count negatively. The hospital's amounts are
 * parsed as strictly as a bill's (core/nhsa/amounts.ts). What it found is kept for the agency's
 * reconciliation reports (nhsa_reconciliations).
 */
export const reconcileTotals: Handler = async (ex, call) => {
  const d = obj(call.req.input.data, "data");
  const insutype = text(d, "insutype", "input.data");
  const clrType = clearingTypeOf(d, true)!;
  const { beginDay, endDay, period } = periodOf(d);
  const theirs = {
    medfee: amountFen(d.medfee_sumamt, "input.data.medfee_sumamt"),
    fund: amountFen(d.fund_pay_sumamt, "input.data.fund_pay_sumamt"),
    acct: amountFen(d.acct_pay ?? "0", "input.data.acct_pay"),
    cnt: scaledValue(d.fixmedins_setl_cnt, "input.data.fixmedins_setl_cnt", COUNT),
  };
  const ours = await ourTotals(ex, call.fixmedins, insutype, clrType, period);
  const diffs: string[] = [];
  const fields: string[] = [];
  const differ = (field: string, ourValue: string) => {
    fields.push(field);
    diffs.push(`${field} ours ${ourValue}`);
  };
  if (theirs.medfee !== ours.medfee) differ("medfee_sumamt", fenToYuan(ours.medfee));
  if (theirs.fund !== ours.fund) differ("fund_pay_sumamt", fenToYuan(ours.fund));
  if (theirs.acct !== ours.acct) differ("acct_pay", fenToYuan(ours.acct));
  if (theirs.cnt !== ours.cnt) differ("fixmedins_setl_cnt", String(ours.cnt));
  await insertReconciliation(ex, {
    fixmedins_code: call.fixmedins,
    infno: "3201",
    msgid: call.req.msgid,
    begin_date: beginDay,
    end_date: endDay,
    insutype,
    clr_type: clrType,
    consistent: diffs.length === 0,
    ours: totalsJson({ ...ours, count: Number(ours.cnt) }),
    theirs: totalsJson({ ...theirs, count: Number(theirs.cnt) }),
    differences: fields,
    created_at: call.now,
  });
  return {
    stmtinfo: {
      setl_optins: text(d, "setl_optins", "input.data", false) || null,
      stmt_rslt: diffs.length === 0 ? "0" : "1",
      stmt_rslt_dscr: diffs.length === 0 ? "对账一致" : `对账不一致: ${diffs.join("; ")}`,
    },
  };
};

/** The longest period one 3202 reconciles (days). */
export const DETAIL_MAX_DAYS = 31;

const OUTCOME_DSCR: Record<DetailOutcome, string> = {
  match: "一致",
  missing_ours: "医保无此结算",
  missing_theirs: "机构无此结算",
  differs: "信息不一致",
};

/**
 * 3202 detail reconciliation (对明细账): the hospital's settlements of a period, sent inline as
 * `input.detail` (setl_id, mdtrt_id, psn_no, medfee_sumamt, fund_pay_sumamt, acct_pay,
 * refd_setl_flag: the columns of the national detail file), against ours, matched by setl_id
 * (core/nhsa/reconcile.ts); or, the national way, in the file it uploaded with 9101, named by
 * `file_qury_no` (theirDetail). Only the institution's own settlements are read: another's setl_id is "missing on our
 * side". What it found is kept for the agency's reconciliation reports.
 */
export const reconcileDetailTx: Handler = async (ex, call) => {
  const d = obj(call.req.input.data, "data");
  const { beginDay, endDay, period } = periodOf(d);
  if (period.until.getTime() - period.from.getTime() > DETAIL_MAX_DAYS * 86400_000)
    throw fieldError(
      "FIELD_INVALID",
      "input.data.stmt_enddate",
      `one 3202 reconciles at most ${DETAIL_MAX_DAYS} days`,
    );
  const insutype = text(d, "insutype", "input.data", false) || undefined;
  const clrType = clearingTypeOf(d, false);
  const theirs = await theirDetail(ex, call, d);
  const ours = await ourSettlements(ex, call.fixmedins, period, { insutype, clrType });
  const r = reconcileDetail(ours, theirs);
  const consistent = isConsistent(r);
  await insertReconciliation(ex, {
    fixmedins_code: call.fixmedins,
    infno: "3202",
    msgid: call.req.msgid,
    begin_date: beginDay,
    end_date: endDay,
    insutype: insutype ?? null,
    clr_type: clrType ?? null,
    consistent,
    ours: totalsJson(r.ours),
    theirs: totalsJson(r.theirs),
    differences: r.lines
      .filter((l) => l.outcome !== "match")
      .map((l) => ({ setl_id: l.setl_id, outcome: l.outcome, fields: l.fields })),
    created_at: call.now,
  });
  const entryOut = (e: DetailEntry | null) =>
    e && {
      mdtrt_id: e.mdtrt_id,
      psn_no: e.psn_no,
      medfee_sumamt: fenToYuan(e.medfee),
      fund_pay_sumamt: fenToYuan(e.fund),
      acct_pay: fenToYuan(e.acct),
      refd_setl_flag: e.refd_setl_flag,
    };
  const totalsOut = (t: typeof r.ours) => ({
    fixmedins_setl_cnt: t.count,
    medfee_sumamt: fenToYuan(t.medfee),
    fund_pay_sumamt: fenToYuan(t.fund),
    acct_pay: fenToYuan(t.acct),
  });
  const c = r.counts;
  return {
    stmtinfo: {
      setl_optins: text(d, "setl_optins", "input.data", false) || null,
      stmt_begndate: beginDay,
      stmt_enddate: endDay,
      stmt_rslt: consistent ? "0" : "1",
      stmt_rslt_dscr: consistent
        ? "对账一致"
        : `对账不一致: 医保无此结算 ${c.missing_ours}, 机构无此结算 ${c.missing_theirs}, 信息不一致 ${c.differs}`,
      match_cnt: c.match,
      missing_ours_cnt: c.missing_ours,
      missing_theirs_cnt: c.missing_theirs,
      differs_cnt: c.differs,
    },
    stmttotal: { ours: totalsOut(r.ours), theirs: totalsOut(r.theirs) },
    stmtdetail: r.lines.map((l) => ({
      setl_id: l.setl_id,
      stmt_rslt: l.outcome === "match" ? "0" : "1",
      dif_type: l.outcome,
      dif_type_dscr: OUTCOME_DSCR[l.outcome],
      dif_fields: l.fields,
      ours: entryOut(l.ours),
      theirs: entryOut(l.theirs),
    })),
  };
};

/**
 * The hospital's side of a 3202: `input.detail` when sent, else the lines of the file it
 * uploaded with 9101, named by `data.file_qury_no` (the national way). Each entry is checked as
 * strictly as a bill's amounts, naming the entry (input.detail.N) or the file's line.
 */
async function theirDetail(ex: Executor, call: NhsaCall, d: Record<string, unknown>): Promise<DetailEntry[]> {
  const fileNo = text(d, "file_qury_no", "input.data", false);
  let entries: { e: Record<string, unknown>; at: string }[];
  if (call.req.input.detail !== undefined || !fileNo) {
    entries = list(call.req.input.detail, "detail").map((e, i) => ({ e, at: `input.detail.${i}` }));
  } else {
    const field = "input.data.file_qury_no";
    const file = await ownFile(ex, call.fixmedins, fileNo, call.now, field);
    const lines = detailLines(detailText(file.content, field), field);
    if (lines.length > MAX_LIST)
      throw fieldError("FIELD_INVALID", field, `The detail file has more than ${MAX_LIST} lines`);
    entries = lines.map((l) => ({ e: l.entry, at: `${field}.line ${l.line}` }));
  }
  const seen = new Set<string>();
  return entries.map(({ e, at }) => {
    const setlId = text(e, "setl_id", at);
    if (seen.has(setlId)) throw fieldError("FIELD_INVALID", `${at}.setl_id`, "setl_id listed twice");
    seen.add(setlId);
    const flag = text(e, "refd_setl_flag", at, false) || "0";
    if (flag !== "0" && flag !== "1")
      throw fieldError("FIELD_INVALID", `${at}.refd_setl_flag`, "refd_setl_flag must be 0 or 1");
    return {
      setl_id: setlId,
      mdtrt_id: text(e, "mdtrt_id", at),
      psn_no: text(e, "psn_no", at),
      medfee: amountFen(e.medfee_sumamt, `${at}.medfee_sumamt`),
      fund: amountFen(e.fund_pay_sumamt, `${at}.fund_pay_sumamt`),
      acct: amountFen(e.acct_pay ?? "0", `${at}.acct_pay`),
      refd_setl_flag: flag,
    };
  });
}

/** 5201 visit query: this institution's visits of a person in a period. */
export const visitQuery: Handler = async (ex, call) => {
  const d = obj(call.req.input.data, "data");
  const psnNo = text(d, "psn_no", "input.data");
  let q = ex
    .selectFrom("visits as v")
    .innerJoin("persons as p", "p.id", "v.person_id")
    .select([
      "v.mdtrt_id",
      "v.med_type",
      "v.begntime",
      "v.endtime",
      "v.insutype",
      "v.dise_codg",
      "v.status",
      "p.psn_no",
    ])
    .where("p.psn_no", "=", psnNo)
    .where("v.institution_code", "=", call.fixmedins)
    .orderBy("v.begntime");
  if (d.begntime) q = q.where("v.begntime", ">=", parseBeijingTime(d.begntime, "input.data.begntime"));
  if (d.endtime) q = q.where("v.begntime", "<=", parseBeijingTime(d.endtime, "input.data.endtime"));
  const medType = text(d, "med_type", "input.data", false);
  const mdtrtId = text(d, "mdtrt_id", "input.data", false);
  if (medType) q = q.where("v.med_type", "=", medType);
  if (mdtrtId) q = q.where("v.mdtrt_id", "=", mdtrtId);
  const rows = await q.execute();
  return {
    mdtrtinfo: rows.map((r) => ({
      mdtrt_id: r.mdtrt_id,
      psn_no: r.psn_no,
      med_type: r.med_type,
      insutype: r.insutype,
      begntime: displayTime(r.begntime),
      endtime: r.endtime ? displayTime(r.endtime) : null,
      dise_codg: r.dise_codg,
      mdtrt_stas: r.status,
    })),
  };
};
