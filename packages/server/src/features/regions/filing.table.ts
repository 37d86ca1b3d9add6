import type { FilingKind } from "@yibao/core/regions";
import type { ColumnType, Generated } from "kysely";

/** An insured region's filing rules (docs/regions.md), as its JSON document. */
export interface FilingRulesTable {
  region_code: string;
  document: ColumnType<Record<string, unknown>, string, string>;
  updated_by: string;
  updated_at: Date;
}

/** One out-of-region filing (异地就医备案) of a person. */
export interface FilingTable {
  id: Generated<bigint>;
  filing_no: string; // 备案号
  person_id: bigint;
  insutype: string;
  insured_region: string; // insuplc_admdvs, a pooling region
  treatment_region: string; // mdtrtarea_admvs, a pooling region
  kind: FilingKind;
  valid_from: string;
  valid_to: string | null;
  commitment_due: string | null; // 承诺制: documents due by this day
  proof_received_at: Date | null;
  status: "active" | "revoked";
  revoked_reason: string | null;
  created_by: string;
  created_at: Date;
  application_id: bigint | null; // the online application (features/services) it was filed from
}

declare module "../../db/schema.ts" {
  interface DB {
    filing_rules: FilingRulesTable;
    filings: FilingTable;
  }
}
