import { YibaoError } from "@yibao/core/errors";
import { fenToYuan, yuanToFen } from "@yibao/core/money";
import { amountText, displayTime, parseNhsaTime } from "@yibao/core/nhsa";
import { sql } from "kysely";
import { type Handler, obj, text } from "./context.ts";

/**
 * 3201 daily totals reconciliation (对总账): the hospital's totals for a period against ours, by
 * insutype and clearing type (11 outpatient, 21 inpatient). Reversals count negatively.
 */
export const reconcileTotals: Handler = async (ex, call) => {
  const d = obj(call.req.input.data, "data");
  const insutype = text(d, "insutype", "input.data");
  const clrType = text(d, "clr_type", "input.data");
  const from = parseNhsaTime(text(d, "stmt_begndate", "input.data").slice(0, 10), "input.data.stmt_begndate");
  const to = parseNhsaTime(text(d, "stmt_enddate", "input.data").slice(0, 10), "input.data.stmt_enddate");
  const toEnd = new Date(to.getTime() + 86400_000);
  const ours = await ex
    .selectFrom("settlements as s")
    .innerJoin("visits as v", "v.id", "s.visit_id")
    .select([
      sql<string>`coalesce(sum(s.medfee), 0)`.as("medfee"),
      sql<string>`coalesce(sum(s.fund_pay), 0)`.as("fund"),
      sql<string>`coalesce(sum(s.account_pay), 0)`.as("acct"),
      sql<string>`coalesce(sum(case when s.kind = 'settle' then 1 else -1 end), 0)`.as("cnt"),
    ])
    .where("v.institution_code", "=", call.fixmedins)
    .where("v.insutype", "=", insutype)
    .where(
      clrType === "21"
        ? sql<boolean>`v.med_type like '2%' or v.med_type = '52'`
        : sql<boolean>`not (v.med_type like '2%' or v.med_type = '52')`,
    )
    .where("s.setl_time", ">=", from)
    .where("s.setl_time", "<", toEnd)
    .executeTakeFirstOrThrow();
  const theirs = {
    medfee: yuanToFen(amountText(d.medfee_sumamt, "input.data.medfee_sumamt"), "input.data.medfee_sumamt"),
    fund: yuanToFen(
      amountText(d.fund_pay_sumamt, "input.data.fund_pay_sumamt"),
      "input.data.fund_pay_sumamt",
    ),
    acct: yuanToFen(amountText(d.acct_pay ?? "0", "input.data.acct_pay"), "input.data.acct_pay"),
    cnt: count(text(d, "fixmedins_setl_cnt", "input.data"), "input.data.fixmedins_setl_cnt"),
  };
  const diffs: string[] = [];
  if (theirs.medfee !== BigInt(ours.medfee))
    diffs.push(`medfee_sumamt ours ${fenToYuan(BigInt(ours.medfee))}`);
  if (theirs.fund !== BigInt(ours.fund)) diffs.push(`fund_pay_sumamt ours ${fenToYuan(BigInt(ours.fund))}`);
  if (theirs.acct !== BigInt(ours.acct)) diffs.push(`acct_pay ours ${fenToYuan(BigInt(ours.acct))}`);
  if (theirs.cnt !== BigInt(ours.cnt)) diffs.push(`fixmedins_setl_cnt ours ${ours.cnt}`);
  return {
    stmtinfo: {
      setl_optins: text(d, "setl_optins", "input.data", false) || null,
      stmt_rslt: diffs.length === 0 ? "0" : "1",
      stmt_rslt_dscr: diffs.length === 0 ? "对账一致" : `对账不一致: ${diffs.join("; ")}`,
    },
  };
};

/** A count the HIS sends: a whole number of at most 9 digits. */
function count(value: string, field: string): bigint {
  if (!/^\d{1,9}$/.test(value))
    throw new YibaoError("FIELD_INVALID", `${field} must be a whole number`, { field });
  return BigInt(value);
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
  if (d.begntime) q = q.where("v.begntime", ">=", parseNhsaTime(d.begntime, "input.data.begntime"));
  if (d.endtime) q = q.where("v.begntime", "<=", parseNhsaTime(d.endtime, "input.data.endtime"));
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
