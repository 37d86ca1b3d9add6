import type { ColumnType, Generated } from "kysely";

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

/** An institution's national cryptography (migration 0472): SM2 signatures, SM4 encryption. */
export interface NhsaCryptoTable {
  fixmedins_code: string;
  sign_type: "SM2" | null;
  sm2_public_key: string | null; // hex, uncompressed (04...) or compressed
  enc_type: "SM4" | null;
  sm4_key_enc: string | null; // sealed, context "sm4:<code>"
  updated_at: Date;
}

declare module "../../db/schema.ts" {
  interface DB {
    nhsa_crypto: NhsaCryptoTable;
    nhsa_reconciliations: NhsaReconciliationTable;
    nhsa_access_keys: NhsaAccessKeyTable;
    nhsa_sign_ins: NhsaSignInTable;
    nhsa_files: NhsaFileTable;
  }
}

/** A file uploaded with 9101 (migration 0919): the sender's only, refused after expires_at. */
export interface NhsaFileTable {
  id: Generated<bigint>;
  file_qury_no: string;
  fixmedins_code: string;
  filename: string;
  content: Uint8Array;
  bytes: number;
  sha256: string;
  msgid: string;
  uploaded_at: Date;
  expires_at: Date;
}

/** What one 3201/3202 message found (migration 0475), append-only. */
export interface NhsaReconciliationTable {
  id: Generated<bigint>;
  fixmedins_code: string;
  infno: "3201" | "3202";
  msgid: string;
  begin_date: string;
  end_date: string;
  insutype: string | null;
  clr_type: string | null;
  consistent: boolean;
  ours: ColumnType<ReconTotalsJson, string, never>;
  theirs: ColumnType<ReconTotalsJson, string, never>;
  differences: ColumnType<unknown[], string, never>;
  created_at: Date;
}

/** Totals of one side: count as a number, amounts as fen strings. */
export interface ReconTotalsJson {
  count: number;
  medfee: string;
  fund: string;
  acct: string;
}
