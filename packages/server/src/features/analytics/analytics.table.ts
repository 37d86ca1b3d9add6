/** Monthly aggregates (migration 0710): recomputed from the ledgers by refresh.ts, never edited. */
export interface SettlementMonthlyTable {
  region_code: string;
  year: number;
  month: number;
  insutype: string;
  med_type: string;
  psn_group: "employee" | "retiree" | "resident";
  maf_category: "tk" | "db" | "jc" | "";
  payment: string;
  level: string;
  out_of_province: boolean;
  settlements: bigint;
  reversals: bigint;
  medfee: bigint;
  full_own_pay: bigint;
  over_limit: bigint;
  pre_self_pay: bigint;
  in_scope: bigint;
  deductible: bigint;
  pool_pay: bigint;
  large_amount_pay: bigint;
  ci_pay: bigint;
  maf_pay: bigint;
  fund_pay: bigint;
  person_part: bigint;
  account_pay: bigint;
  cash_pay: bigint;
}

export interface FundMonthlyTable {
  region_code: string;
  year: number;
  month: number;
  fund_code: string;
  item: string;
  amount: bigint;
}

export interface EnrolmentMonthlyTable {
  region_code: string;
  year: number;
  month: number;
  insutype: string;
  insured: bigint;
}

export interface AggregateRefreshTable {
  year: number;
  month: number;
  refreshed_at: Date;
  took_ms: number;
}

declare module "../../db/schema.ts" {
  interface DB {
    settlement_monthly: SettlementMonthlyTable;
    fund_monthly: FundMonthlyTable;
    enrolment_monthly: EnrolmentMonthlyTable;
    aggregate_refreshes: AggregateRefreshTable;
  }
}
