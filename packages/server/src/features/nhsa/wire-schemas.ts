import { type TSchema, Type } from "typebox";

/**
 * The JSON schema of every answer, per infno, as the national interface types it: money, prices,
 * quantities, ratios and ages are numbers (core/nhsa/wire.ts), codes, ids and times strings.
 * docs/nhsa-schemas/{infno}.json is generated from here (`npm run docs:nhsa-schemas`, a test keeps
 * it current), and every answer of the test apps is validated against it (test/nhsa-schema-check.ts).
 * Objects are closed (additionalProperties false): a field added to an answer is added here.
 */
const S = Type.String();
const N = Type.Number();
const nullable = (t: TSchema) => Type.Union([t, Type.Null()]);
const closed = (props: Record<string, TSchema>) => Type.Object(props, { additionalProperties: false });
const money = (description: string) => Type.Number({ description: `${description} (yuan, two decimals)` });

const SETLINFO_MONEY = [
  "medfee_sumamt",
  "fulamt_ownpay_amt",
  "overlmt_selfpay",
  "preselfpay_amt",
  "inscp_scp_amt",
  "act_pay_dedc",
  "hifp_pay",
  "pool_prop_selfpay",
  "hifob_pay",
  "hifmi_pay",
  "maf_pay",
  "fund_pay_sumamt",
  "psn_part_amt",
  "acct_pay",
  "psn_cash_pay",
  "balc",
  "cvlserv_pay",
  "hifes_pay",
  "oth_pay",
  "hosp_part_amt",
  "acct_mulaid_pay",
];

/** setlinfo and setldetail; a quote (2206 / 2303) has no setl_id yet. */
const settlementOf = (quote: boolean) =>
  closed({
    setlinfo: closed({
      mdtrt_id: S,
      setl_id: quote ? Type.Null() : S,
      psn_no: S,
      psn_name: S,
      certno: S,
      gend: S,
      age: N,
      insutype: S,
      psn_type: S,
      med_type: S,
      setl_time: S,
      ...Object.fromEntries(SETLINFO_MONEY.map((k) => [k, money(k)])),
      medins_setl_id: nullable(S),
      clr_optins: nullable(S),
      clr_way: S,
      clr_type: S,
    }),
    setldetail: Type.Array(
      closed({ fund_pay_type: S, fund_payamt: money("fund_payamt"), fund_pay_type_name: S }),
    ),
  });

const feeResults = closed({
  result: Type.Array(
    closed({
      feedetl_sn: S,
      det_item_fee_sumamt: money("det_item_fee_sumamt"),
      cnt: Type.Number({ description: "quantity, four decimals" }),
      pric: Type.Number({ description: "price, six decimals" }),
      pric_uplmt_amt: nullable(Type.Number({ description: "price cap, six decimals" })),
      selfpay_prop: Type.Number({ description: "ratio, four decimals" }),
      fulamt_ownpay_amt: money("fulamt_ownpay_amt"),
      overlmt_amt: money("overlmt_amt"),
      preselfpay_amt: money("preselfpay_amt"),
      inscp_scp_amt: money("inscp_scp_amt"),
      chrgitm_lv: S,
      med_chrgitm_type: S,
      lmt_used_flag: S,
      memo: nullable(S),
    }),
  ),
});

const settlement = settlementOf(false);
const quote = settlementOf(true);
const empty = closed({});
const cancelled = closed({ cancelled: Type.Integer() });

/** 3101/3102: the findings of the current encounter (features/supervision/prompt-audit.ts). */
const judged = closed({
  result: Type.Array(
    closed({
      jr_id: S,
      rule_id: S,
      rule_name: S,
      vola_cont: S,
      mdtrt_id: S,
      vola_amt: money("vola_amt"),
      sev_deg: S,
      vola_evid: S,
      vola_bhvr_type: S,
    }),
  ),
});

/** 3202: one side's settlement, and one side's totals (settlements minus reversals). */
const detailEntry = closed({
  mdtrt_id: S,
  psn_no: S,
  medfee_sumamt: money("medfee_sumamt"),
  fund_pay_sumamt: money("fund_pay_sumamt"),
  acct_pay: money("acct_pay"),
  refd_setl_flag: S,
});
const detailTotals = closed({
  fixmedins_setl_cnt: Type.Integer(),
  medfee_sumamt: money("medfee_sumamt"),
  fund_pay_sumamt: money("fund_pay_sumamt"),
  acct_pay: money("acct_pay"),
});

