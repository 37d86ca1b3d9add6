import type { ColumnType, Generated } from "kysely";

export interface DrgCaseTable {
  id: string;
  institution_code: string;
  person_ref: string;
  year: number;
  admission: string;
  discharge: string;
  gender: string;
  age: number;
  age_days: number | null;
  weight_grams: number | null;
  los: number;
  discharge_way: string | null;
  diagnoses: ColumnType<string[], string, string>;
  procedures: ColumnType<string[], string, string>;
  cost: bigint;
  fund_paid: bigint;
  special_review: Generated<boolean>;
  mdc: string | null;
  adrg: string | null;
  drg: string | null;
  scheme: string | null;
  grouped_at: Date | null;
}

export interface LiquidationRunTable {
  id: Generated<bigint>;
  region_code: string;
  year: number;
  budget: bigint;
  total_points: bigint;
  point_value: string;
  weights_year: number;
  method: Generated<"drg" | "dip" | "per_diem" | "capitation" | "advance">;
  period: string | null; // an advance's month (yyyy-MM)
  annual_budget: bigint | null; // the annual budget an advance was asked with
  created_by: string;
  created_at: Generated<Date>;
}

export interface LiquidationStatementTable {
  run_id: bigint;
  institution_code: string;
  coefficient: number;
  points: bigint;
  drg_amount: bigint;
  fund_paid: bigint;
  adjustment: bigint;
  deduction: bigint;
  deductions: ColumnType<{ caseNo: string; amount: string }[], string | undefined, string>; // 0600
  payable: bigint;
  advances: bigint;
  balance_due: bigint;
  cases: ColumnType<unknown[], string, string>;
}

/** What a DRG hospital was advanced for a month (月度预结算): one row per hospital and month. */
export interface DrgAdvanceTable {
  institution_code: string;
  month: string;
  run_id: bigint;
  amount: bigint;
}

declare module "../../db/schema.ts" {
  interface DB {
    drg_advances: DrgAdvanceTable;
    drg_cases: DrgCaseTable;
    liquidation_runs: LiquidationRunTable;
    liquidation_statements: LiquidationStatementTable;
  }
}
