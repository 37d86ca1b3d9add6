import { fieldError } from "@yibao/core/errors";
import { COUNT, fenToYuan } from "@yibao/core/money";
import { amountFen, scaledValue } from "@yibao/core/nhsa";
import { displayTime, parseBeijingTime } from "@yibao/core/time";
import { CLEARING_TYPES, type ClearingType, clearingType } from "@yibao/core/settlement";
import { sql } from "kysely";
import type { Executor } from "../../db/database.ts";
import { type Handler, obj, text } from "./context.ts";

/**
 * 3201 daily totals reconciliation (对总账): the hospital's totals for a period against ours, by
 * insutype and clearing type (11 outpatient, 21 inpatient, 41 pharmacy: clearingType decides, as
 * it does for each settlement's clr_type). Reversals count negatively. The hospital's amounts are
 * parsed as strictly as a bill's (core/nhsa/amounts.ts).
 */
export const reconcileTotals: Handler = async (ex, call) => {
  const d = obj(call.req.input.data, "data");
  const insutype = text(d, "insutype", "input.data");
  const clrType = text(d, "clr_type", "input.data") as ClearingType;
  if (!CLEARING_TYPES.includes(clrType))
    throw fieldError("FIELD_INVALID", "input.data.clr_type", "clr_type must be 11, 21 or 41");
  const from = parseBeijingTime(
    text(d, "stmt_begndate", "input.data").slice(0, 10),
    "input.data.stmt_begndate",
  );
  const to = parseBeijingTime(text(d, "stmt_enddate", "input.data").slice(0, 10), "input.data.stmt_enddate");
  const theirs = {
    medfee: amountFen(d.medfee_sumamt, "input.data.medfee_sumamt"),
    fund: amountFen(d.fund_pay_sumamt, "input.data.fund_pay_sumamt"),
    acct: amountFen(d.acct_pay ?? "0", "input.data.acct_pay"),
    cnt: scaledValue(d.fixmedins_setl_cnt, "input.data.fixmedins_setl_cnt", COUNT),
  };
  const ours = await ourTotals(ex, call.fixmedins, insutype, clrType, from, to);
  const diffs: string[] = [];
  if (theirs.medfee !== ours.medfee) diffs.push(`medfee_sumamt ours ${fenToYuan(ours.medfee)}`);
  if (theirs.fund !== ours.fund) diffs.push(`fund_pay_sumamt ours ${fenToYuan(ours.fund)}`);
  if (theirs.acct !== ours.acct) diffs.push(`acct_pay ours ${fenToYuan(ours.acct)}`);
  if (theirs.cnt !== ours.cnt) diffs.push(`fixmedins_setl_cnt ours ${ours.cnt}`);
  return {
    stmtinfo: {
      setl_optins: text(d, "setl_optins", "input.data", false) || null,
      stmt_rslt: diffs.length === 0 ? "0" : "1",
      stmt_rslt_dscr: diffs.length === 0 ? "对账一致" : `对账不一致: ${diffs.join("; ")}`,
    },
  };
};

/** Our totals of the institution's settlements in the period (days from, to), of one clearing type. */
async function ourTotals(
  ex: Executor,
  institution: string,
  insutype: string,
  clrType: ClearingType,
  from: Date,
  to: Date,
) {
  const byMedType = await ex
    .selectFrom("settlements as s")
    .innerJoin("visits as v", "v.id", "s.visit_id")
    .select([
      "v.med_type",
      sql<string>`sum(s.medfee)`.as("medfee"),
      sql<string>`sum(s.fund_pay)`.as("fund"),
      sql<string>`sum(s.account_pay)`.as("acct"),
      sql<string>`sum(case when s.kind = 'settle' then 1 else -1 end)`.as("cnt"),
    ])
    .where("v.institution_code", "=", institution)
    .where("v.insutype", "=", insutype)
    .where("s.setl_time", ">=", from)
    .where("s.setl_time", "<", new Date(to.getTime() + 86400_000))
    .groupBy("v.med_type")
    .execute();
  const ours = { medfee: 0n, fund: 0n, acct: 0n, cnt: 0n };
  for (const r of byMedType.filter((r) => clearingType(r.med_type) === clrType)) {
    ours.medfee += BigInt(r.medfee);
    ours.fund += BigInt(r.fund);
    ours.acct += BigInt(r.acct);
    ours.cnt += BigInt(r.cnt);
  }
  return ours;
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
