import type { Generated } from "kysely";

/** A manual reimbursement's review (复核) or payment (支付), migration 0926; append-only. */
export interface ManualStepTable {
  id: Generated<bigint>;
  reimbursement_id: bigint;
  step: "review" | "payment";
  outcome: "approved" | "rejected" | "paid";
  reference: Generated<string>;
  note: Generated<string>;
  operator_id: bigint | null;
  operator_login: string;
  at: Date;
}

declare module "../../db/schema.ts" {
  interface DB {
    manual_reimbursement_steps: ManualStepTable;
  }
}
