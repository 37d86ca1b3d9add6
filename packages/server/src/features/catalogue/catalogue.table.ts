import type { ColumnType, Generated } from "kysely";

/** Restrictions of a catalogue entry (限定支付范围); a line breaking one is paid as class C. */
export interface CatalogueRestrictions {
  sex?: "1" | "2";
  ageMin?: number;
  ageMax?: number;
  levels?: ("1" | "2" | "3")[];
  setting?: "inpatient" | "outpatient";
  maxPerDay?: string; // quantity, decimal
}

export interface CatalogueEntryTable {
  id: Generated<bigint>;
  code: string;
  name: string;
  kind: "drug" | "service" | "material";
  chrgitm_type: string;
  class: "A" | "B" | "C";
  self_pay_ratio: Generated<number>;
  price_cap: bigint | null;
  restrictions: ColumnType<CatalogueRestrictions, string | undefined, string>;
  valid_from: string;
  valid_to: string | null;
  region_code: string | null; // a region's own entry (its prices); null: the shared catalogue
  created_at: Generated<Date>;
}

export interface BenefitPolicyTable {
  id: Generated<bigint>;
  region_code: string;
  insutype: string;
  med_type: string;
  year: number;
  version: number;
  document: ColumnType<Record<string, unknown>, string, string>;
  created_by: string;
  created_at: Generated<Date>;
}

declare module "../../db/schema.ts" {
  interface DB {
    catalogue_entries: CatalogueEntryTable;
    benefit_policies: BenefitPolicyTable;
  }
}
