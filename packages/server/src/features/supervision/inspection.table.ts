import type { ColumnType, Generated } from "kysely";

type Json<T> = ColumnType<T, string, string>;

/** A drawn team: the institution and its inspectors' logins. */
export interface DrawTeam {
  institution: string;
  inspectors: string[];
}

/** A random inspection draw (双随机): as drawn, published once (migration 0916). */
export interface InspectionDrawTable {
  id: ColumnType<bigint, bigint | undefined, never>;
  draw_no: string;
  region_code: string;
  title: string;
  seed: string;
  institution_count: number;
  per_team: number;
  filter: Json<{ level?: string; kind?: string }>;
  candidates: Json<{ institutions: string[]; inspectors: string[] }>;
  candidates_sha256: string;
  teams: Json<DrawTeam[]>;
  created_by: string;
  created_at: Generated<Date>;
  published_at: Date | null;
  published_by: string | null;
}

/** What the inspection of one drawn institution found (append-only). */
export interface InspectionResultTable {
  id: Generated<bigint>;
  draw_id: bigint;
  institution_code: string;
  outcome: "no_finding" | "case_opened";
  case_id: bigint | null;
  note: Generated<string>;
  recorded_by: string;
  recorded_at: Generated<Date>;
}

/** A case disclosed to the public (典型案例曝光), or its withdrawal: the latest entry is in force. */
export interface CaseDisclosureTable {
  id: Generated<bigint>;
  case_id: bigint;
  action: "disclose" | "withdraw";
  summary: string;
  actor_login: string;
  at: Generated<Date>;
}

declare module "../../db/schema.ts" {
  interface DB {
    inspection_draws: InspectionDrawTable;
    inspection_results: InspectionResultTable;
    case_disclosures: CaseDisclosureTable;
  }
}
