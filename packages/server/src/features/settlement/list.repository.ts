import type { Executor } from "../../db/database.ts";
import { type RegionScope, regionIn } from "../platform/region-scope.ts";
import { SETTLEMENT_AMOUNT_COLUMNS } from "./settlement.table.ts";

/** The amounts a settlement list shows (engine names; columns and NHSA names from the field maps). */
export const LISTED_AMOUNTS = ["medfee", "fundPay", "accountPay", "cashPay"] as const;

export interface SettlementFilter {
  /** only this institution's settlements (an institution operator's own) */
  institutionCode?: string;
  /** only persons of these regions (staff), null: all */
  scope: RegionScope;
  psnNo?: string;
  /** the last settlement id of the page before (a page's cursor) */
  before: bigint | null;
  limit: number;
  /** by time: desc newest first (default), asc oldest first */
  order?: "asc" | "desc";
}

/** Settlements with their visit and person number, newest first. */
export async function findSettlements(ex: Executor, f: SettlementFilter) {
  let query = ex
    .selectFrom("settlements as s")
    .innerJoin("visits as v", "v.id", "s.visit_id")
    .innerJoin("persons as p", "p.id", "s.person_id")
    .select(["s.id", "s.setl_id", "s.kind", "s.setl_time"])
    .select(LISTED_AMOUNTS.map((k) => `s.${SETTLEMENT_AMOUNT_COLUMNS[k]}` as const))
    .select(["v.mdtrt_id", "v.med_type", "v.insutype", "v.institution_code", "p.psn_no"])
    .where(regionIn("p.region_code", f.scope))
    .orderBy("s.id", f.order ?? "desc")
    .limit(f.limit);
  // the cursor is the last id of the page before, in the list's order
  if (f.before !== null) query = query.where("s.id", f.order === "asc" ? ">" : "<", f.before);
  if (f.institutionCode) query = query.where("v.institution_code", "=", f.institutionCode);
  if (f.psnNo) query = query.where("p.psn_no", "=", f.psnNo);
  return query.execute();
}
