import type { Generated } from "kysely";

/** A service agreement (服务协议) of a designated institution (migration 0920), append-only. */
export interface InstitutionAgreementTable {
  id: Generated<bigint>;
  institution_code: string;
  agreement_no: string; // 协议编号
  valid_from: string;
  valid_to: string | null;
  /** the services it covers, in words (门诊, 住院, 门诊慢特病...) */
  scope: Generated<string>;
  recorded_by: string;
  recorded_at: Generated<Date>;
}

/** An agreement's early termination (解除协议): its last day in force and why; append-only. */
export interface AgreementTerminationTable {
  agreement_id: bigint;
  last_day: string;
  reason: string;
  recorded_by: string;
  recorded_at: Generated<Date>;
}

declare module "../../db/schema.ts" {
  interface DB {
    institution_agreements: InstitutionAgreementTable;
    agreement_terminations: AgreementTerminationTable;
  }
}
