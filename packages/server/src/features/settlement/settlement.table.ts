import type { Accumulators, AmountKey } from "@yibao/core/settlement";
import type { ColumnType, Generated } from "kysely";

export interface PersonAccumulatorTable {
  person_id: bigint;
  year: number;
  admissions: Generated<number>;
  deductible_paid: Generated<bigint>;
  pool_paid: Generated<bigint>;
  large_amount_paid: Generated<bigint>;
  ci_burden: Generated<bigint>;
  ci_paid: Generated<bigint>;
  maf_deductible_paid: Generated<bigint>;
  maf_paid: Generated<bigint>;
  opening: ColumnType<Record<string, unknown> | null, string | null | undefined, string | null>;
}

/**
 * The person_accumulators column of each accumulator (engine name: core ACCUMULATOR_KEYS). The
 * repositories build their column lists, guards and updates from this map.
 */
export const ACCUMULATOR_COLUMNS = {
  admissions: "admissions",
  deductiblePaid: "deductible_paid",
  poolPaid: "pool_paid",
  largeAmountPaid: "large_amount_paid",
  ciBurden: "ci_burden",
  ciPaid: "ci_paid",
  mafDeductiblePaid: "maf_deductible_paid",
  mafPaid: "maf_paid",
} as const satisfies Record<keyof Accumulators, keyof PersonAccumulatorTable>;

export interface VisitTable {
  id: Generated<bigint>;
  mdtrt_id: string;
  person_id: bigint;
  enrolment_id: bigint;
  insutype: string;
  med_type: string;
  institution_code: string | null;
  level: "1" | "2" | "3";
  begntime: Date;
  endtime: Date | null;
  ipt_otp_no: string | null;
  dise_codg: string | null;
  atddr_no: string | null; // 主治医生 (医保医师 code), migration 0917
  status: "open" | "discharged" | "settled" | "cancelled";
  version: Generated<number>; // bumped by every change of the visit or its fee lines
  // Fixed when the visit opens (migration 0440): the pooling regions of the person's enrolment
  // (insuplc_admdvs, who pays) and of the institution (mdtrtarea_admvs), and the filing (备案)
  // in force when they differ. Null only for rows that predate them.
  insured_region: string | null;
  treatment_region: string | null;
  filing_id: bigint | null;
  created_at: Generated<Date>;
}

export interface FeeLineTable {
  id: Generated<bigint>;
  visit_id: bigint;
  feedetl_sn: string;
  init_feedetl_sn: string | null;
  code: string;
  name: string | null;
  class: "A" | "B" | "C";
  chrgitm_type: string | null;
  price: bigint;
  quantity: bigint;
  price_cap: bigint | null;
  self_pay_ratio: number | null;
  amount: bigint;
  fee_time: Date;
  restricted_reason: string | null;
  cancelled: Generated<boolean>;
}

export interface SettlementTable {
  id: Generated<bigint>;
  setl_id: string;
  visit_id: bigint;
  person_id: bigint;
  year: number;
  kind: "settle" | "reverse";
  reverses_id: bigint | null;
  msgid: string | null;
  medfee: bigint;
  full_own_pay: bigint;
  over_limit: bigint;
  pre_self_pay: bigint;
  in_scope: bigint;
  deductible: bigint;
  pool_pay: bigint;
  pool_prop_self_pay: bigint;
  large_amount_pay: bigint;
  ci_pay: bigint;
  maf_pay: bigint;
  fund_pay: bigint;
  person_part: bigint;
  account_pay: bigint;
  cash_pay: bigint;
  balance_after: bigint;
  funds: ColumnType<{ fundPayType: string; amount: string }[], string, string>;
  delta: ColumnType<Record<string, string | number>, string, string>;
  setl_time: Generated<Date>;
}

/**
 * The settlements column of each amount. With core's SETLINFO_AMOUNT_FIELDS (engine name <-> NHSA
 * setlinfo field) this is the whole correspondence engine <-> column <-> NHSA; the settlement
 * write, the reversal's read, the settlement list and 3201 reconciliation derive from the two.
 */
export const SETTLEMENT_AMOUNT_COLUMNS = {
  medfee: "medfee",
  fullOwnPay: "full_own_pay",
  overLimitSelfPay: "over_limit",
  preSelfPay: "pre_self_pay",
  inScope: "in_scope",
  deductible: "deductible",
  poolPay: "pool_pay",
  poolPropSelfPay: "pool_prop_self_pay",
  largeAmountPay: "large_amount_pay",
  criticalIllnessPay: "ci_pay",
  assistancePay: "maf_pay",
  fundPay: "fund_pay",
  personPart: "person_part",
  accountPay: "account_pay",
  cashPay: "cash_pay",
  balanceAfter: "balance_after",
} as const satisfies Record<AmountKey, keyof SettlementTable>;

export interface FundLedgerTable {
  id: Generated<bigint>;
  settlement_id: bigint;
  account: string;
  debit: bigint;
  credit: bigint;
  at: Generated<Date>;
}

/** One reimbursed invoice (零星报销), normalised; unique per person, issuer and number. */
export interface ManualReimbursementTable {
  id: Generated<bigint>;
  person_id: bigint;
  institution_code: string;
  invoice_no: string;
  invoice_no_sent: string;
  settlement_id: bigint;
  operator_id: bigint | null;
  created_at: Generated<Date>;
}

declare module "../../db/schema.ts" {
  interface DB {
    manual_reimbursements: ManualReimbursementTable;
    person_accumulators: PersonAccumulatorTable;
    visits: VisitTable;
    fee_lines: FeeLineTable;
    settlements: SettlementTable;
    fund_ledger: FundLedgerTable;
  }
}
