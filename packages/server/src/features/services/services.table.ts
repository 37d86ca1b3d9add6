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

declare module "../../db/schema.ts" {
  interface DB {
    service_items: ServiceItemTable;
    service_applications: ServiceApplicationTable;
    service_application_events: ServiceApplicationEventTable;
    service_ratings: ServiceRatingTable;
    service_attachments: ServiceAttachmentTable;
  }
}
