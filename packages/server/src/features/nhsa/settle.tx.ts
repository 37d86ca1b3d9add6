import { YibaoError } from "@yibao/core/errors";
import { yuanToFen } from "@yibao/core/money";
import { amountText } from "@yibao/core/nhsa";
import { mapPlan } from "../../db/plan.ts";
import { planReversal, planSettlement, preSettle, settlementOutput } from "../settlement/settle.service.ts";
import { type Handler, type PlanHandler, obj, text } from "./context.ts";

function acctFlag(d: Record<string, unknown>): boolean {
  const f = text(d, "acct_used_flag", "input.data", false) || "0";
  if (f !== "0" && f !== "1")
    throw new YibaoError("FIELD_INVALID", "acct_used_flag must be 0 or 1", {
      field: "input.data.acct_used_flag",
    });
  return f === "1";
}

/** 2206 / 2303 pre-settlement: the numbers of a settlement, nothing written. */
export const preSettleTx: Handler = async (ex, call) => {
  const d = obj(call.req.input.data, "data");
  const mdtrtId = text(d, "mdtrt_id", "input.data");
  const medfee =
    d.medfee_sumamt === undefined
      ? undefined
      : yuanToFen(amountText(d.medfee_sumamt, "input.data.medfee_sumamt"), "input.data.medfee_sumamt");
  const r = await preSettle(
    ex,
    { mdtrtId, acctUsed: acctFlag(d), medfeeSumamt: medfee, institutionCode: call.fixmedins, now: call.now },
    call.deps.settlement,
  );
  return settlementOutput(r, call.req.msgid);
};

/** 2207 / 2304 settlement. */
export const settleTx: PlanHandler = async (ex, call) => {
  const d = obj(call.req.input.data, "data");
  const mdtrtId = text(d, "mdtrt_id", "input.data");
  const medfee =
    d.medfee_sumamt === undefined
      ? undefined
      : yuanToFen(amountText(d.medfee_sumamt, "input.data.medfee_sumamt"), "input.data.medfee_sumamt");
  const plan = await planSettlement(ex, call.deps.settlement, {
    mdtrtId,
    acctUsed: acctFlag(d),
    medfeeSumamt: medfee,
    msgid: call.req.msgid,
    institutionCode: call.fixmedins,
    now: call.now,
  });
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
