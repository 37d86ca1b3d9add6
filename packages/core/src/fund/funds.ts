import { type Fen, divRoundHalfUp, formatScaled } from "../money/index.ts";

/**
 * The funds of a pooling region (基金), by the NHSA fund codes settlements pay from, and the items
 * their income and expenditure are reported in (docs/fund.md says where each comes from).
 */
export const FUNDS = [
  { code: "310100", name: "职工基本医疗保险统筹基金", en: "Employee pool", pooled: true },
  { code: "310200", name: "职工基本医疗保险个人账户", en: "Personal accounts", pooled: false },
  { code: "390100", name: "城乡居民基本医疗保险基金", en: "Resident pool", pooled: true },
  { code: "330100", name: "职工大额医疗费用补助", en: "Employee large-amount subsidy", pooled: false },
  { code: "390200", name: "城乡居民大病保险资金", en: "Resident critical-illness insurance", pooled: false },
  { code: "610100", name: "医疗救助基金", en: "Medical assistance", pooled: false },
] as const;
export type FundCode = (typeof FUNDS)[number]["code"];
export const FUND_CODE_LIST: readonly FundCode[] = FUNDS.map((f) => f.code);
export const isFundCode = (code: string): code is FundCode => FUND_CODE_LIST.includes(code as FundCode);

/** The basic pools whose reserve the plans watch (统筹基金累计结余可支付月数). */
export const BASIC_POOLS: readonly FundCode[] = ["310100", "390100"];

export const INCOME_ITEMS = [
  "contributions",
  "subsidies",
  "interest",
  "transfers_in",
  "other_income",
] as const;
export const EXPENDITURE_ITEMS = [
  "settlements",
  "manual_reimbursements",
  "hospital_payments",
  "transfers_out",
  "other_expenditure",
] as const;
/** Balances carried from the old system (期初): part of the accumulated balance, not of the year's income. */
export const OPENING_ITEM = "opening";
export type IncomeItem = (typeof INCOME_ITEMS)[number];
export type ExpenditureItem = (typeof EXPENDITURE_ITEMS)[number];
export const FUND_ITEMS: readonly string[] = [...INCOME_ITEMS, ...EXPENDITURE_ITEMS, OPENING_ITEM];

/** One aggregated figure: a fund's item in a month (amounts are net: reversals included). */
export interface FundMonthRow {
  year: number;
  month: number;
  fund: string;
  item: string;
  amount: Fen;
}

const isIncome = (item: string) => (INCOME_ITEMS as readonly string[]).includes(item);
const isExpenditure = (item: string) => (EXPENDITURE_ITEMS as readonly string[]).includes(item);

/** What a row adds to the accumulated balance: income and openings add, expenditure subtracts. */
export function netOf(row: Pick<FundMonthRow, "item" | "amount">): Fen {
  if (isIncome(row.item) || row.item === OPENING_ITEM) return row.amount;
  if (isExpenditure(row.item)) return -row.amount;
  throw new RangeError(`unknown fund item ${row.item}`);
}

/** num / den as a decimal with `decimals` places, half up; null when den is 0. */
export function ratioText(num: bigint, den: bigint, decimals: number, times = 1n): string | null {
  if (den === 0n) return null;
  return formatScaled(divRoundHalfUp(num * times * 10n ** BigInt(decimals), den), decimals);
}

/** num / den as a percentage with 2 decimals ("85.37"). */
export const percentText = (num: bigint, den: bigint) => ratioText(num, den, 2, 100n);
