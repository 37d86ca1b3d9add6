import { YibaoError } from "@yibao/core/errors";
import { PRICE, QUANTITY, fenToYuan, formatRatio, formatScaled } from "@yibao/core/money";
import { decimalText, optionalAmountFen } from "@yibao/core/nhsa";
import { parseBeijingTime } from "@yibao/core/time";
import { mapPlan } from "../../db/plan.ts";
import {
  bumpVisit,
  cancelTarget,
  cancelVisit,
  checkOwner,
  dischargeVisit,
  planFeeUpload,
  planLineCancel,
  planRegistration,
  undoDischarge,
} from "../settlement/visit.service.ts";
import { type Handler, type PlanHandler, list, obj, ownVisit, text } from "./context.ts";

/** 2201 outpatient registration (挂号). med_type comes with 2203; until then general outpatient 11. */
export const registerOutpatient: PlanHandler = async (ex, call) => {
  const d = obj(call.req.input.data, "data");
  const plan = await planRegistration(ex, call.deps.settlement, {
    psnNo: text(d, "psn_no", "input.data"),
    insutype: text(d, "insutype", "input.data"),
    medType: text(d, "med_type", "input.data", false) || "11",
    institutionCode: call.fixmedins,
    begntime: parseBeijingTime(d.begntime, "input.data.begntime"),
    iptOtpNo: text(d, "ipt_otp_no", "input.data", false) || null,
    atddrNo: text(d, "atddr_no", "input.data", false) || null,
  });
  return mapPlan(plan, (v) => ({
    data: { mdtrt_id: v.mdtrt_id, psn_no: text(d, "psn_no", "input.data"), ipt_otp_no: v.ipt_otp_no },
  }));
};

/** 2401 admission (入院办理). */
export const admit: PlanHandler = async (ex, call) => {
  const m = obj(call.req.input.mdtrtinfo, "mdtrtinfo");
  const plan = await planRegistration(ex, call.deps.settlement, {
    psnNo: text(m, "psn_no", "input.mdtrtinfo"),
    insutype: text(m, "insutype", "input.mdtrtinfo"),
    medType: text(m, "med_type", "input.mdtrtinfo", false) || "21",
    institutionCode: call.fixmedins,
    begntime: parseBeijingTime(m.begntime, "input.mdtrtinfo.begntime"),
    iptOtpNo: text(m, "ipt_no", "input.mdtrtinfo", false) || null,
    diseCodg: text(m, "dscg_maindiag_code", "input.mdtrtinfo", false) || null,
    atddrNo: text(m, "atddr_no", "input.mdtrtinfo", false) || null,
  });
  return mapPlan(plan, (v) => ({ result: { mdtrt_id: v.mdtrt_id } }));
};

/** 2203 outpatient visit information: medical type and diagnosis. */
export const visitInfo: Handler = async (ex, call) => {
  const m = obj(call.req.input.mdtrtinfo, "mdtrtinfo");
  const v = await ownVisit(ex, call, text(m, "mdtrt_id", "input.mdtrtinfo"), true);
  await bumpVisit(ex, v.id, {
    med_type: text(m, "med_type", "input.mdtrtinfo", false) || v.med_type,
    dise_codg: text(m, "dise_codg", "input.mdtrtinfo", false) || v.dise_codg,
  });
  return {};
};

/** 2202 / 2404 cancel a registration or admission without settlement. */
export const cancelRegistration: Handler = async (ex, call) => {
  const d = obj(call.req.input.data, "data");
  const v = await ownVisit(ex, call, text(d, "mdtrt_id", "input.data"));
  await cancelVisit(ex, v.mdtrt_id);
  return {};
};

/**
 * 2204 / 2301 fee lines upload: each line comes back split per the catalogue of its fee date.
 * det_item_fee_sumamt, when sent, must be round(pric x cnt) to the fen.
 */
