import type { Generated } from "kysely";

export type CitizenKind = "insured" | "employer";

/** One-time sign-in codes (migration 0800), stored as hashes. */
export interface OneTimeCodeTable {
  id: Generated<bigint>;
  kind: CitizenKind;
  subject_id: bigint; // persons.id or employers.id
  code_hash: string;
  created_at: Date;
  expires_at: Date;
  used_at: Date | null;
}

/** Sessions of insured persons and employers: never operators' (platform sessions). */
export interface CitizenSessionTable {
  token_hash: string;
  kind: CitizenKind;
  person_id: bigint | null;
  employer_id: bigint | null;
  created_at: Date;
  expires_at: Date;
}

declare module "../../db/schema.ts" {
  interface DB {
    one_time_codes: OneTimeCodeTable;
    citizen_sessions: CitizenSessionTable;
  }
}
