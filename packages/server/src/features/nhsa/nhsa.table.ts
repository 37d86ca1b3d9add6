import type { Generated } from "kysely";

export interface NhsaAccessKeyTable {
  access_key: string;
  fixmedins_code: string;
  secret: string;
  active: Generated<boolean>;
  created_at: Generated<Date>;
}

export interface NhsaSignInTable {
  sign_no: string;
  fixmedins_code: string;
  opter_no: string | null;
  mac: string | null;
  ip: string | null;
  sign_time: Generated<Date>;
}

declare module "../../db/schema.ts" {
  interface DB {
    nhsa_access_keys: NhsaAccessKeyTable;
    nhsa_sign_ins: NhsaSignInTable;
  }
}
