import type { Generated } from "kysely";

/** An issued e-voucher token (医保电子凭证); the token itself is not stored, only what it names. */
export interface EVoucherTable {
  id: Generated<bigint>;
  person_id: bigint;
  issued_at: Date;
  expires_at: Date;
  issued_by: string; // the operator's login, or "self-service"
  first_used_at: Date | null;
}

declare module "../../db/schema.ts" {
  interface DB {
    e_vouchers: EVoucherTable;
  }
}