/** The output of each infno's successful answer. */
export const OUTPUT_SCHEMAS: Record<string, TSchema> = {
  "9001": closed({ signinoutb: closed({ sign_no: S, sign_time: S }) }),
  "9002": closed({ signoutoutb: closed({ sign_time: S, sign_no: nullable(S) }) }),
  "9101": closed({ file_qury_no: S, filename: S, dld_endtime: S }),
  "1101": closed({
    baseinfo: closed({
      psn_no: S,
      psn_cert_type: S,
      certno: S,
      psn_name: S,
      gend: S,
      naty: S,
      brdy: S,
      age: N,
    }),
    insuinfo: Type.Array(
      closed({
        balc: money("balc"),
        insutype: S,
        psn_type: S,
        psn_insu_stas: S,
        psn_insu_date: S,
        paus_insu_date: nullable(S),
        cvlserv_flag: S,
        insuplc_admdvs: S,
        emp_name: S,
      }),
    ),
    idetinfo: Type.Array(closed({ psn_idet_type: S, psn_type_lv: S, begntime: S, endtime: nullable(S) })),
  }),
  "2201": closed({ data: closed({ mdtrt_id: S, psn_no: S, ipt_otp_no: nullable(S) }) }),
  "2202": empty,
  "2203": empty,
  "2204": feeResults,
  "2205": cancelled,
  "2206": quote,
  "2207": settlement,
  "2208": settlement,
  "2401": closed({ result: closed({ mdtrt_id: S }) }),
  "2404": empty,
  "2301": feeResults,
  "2302": cancelled,
  "2303": quote,
  "2304": settlement,
  "2305": settlement,
  "2402": empty,
  "2405": empty,
  "3101": judged,
  "3102": judged,
  "3201": closed({ stmtinfo: closed({ setl_optins: nullable(S), stmt_rslt: S, stmt_rslt_dscr: S }) }),
  "3202": closed({
    stmtinfo: closed({
      setl_optins: nullable(S),
      stmt_begndate: S,
      stmt_enddate: S,
      stmt_rslt: S,
      stmt_rslt_dscr: S,
      match_cnt: Type.Integer(),
      missing_ours_cnt: Type.Integer(),
      missing_theirs_cnt: Type.Integer(),
      differs_cnt: Type.Integer(),
    }),
    stmttotal: closed({ ours: detailTotals, theirs: detailTotals }),
    stmtdetail: Type.Array(
      closed({
        setl_id: S,
        stmt_rslt: S,
        dif_type: Type.Union(
          ["match", "missing_ours", "missing_theirs", "differs"].map((v) => Type.Literal(v)),
        ),
        dif_type_dscr: S,
        dif_fields: Type.Array(S),
        ours: nullable(detailEntry),
        theirs: nullable(detailEntry),
      }),
    ),
  }),
  "5201": closed({
    mdtrtinfo: Type.Array(
      closed({
        mdtrt_id: S,
        psn_no: S,
        med_type: S,
        insutype: S,
        begntime: S,
        endtime: nullable(S),
        dise_codg: nullable(S),
        mdtrt_stas: S,
      }),
    ),
  }),
};

const head = {
  inf_refmsgid: Type.String({ pattern: "^\\d{30}$" }),
  refmsg_time: Type.String({ pattern: "^\\d{17}$" }),
  respond_time: Type.String({ pattern: "^\\d{17}$" }),
  warn_msg: nullable(S),
  cainfo: nullable(S),
  signtype: nullable(S),
  enctype: nullable(S),
};

/** The whole answer of one infno: success (infcode 0, its output) or refusal (infcode -1, "[CODE] message"). */
export function answerSchema(infno: string): TSchema {
  const output = OUTPUT_SCHEMAS[infno];
  if (!output) throw new Error(`no answer schema for infno ${infno}`);
  return Type.Union(
    [
      closed({ infcode: Type.Literal(0), ...head, err_msg: Type.Null(), output }),
      // an SM4 institution's answer (docs/nhsa.md): the same output, encrypted (hex)
      closed({
        infcode: Type.Literal(0),
        ...head,
        enctype: Type.Literal("SM4"),
        err_msg: Type.Null(),
        output: Type.String({ pattern: "^([0-9a-f]{32})+$" }),
      }),
      refusalSchema(),
    ],
    { $id: `https://yibao.example/nhsa-schemas/${infno}.json`, title: `NHSA ${infno} answer` },
  );
}

/** Any refusal: what every infno (and a body that is no envelope at all) answers when it fails. */
export function refusalSchema(): TSchema {
  return closed({
    infcode: Type.Literal(-1),
    ...head,
    err_msg: Type.String({ pattern: "^\\[[A-Z0-9_]+\\] " }),
    output: Type.Null(),
    details: Type.Object({}, { additionalProperties: true }),
  });
}
