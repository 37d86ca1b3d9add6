import type { Generated } from "kysely";

/** The funds of a pooling region, by their NHSA fund_pay_type codes. */
export const FUND_CODES = ["310100", "310200", "390100", "330100", "390200", "610100"] as const;
export type FundCode = (typeof FUND_CODES)[number];

export type FundEntryKind = "opening" | "subsidy" | "interest" | "transfer" | "other";

/** A fund's receipt or payment outside the other ledgers (append-only; a reversal is a new row). */
export interface FundEntryTable {
  id: Generated<bigint>;
  region_code: string;
  fund_code: FundCode;
  kind: FundEntryKind;
  direction: "in" | "out";
  amount: bigint;
  booked_on: string;
  reference: string;
  pair_id: bigint | null;
  reverses_id: bigint | null;
  operator_id: bigint | null;
  created_by: string;
  created_at: Generated<Date>;
}

/** One fund's line of a budget version. */
export interface FundBudgetTable {
  region_code: string;
  year: number;
  version: number;
  fund_code: FundCode;
  income: bigint;
  expenditure: bigint;
  note: string | null;
  set_by: string;
  set_at: Date;
}

/** 常住人口 of a region and year (the participation rate's denominator). */
export interface RegionPopulationTable {
  region_code: string;
  year: number;
  population: bigint;
  source: string;
  set_by: string;
  set_at: Date;
}

declare module "../../db/schema.ts" {
  interface DB {
    fund_entries: FundEntryTable;
    fund_budgets: FundBudgetTable;
    region_populations: RegionPopulationTable;
  }
}
