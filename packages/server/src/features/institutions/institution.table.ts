import type { Generated } from "kysely";

/** A designated medical institution or pharmacy (定点医药机构) with its agreement (协议). */
export interface InstitutionTable {
  code: string; // fixmedins_code
  name: string; // fixmedins_name
  kind: "hospital" | "primary" | "pharmacy";
  level: "1" | "2" | "3";
  region_code: string;
  payment_method: Generated<"ffs" | "drg" | "dip" | "per_diem" | "capitation">;
  agreement_from: string;
  agreement_to: string | null;
  active: Generated<boolean>;
  created_at: Generated<Date>;
}

declare module "../../db/schema.ts" {
  interface DB {
    institutions: InstitutionTable;
  }
}
