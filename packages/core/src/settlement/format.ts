import { fenToYuan } from "../money/index.ts";
import type { AccumulatorDelta, Accumulators, FundPayment, SettlementAmounts } from "./types.ts";

/** Engine names -> NHSA setlinfo names (mapped once, here). */
export const SETLINFO_FIELDS: [keyof SettlementAmounts, string][] = [
  ["medfee", "medfee_sumamt"],
  ["fullOwnPay", "fulamt_ownpay_amt"],
  ["overLimitSelfPay", "overlmt_selfpay"],
  ["preSelfPay", "preselfpay_amt"],
  ["inScope", "inscp_scp_amt"],
  ["deductible", "act_pay_dedc"],
  ["poolPay", "hifp_pay"],
  ["poolPropSelfPay", "pool_prop_selfpay"],
  ["largeAmountPay", "hifob_pay"],
  ["criticalIllnessPay", "hifmi_pay"],
  ["assistancePay", "maf_pay"],
  ["fundPay", "fund_pay_sumamt"],
  ["personPart", "psn_part_amt"],
  ["accountPay", "acct_pay"],
  ["cashPay", "psn_cash_pay"],
  ["balanceAfter", "balc"],
];

/** The split of a bill a HIS may send back with 2207 (from its quote), checked against ours. */
export const SPLIT_KEYS = ["fullOwnPay", "overLimitSelfPay", "preSelfPay", "inScope"] as const;
export type SplitKey = (typeof SPLIT_KEYS)[number];

/** The split's NHSA names (setlinfo and the 2207 input): the entries of SETLINFO_FIELDS for SPLIT_KEYS. */
export const SPLIT_FIELDS = SETLINFO_FIELDS.filter((f): f is [SplitKey, string] =>
  (SPLIT_KEYS as readonly string[]).includes(f[0]),
);

export function formatSetlinfo(a: SettlementAmounts): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, name] of SETLINFO_FIELDS) out[name] = fenToYuan(a[k]);
  return out;
}

export function formatSetldetail(funds: FundPayment[]): { fund_pay_type: string; fund_payamt: string }[] {
  return funds.map((f) => ({ fund_pay_type: f.fundPayType, fund_payamt: fenToYuan(f.amount) }));
}

export function formatAccumulators(acc: Accumulators | AccumulatorDelta, balance?: bigint) {
  return {
    admissions: acc.admissions,
    deductiblePaid: fenToYuan(acc.deductiblePaid),
    poolPaid: fenToYuan(acc.poolPaid),
    largeAmountPaid: fenToYuan(acc.largeAmountPaid),
    ciBurden: fenToYuan(acc.ciBurden),
    ciPaid: fenToYuan(acc.ciPaid),
    mafDeductiblePaid: fenToYuan(acc.mafDeductiblePaid),
    mafPaid: fenToYuan(acc.mafPaid),
    balance: fenToYuan(balance ?? ("balance" in acc ? acc.balance : 0n)),
  };
}
