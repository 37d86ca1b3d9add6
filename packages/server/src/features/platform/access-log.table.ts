import type { Generated } from "kysely";

export type AccessChannel = "nhsa" | "rest";
/** found; not_found (no person for the credential); invalid (malformed credential or type);
 * unsupported (e-voucher); rate_limited; out_of_scope (a staff lookup outside the operator's region) */
export const ACCESS_RESULTS = [
  "found",
  "not_found",
  "invalid",
  "unsupported",
  "rate_limited",
  "out_of_scope",
] as const;
export type AccessResult = (typeof ACCESS_RESULTS)[number];

/** Person lookups (migration 0461): who, when, which person, with what credential (masked). */
export interface PersonAccessLogTable {
  id: Generated<bigint>;
  at: Date;
  channel: AccessChannel;
  fixmedins_code: string | null;
  operator_id: bigint | null;
  operator_login: string | null;
  person_id: bigint | null;
  credential_type: string; // mdtrt_cert_type 01/02/03, or psn_no / certno
  credential_masked: string;
  result: AccessResult;
  request_id: string | null; // NHSA msgid, or the REST request id
}

declare module "../../db/schema.ts" {
  interface DB {
    person_access_log: PersonAccessLogTable;
  }
}
