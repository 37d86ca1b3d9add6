import type { ColumnType, Generated } from "kysely";

export interface ContributionParamsTable {
  region_code: string;
  year: number;
  params: ColumnType<Record<string, unknown>, string, string>;
  updated_at: Generated<Date>;
}

export interface ContributionAssessmentTable {
  id: Generated<bigint>;
  enrolment_id: bigint;
  person_id: bigint;
  employer_id: bigint | null;
  kind: "employee" | "retiree" | "resident";
  period: string;
  base: bigint;
  employer_amount: bigint;
  individual_amount: bigint;
  assistance_amount: bigint;
  government_subsidy: bigint;
  total: bigint;
  account_credit: bigint;
  coverage_start: string;
  created_at: Generated<Date>;
}

export interface ContributionPaymentTable {
  id: Generated<bigint>;
  assessment_id: bigint;
  amount: bigint;
  channel: string;
  reference: string | null;
  paid_on: string;
  reverses_id: bigint | null;
  operator_id: bigint | null;
  created_at: Generated<Date>;
}

export interface AccountCreditTable {
  id: Generated<bigint>;
  assessment_id: bigint;
  person_id: bigint;
  month: string;
  amount: bigint;
  credited_at: Generated<Date>;
}

declare module "../../db/schema.ts" {
  interface DB {
    contribution_params: ContributionParamsTable;
    contribution_assessments: ContributionAssessmentTable;
    contribution_payments: ContributionPaymentTable;
    account_credits: AccountCreditTable;
  }
}
