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
  /** settlement ids below this (a page's cursor), newest first */
  before: bigint | null;
  limit: number;
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
    .orderBy("s.id", "desc")
    .limit(f.limit);
  if (f.before !== null) query = query.where("s.id", "<", f.before);
  if (f.institutionCode) query = query.where("v.institution_code", "=", f.institutionCode);
  if (f.psnNo) query = query.where("p.psn_no", "=", f.psnNo);
  return query.execute();
}
