import type { Accumulators, SettlementAmounts } from "./types.ts";
import { ZERO_ACCUMULATORS } from "./reverse.ts";

/**
 * The one map of a settlement's amounts: the engine's name (a `SettlementAmounts` key) and the
 * NHSA setlinfo field it is answered as, in setlinfo order (SETTLEMENT.md section 4). Whatever
 * else names an amount derives from this table: `formatSetlinfo`, the check of the split a HIS
 * sends with 2207, the conformance runner, and on the server the `settlements` columns
 * (SETTLEMENT_AMOUNT_COLUMNS in features/settlement/settlement.table.ts), the settlement list and
 * 3201 reconciliation.
 */
export const SETLINFO_AMOUNT_FIELDS = {
  medfee: "medfee_sumamt", // 医疗费总额
  fullOwnPay: "fulamt_ownpay_amt", // 全自费金额
  overLimitSelfPay: "overlmt_selfpay", // 超限价自费费用
  preSelfPay: "preselfpay_amt", // 先行自付金额
  inScope: "inscp_scp_amt", // 符合政策范围金额
  deductible: "act_pay_dedc", // 实际支付起付线
  poolPay: "hifp_pay", // 基本医疗保险统筹基金支出
  poolPropSelfPay: "pool_prop_selfpay", // 统筹支付比例内个人自付 (coveredBase - hifp_pay)
  largeAmountPay: "hifob_pay", // 职工大额医疗费用补助基金支出
  criticalIllnessPay: "hifmi_pay", // 居民大病保险资金支出
  assistancePay: "maf_pay", // 医疗救助基金支出
  fundPay: "fund_pay_sumamt", // 基金支付总额
  personPart: "psn_part_amt", // 个人负担总金额
  accountPay: "acct_pay", // 个人账户支出
  cashPay: "psn_cash_pay", // 个人现金支出
  balanceAfter: "balc", // 个人账户余额 after the settlement
} as const satisfies Record<keyof SettlementAmounts, string>;

export type AmountKey = keyof SettlementAmounts;
export type SetlinfoAmountField = (typeof SETLINFO_AMOUNT_FIELDS)[AmountKey];

/** Every amount, in setlinfo order. */
export const AMOUNT_KEYS = Object.keys(SETLINFO_AMOUNT_FIELDS) as AmountKey[];

/**
 * The four parts a bill splits into (section 4 step 1: medfee = fullOwnPay + overLimitSelfPay +
 * preSelfPay + inScope), which a HIS may send with 2207 from its 2206 quote.
 */
export const BILL_PARTS = ["fullOwnPay", "overLimitSelfPay", "preSelfPay", "inScope"] as const;
export type BillPart = (typeof BILL_PARTS)[number];

/** Every year-to-date accumulator (their JSON names are these keys; columns: ACCUMULATOR_COLUMNS). */
export const ACCUMULATOR_KEYS = Object.keys(ZERO_ACCUMULATORS) as (keyof Accumulators)[];

/** fund_pay_type_name of each fund (setldetail), by fund_pay_type (SETTLEMENT.md section 4 step 9). */
export const FUND_NAMES: Readonly<Record<string, string>> = {
  "310100": "职工基本医疗保险统筹基金",
  "390100": "城乡居民基本医疗保险基金",
  "330100": "职工大额医疗费用补助",
  "390200": "城乡居民大病医疗保险资金",
  "610100": "医疗救助基金",
};
