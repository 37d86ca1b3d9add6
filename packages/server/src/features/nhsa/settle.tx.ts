import { YibaoError } from "@yibao/core/errors";
import { optionalAmountFen } from "@yibao/core/nhsa";
import { BILL_PARTS, SETLINFO_AMOUNT_FIELDS } from "@yibao/core/settlement";
import { mapPlan } from "../../db/plan.ts";
import {
  type SentSplit,
  planReversal,
  planSettlement,
  preSettle,
  settlementOutput,
} from "../settlement/settle.service.ts";
import { type Handler, type PlanHandler, obj, text } from "./context.ts";

function acctFlag(d: Record<string, unknown>): boolean {
  const f = text(d, "acct_used_flag", "input.data", false) || "0";
  if (f !== "0" && f !== "1")
    throw new YibaoError("FIELD_INVALID", "acct_used_flag must be 0 or 1", {
      field: "input.data.acct_used_flag",
    });
  return f === "1";
}

/**
 * The amounts a HIS computed and sent with 2206/2207: the total and, if present, its split (NHSA
 * 2207 carries fulamt_ownpay_amt, overlmt_selfpay, preselfpay_amt, inscp_scp_amt from the quote).
 * Parsed strictly here; the settlement checks each equals what the lines give.
 */
function sentAmounts(d: Record<string, unknown>) {
  const amount = (key: string) => optionalAmountFen(d[key], `input.data.${key}`);
  const sentSplit: SentSplit = {};
  for (const key of BILL_PARTS) {
    const v = amount(SETLINFO_AMOUNT_FIELDS[key]);
    if (v !== undefined) sentSplit[key] = v;
  }
  return { medfeeSumamt: amount("medfee_sumamt"), sentSplit };
}

/**
 * A psn_no sent with 2206/2207 names the visit's patient: another person's number (a HIS that
 * mixed up two patients) is refused before anything is written.
 */
function samePatient(d: Record<string, unknown>, psnNo: string) {
  const sent = text(d, "psn_no", "input.data", false);
  if (sent !== "" && sent !== psnNo)
    throw new YibaoError("FIELD_INVALID", "input.data.psn_no is not the visit's patient", {
      field: "input.data.psn_no",
    });
}

/** 2206 / 2303 pre-settlement: the numbers of a settlement, nothing written. */
export const preSettleTx: Handler = async (ex, call) => {
  const d = obj(call.req.input.data, "data");
  const mdtrtId = text(d, "mdtrt_id", "input.data");
  const r = await preSettle(
    ex,
    { mdtrtId, acctUsed: acctFlag(d), ...sentAmounts(d), institutionCode: call.fixmedins, now: call.now },
    call.deps.settlement,
  );
  samePatient(d, r.patient.psnNo);
  call.warn = r.warnings?.join("; ");
  return settlementOutput(r, call.req.msgid);
};

/** 2207 / 2304 settlement. */
export const settleTx: PlanHandler = async (ex, call) => {
  const d = obj(call.req.input.data, "data");
  const mdtrtId = text(d, "mdtrt_id", "input.data");
  const plan = await planSettlement(ex, call.deps.settlement, {
    mdtrtId,
    acctUsed: acctFlag(d),
    ...sentAmounts(d),
    msgid: call.req.msgid,
    institutionCode: call.fixmedins,
    now: call.now,
  });
  samePatient(d, plan.result.patient.psnNo);
  call.warn = plan.result.warnings?.join("; ");
  return mapPlan(plan, (r) => settlementOutput(r, call.req.msgid));
};

/** 2208 / 2305 reversal (冲正): a negated settlement with its own setl_id. */
export const reverseTx: PlanHandler = async (ex, call) => {
  const d = obj(call.req.input.data, "data");
  const plan = await planReversal(ex, call.deps.settlement, {
    setlId: text(d, "setl_id", "input.data"),
    msgid: call.req.msgid,
    institutionCode: call.fixmedins,
    now: call.now,
  });
  return mapPlan(plan, (r) => settlementOutput(r, call.req.msgid));
};
