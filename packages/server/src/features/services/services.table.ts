import type { ColumnType, Generated } from "kysely";

export type ApplicationStatus = "submitted" | "approved" | "rejected";
export type FilingType = "resettled" | "long_term_resident" | "referral" | "temporary" | "commitment";
export type FilingStatus = "pending" | "active" | "rejected" | "revoked";

/** A public-service item (政务服务事项, migration 0810). */
export interface ServiceItemTable {
  code: string;
  name: string;
  name_en: string;
  applicant: "insured" | "employer";
  online: boolean;
  time_limit_days: number;
  needs_invoice: boolean;
  sort: number;
}

export interface ServiceApplicationTable {
  id: Generated<bigint>;
  item_code: string;
  person_id: bigint | null;
  employer_id: bigint | null;
  region_code: string;
  status: ApplicationStatus;
  form: ColumnType<Record<string, unknown>, string, string>;
  submitted_at: Date;
  due_at: Date;
  decided_at: Date | null;
  decided_by: bigint | null;
  decision_note: string | null;
}

export interface ServiceApplicationEventTable {
  id: Generated<bigint>;
  application_id: bigint;
  at: Date;
  status: string;
  actor: string;
  note: string | null;
}

export interface ServiceRatingTable {
  application_id: bigint;
  score: number;
  comment: string | null;
  rated_at: Date;
}

export interface ServiceAttachmentTable {
  id: Generated<bigint>;
  application_id: bigint;
  content_type: "image/jpeg" | "image/png" | "application/pdf";
  size: number;
  sha256: string;
  data: Buffer;
  uploaded_at: Date;
}

/** 异地就医备案: read by the settlement side (in force: active and the day within valid_from..valid_to). */
export interface OutOfRegionFilingTable {
  id: Generated<bigint>;
  person_id: bigint;
  insured_region: string; // insuplc_admdvs
  treatment_region: string; // mdtrtarea_admvs
  filing_type: FilingType;
  valid_from: string;
  valid_to: string | null;
  commitment_due: string | null; // 承诺制
  status: FilingStatus;
  application_id: bigint | null;
  created_at: Date;
  decided_at: Date | null;
}

declare module "../../db/schema.ts" {
  interface DB {
    service_items: ServiceItemTable;
    service_applications: ServiceApplicationTable;
    service_application_events: ServiceApplicationEventTable;
    service_ratings: ServiceRatingTable;
    service_attachments: ServiceAttachmentTable;
    out_of_region_filings: OutOfRegionFilingTable;
  }
}
