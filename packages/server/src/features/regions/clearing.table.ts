import type { Generated } from "kysely";

/** A month's clearing statement of a region pair (region_a < region_b); amounts in fen. */
export interface ClearingStatementTable {
  id: Generated<bigint>;
  month: string;
  region_a: string;
  region_b: string;
  a_to_b_count: number;
  a_to_b_fund: bigint;
  a_to_b_account: bigint;
  a_to_b: bigint;
  b_to_a_count: number;
  b_to_a_fund: bigint;
  b_to_a_account: bigint;
  b_to_a: bigint;
  net: bigint;
  status: "issued" | "confirmed" | "paid";
  issued_by: string;
  issued_at: Date;
  confirmed_by: string | null;
  confirmed_at: Date | null;
  paid_by: string | null;
  paid_at: Date | null;
  payment_ref: string | null;
}

/** A settlement behind a statement: who owes whom for it. */
export interface ClearingItemTable {
  statement_id: bigint;
  settlement_id: bigint;
  payer: string;
  payee: string;
  fund_pay: bigint;
  account_pay: bigint;
}

declare module "../../db/schema.ts" {
  interface DB {
    clearing_statements: ClearingStatementTable;
    clearing_items: ClearingItemTable;
  }
}
