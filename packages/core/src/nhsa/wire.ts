import { SETLINFO_AMOUNT_FIELDS } from "../settlement/fields.ts";

/**
 * How answers travel: the national interface types money, prices, quantities, ratios and ages as
 * numbers (数值型), codes and ids as text (字符型). Inside Yibao every such value is an exact decimal
 * string ("480.00", from integer fen); on the wire it becomes a JSON number with the same digits,
 * `480.00`, two decimals for money, six for prices, four for quantities and ratios. JSON.stringify
 * cannot write a number with trailing zeros, so the answer's JSON text is rewritten: a value of
 * one of these fields that is a plain decimal string loses its quotes. Nothing else changes, and
 * a stored answer replayed later goes through the same rewrite.
 */
export const NUMERIC_FIELDS: readonly string[] = [
  ...Object.values(SETLINFO_AMOUNT_FIELDS),
  // setlinfo amounts outside the engine's map (always 0.00 here) and setldetail
  "cvlserv_pay", // 公务员医疗补助资金支出
  "hifes_pay", // 企业补充医疗保险基金支出
  "oth_pay", // 其他支出
  "hosp_part_amt", // 医院负担金额
  "acct_mulaid_pay", // 个人账户共济支付金额
  "fund_payamt", // 基金支付金额 (setldetail)
  "crt_payb_lmt_amt", // 本次可支付限额金额 (setldetail)
  // 2204 / 2301 fee line results
  "det_item_fee_sumamt", // 明细项目费用总额
  "pric", // 单价
  "cnt", // 数量
  "pric_uplmt_amt", // 定价上限金额
  "selfpay_prop", // 自付比例
  "overlmt_amt", // 超限价金额
  // 1101
  "age", // 年龄
  // 3202
  "cash_payamt", // 现金支付金额
  // 3101 / 3102
  "vola_amt", // 违规金额
];

const JSON_NUMBER = String.raw`-?(?:0|[1-9]\d*)(?:\.\d+)?`;
const KEYS = [...new Set(NUMERIC_FIELDS)].join("|");
/** `{"key":"12.30"` or `,"key":"12.30"`: a key of the list as an object member (never inside a string). */
const TO_NUMBER = new RegExp(String.raw`([{,]"(?:${KEYS})":)"(${JSON_NUMBER})"`, "g");
const TO_STRING = new RegExp(String.raw`([{,]"(?:${KEYS})":)(${JSON_NUMBER})(?=[,}\]])`, "g");

/** The JSON text of an answer as it goes on the wire: numeric fields as numbers with their digits. */
export function numbersOnWire(json: string): string {
  return json.replace(TO_NUMBER, "$1$2");
}

/**
 * The reverse, for a client that must keep the digits (JSON.parse would read 480.00 as 480):
 * numeric fields of an answer's text back to exact decimal strings, then parsed.
 */
export function parseKeepingDecimals(json: string): unknown {
  return JSON.parse(json.replace(TO_STRING, '$1"$2"'));
}
