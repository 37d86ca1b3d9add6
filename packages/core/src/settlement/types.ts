import type { Fen, Ratio } from "../money/index.ts";

/**
 * Types of the settlement engine (reference model v1, ../shared/domain/SETTLEMENT.md). Inside core
 * the names are readable; the NHSA field each maps to is in the comment. Money is bigint fen,
 * ratios are bigint scaled by 10^4, prices scale 6, quantities scale 4.
 *
 * The engine is pure: `settleClaim(policy, person, claim)` computes; the server stores.
 */

export type InstitutionLevel = "1" | "2" | "3";
export type CatalogClass = "A" | "B" | "C"; // 甲/乙/丙 (chrgitm_lv 01/02/03)
export type AssistanceCategoryCode = "tk" | "db" | "jc";

export interface CriticalIllnessSegment {
  from: Fen;
  to: Fen | null; // null = no upper bound
  ratio: Ratio;
}

/** One policy: region x insutype x med_type x year. */
export interface Policy {
  insutype: string;
  medType: string;
  deductible: {
    scope: "per_visit" | "annual";
    byLevel: Record<InstitutionLevel, Fen>; // 起付线
    repeatFactor?: Ratio[]; // per_visit: 2nd, 3rd... admission; last repeats
  };
  pool: {
    ratioByLevel: Record<InstitutionLevel, Ratio>; // 统筹基金支付比例
    retireeBonus?: Ratio;
    annualCap: Fen; // 统筹基金年度最高支付限额
  };
  largeAmount?: { ratio: Ratio; annualCap: Fen }; // 职工大额 hifob, fund 330100
  criticalIllness?: { segments: CriticalIllnessSegment[]; annualCap: Fen }; // 居民大病 hifmi, fund 390200
  assistance?: Partial<Record<AssistanceCategoryCode, { deductible: Fen; ratio: Ratio; annualCap: Fen }>>; // maf, 610100
  outOfRegion?: OutOfRegionRule; // 异地就医: what a patient treated elsewhere without a filing gets
}

/**
 * Out-of-region patients without a filing (未备案异地就医): refused, or paid by the pool at
 * `unfiledRatio` (never above the level's own ratio). Absent from a policy: refused.
 */
export type OutOfRegionRule = { unfiled: "refuse" } | { unfiled: "ratio"; unfiledRatio: Ratio };

/** Year-to-date accumulators of one person (per year). */
export interface Accumulators {
  admissions: number;
  deductiblePaid: Fen;
  poolPaid: Fen;
  largeAmountPaid: Fen;
  ciBurden: Fen;
  ciPaid: Fen;
  mafDeductiblePaid: Fen;
  mafPaid: Fen;
}

export interface PersonState {
  psnType: string; // psn_type; 12xx = retiree
  insutype: string;
  assistanceCategory: AssistanceCategoryCode | null;
  balance: Fen; // personal account balance (balc before)
  ytd: Accumulators;
}

export interface FeeLine {
  code: string; // med_list_codg
  catalogClass: CatalogClass;
  price: bigint; // pric, scale 6
  quantity: bigint; // cnt, scale 4
  priceCap?: bigint | null; // pric_uplmt_amt, scale 6
  selfPayFirstRatio?: Ratio | null; // selfpay_prop, class B
}

export interface Claim {
  level: InstitutionLevel;
  acctUsed: boolean; // acct_used_flag
  lines: FeeLine[];
}

export interface LineResult {
  code: string;
  amount: Fen; // det_item_fee_sumamt
  fullOwnPay: Fen; // fulamt_ownpay_amt
  overLimit: Fen; // overlmt_amt
  preSelfPay: Fen; // preselfpay_amt
  inScope: Fen; // inscp_scp_amt
}

/** Every amount of setlinfo, in fen. */
export interface SettlementAmounts {
  medfee: Fen; // medfee_sumamt
  fullOwnPay: Fen; // fulamt_ownpay_amt
  overLimitSelfPay: Fen; // overlmt_selfpay
  preSelfPay: Fen; // preselfpay_amt
  inScope: Fen; // inscp_scp_amt
  deductible: Fen; // act_pay_dedc
  poolPay: Fen; // hifp_pay
  poolPropSelfPay: Fen; // pool_prop_selfpay
  largeAmountPay: Fen; // hifob_pay
  criticalIllnessPay: Fen; // hifmi_pay
  assistancePay: Fen; // maf_pay
  fundPay: Fen; // fund_pay_sumamt
  personPart: Fen; // psn_part_amt
  accountPay: Fen; // acct_pay
  cashPay: Fen; // psn_cash_pay
  balanceAfter: Fen; // balc
}

export interface FundPayment {
  fundPayType: string; // fund_pay_type: 310100, 390100, 330100, 390200, 610100
  amount: Fen; // fund_payamt
}

/** Changes to the accumulators (and balance) a settlement makes; a reversal applies the negation. */
export interface AccumulatorDelta extends Accumulators {
  balance: Fen;
}

export interface SettlementResult {
  amounts: SettlementAmounts;
  funds: FundPayment[]; // setldetail, in the order of SETTLEMENT.md section 4 step 9
  lines: LineResult[];
  delta: AccumulatorDelta;
}
