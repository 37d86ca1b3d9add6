import { fenToYuan } from "../money/index.ts";
import { ACCUMULATOR_KEYS, AMOUNT_KEYS, SETLINFO_AMOUNT_FIELDS, type SetlinfoAmountField } from "./fields.ts";
import type { AccumulatorDelta, Accumulators, FundPayment, SettlementAmounts } from "./types.ts";

/** Every amount as its setlinfo field, a 2-decimal string (SETLINFO_AMOUNT_FIELDS). */
export function formatSetlinfo(a: SettlementAmounts): Record<SetlinfoAmountField, string> {
  const out = {} as Record<SetlinfoAmountField, string>;
  for (const k of AMOUNT_KEYS) out[SETLINFO_AMOUNT_FIELDS[k]] = fenToYuan(a[k]);
  return out;
}

export function formatSetldetail(funds: FundPayment[]): { fund_pay_type: string; fund_payamt: string }[] {
  return funds.map((f) => ({ fund_pay_type: f.fundPayType, fund_payamt: fenToYuan(f.amount) }));
}

/** Accumulators and balance as the conformance vectors write them: admissions a number, amounts yuan. */
export type FormattedAccumulators = { admissions: number } & Record<
  Exclude<keyof Accumulators, "admissions"> | "balance",
  string
>;

export function formatAccumulators(
  acc: Accumulators | AccumulatorDelta,
  balance?: bigint,
): FormattedAccumulators {
  const out = { admissions: acc.admissions } as FormattedAccumulators;
  for (const k of ACCUMULATOR_KEYS) if (k !== "admissions") out[k] = fenToYuan(acc[k]);
  out.balance = fenToYuan(balance ?? ("balance" in acc ? acc.balance : 0n));
  return out;
}