export const uploadFees: PlanHandler = async (ex, call) => {
  const lines = list(call.req.input.feedetail, "feedetail");
  const mdtrtId = text(lines[0] ?? {}, "mdtrt_id", "input.feedetail.0");
  const plan = await planFeeUpload(
    ex,
    call.deps.settlement,
    mdtrtId,
    lines.map((l, i) => {
      const p = `input.feedetail.${i}`;
      return {
        feedetlSn: text(l, "feedetl_sn", p),
        mdtrtId: text(l, "mdtrt_id", p, false) || undefined,
        psnNo: text(l, "psn_no", p, false) || undefined,
        code: text(l, "med_list_codg", p),
        name: text(l, "medins_list_name", p, false) || undefined,
        pric: decimalText(l.pric, `${p}.pric`, PRICE),
        cnt: decimalText(l.cnt, `${p}.cnt`, QUANTITY),
        sentAmount: optionalAmountFen(l.det_item_fee_sumamt, `${p}.det_item_fee_sumamt`),
        feeTime: parseBeijingTime(l.fee_ocur_time, `${p}.fee_ocur_time`),
        initFeedetlSn: text(l, "init_feedetl_sn", p, false) || null,
      };
    }),
    call.fixmedins,
  );
  return mapPlan(plan, (res) => ({
    result: res.map(({ row, split }) => ({
      feedetl_sn: row.feedetl_sn,
      det_item_fee_sumamt: fenToYuan(split.amount),
      cnt: formatScaled(row.quantity, 4),
      pric: formatScaled(row.price, 6),
      pric_uplmt_amt: row.price_cap === null ? null : formatScaled(row.price_cap, 6),
      selfpay_prop:
        row.self_pay_ratio === null
          ? row.class === "C"
            ? "1.0000"
            : "0.0000"
          : formatRatio(BigInt(row.self_pay_ratio)),
      fulamt_ownpay_amt: fenToYuan(split.fullOwnPay),
      overlmt_amt: fenToYuan(split.overLimit),
      preselfpay_amt: fenToYuan(split.preSelfPay),
      inscp_scp_amt: fenToYuan(split.inScope),
      chrgitm_lv: { A: "01", B: "02", C: "03" }[row.class],
      med_chrgitm_type: row.chrgitm_type,
      lmt_used_flag: row.restricted_reason ? "1" : "0",
      memo: row.restricted_reason,
    })),
  }));
};

/**
 * 2205 / 2302 cancel fee lines (all of the visit's, or the listed feedetl_sn): one read and one
 * guarded statement, which also stores the answer under the msgid (idempotency.ts oncePlanned).
 * Checked in the order a refusal names: the visit, that it is the sender's, the listed numbers,
 * then its state.
 */
export const cancelFees: PlanHandler = async (ex, call) => {
  const input = call.req.input;
  const rows = Array.isArray(input.data) ? list(input.data, "data") : [obj(input.data, "data")];
  if (rows.length === 0)
    throw new YibaoError("FIELD_REQUIRED", "input.data is empty", { field: "input.data" });
  const mdtrtId = text(rows[0]!, "mdtrt_id", "input.data");
  const target = await cancelTarget(ex, mdtrtId);
  checkOwner(target.visit, call.fixmedins);
  call.deps.settlement.sessions?.drop(mdtrtId);
  const sns = rows.map((r) => text(r, "feedetl_sn", "input.data", false)).filter((s) => s && s !== "0000");
  return mapPlan(planLineCancel(target, sns), (n) => ({ cancelled: n }));
};

/** 2402 discharge (出院办理). */
export const discharge: Handler = async (ex, call) => {
  const d = obj(call.req.input.dscginfo, "dscginfo");
  const v = await ownVisit(ex, call, text(d, "mdtrt_id", "input.dscginfo"));
  await dischargeVisit(
    ex,
    v.mdtrt_id,
    parseBeijingTime(d.endtime, "input.dscginfo.endtime"),
    text(d, "dise_codg", "input.dscginfo", false) || null,
  );
  return {};
};

/** 2405 cancel a discharge. */
export const cancelDischarge: Handler = async (ex, call) => {
  const d = obj(call.req.input.data, "data");
  const v = await ownVisit(ex, call, text(d, "mdtrt_id", "input.data"));
  await undoDischarge(ex, v.mdtrt_id);
  return {};
};
