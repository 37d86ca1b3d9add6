import type { Generated } from "kysely";

/** A gateway access key of an institution (HMAC variant); the secret is sealed (security/secret-box.ts). */
export interface NhsaAccessKeyTable {
  id: Generated<bigint>;
  access_key: string; // _api_access_key
  fixmedins_code: string;
  secret_enc: string;
  active: Generated<boolean>; // false once revoked
  created_at: Generated<Date>;
  expires_at: Date | null; // set by a rotation: the old key works until then
  revoked_at: Date | null;
  last_used_at: Date | null;
  rotated_from: bigint | null;
}

export interface NhsaSignInTable {
  sign_no: string;
  fixmedins_code: string;
  opter_no: string | null;
  mac: string | null;
  ip: string | null;
  sign_time: Generated<Date>;
  sign_out_time: Date | null; // 9002 签退
}

declare module "../../db/schema.ts" {
  interface DB {
    nhsa_access_keys: NhsaAccessKeyTable;
    nhsa_sign_ins: NhsaSignInTable;
  }
}
