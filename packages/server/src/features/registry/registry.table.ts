import type { Generated } from "kysely";

export type EnrolmentStatus = "active" | "suspended" | "terminated";
export type AssistanceCategory = "tk" | "db" | "jc";

export interface PersonTable {
  id: Generated<bigint>;
  psn_no: string; // 人员编号
  certno: string; // 身份证号, GB 11643
  name: string;
  gender: "1" | "2" | "9"; // gend
  birth_date: string; // brdy, yyyy-MM-dd
  phone: string | null;
  address: string | null;
  household_no: string | null;
  region_code: string;
  parent_person_id: bigint | null;
  card_no: string; // 社会保障卡卡号, mdtrt_cert_no of 1101 with mdtrt_cert_type 03
  card_sn: string | null; // 卡识别码 (card_sn), null when the card was issued elsewhere and not imported
  created_at: Generated<Date>;
}

export interface EmployerTable {
  id: Generated<bigint>;
  uscc: string; // 统一社会信用代码
  name: string;
  region_code: string;
  created_at: Generated<Date>;
}

export interface EnrolmentTable {
  id: Generated<bigint>;
  person_id: bigint;
  insutype: string;
  psn_type: string;
  region_code: string; // insuplc_admdvs
  employer_id: bigint | null;
  flexible: Generated<boolean>;
  start_date: string; // psn_insu_date
  end_date: string | null;
  benefit_start_date: string | null;
  status: EnrolmentStatus; // psn_insu_stas
  carried_months: Generated<number>;
  created_at: Generated<Date>;
}

export interface EnrolmentStatusHistoryTable {
  id: Generated<bigint>;
  enrolment_id: bigint;
  status: EnrolmentStatus;
  effective_date: string;
  reason: string | null;
  operator_id: bigint | null;
  recorded_at: Generated<Date>;
}

export interface AssistanceCategoryTable {
  id: Generated<bigint>;
  person_id: bigint;
  category: AssistanceCategory;
  valid_from: string;
  valid_to: string | null;
  source: Generated<string>;
  recorded_at: Generated<Date>;
}

export interface PersonalAccountTable {
  person_id: bigint;
  balance: bigint; // fen
  updated_at: Generated<Date>;
}

export interface AccountLedgerTable {
  id: Generated<bigint>;
  person_id: bigint;
  amount: bigint; // fen, signed
  balance_after: bigint;
  kind: string;
  ref_type: string | null;
  ref_id: string | null;
  at: Generated<Date>;
}

declare module "../../db/schema.ts" {
  interface DB {
    persons: PersonTable;
    employers: EmployerTable;
    enrolments: EnrolmentTable;
    enrolment_status_history: EnrolmentStatusHistoryTable;
    assistance_categories: AssistanceCategoryTable;
    personal_accounts: PersonalAccountTable;
    account_ledger: AccountLedgerTable;
  }
}
