import type { Executor } from "../../db/database.ts";
import { type RegionScope, regionIn } from "../platform/region-scope.ts";

/** How a search text is read: an ID number (18), a person number (16 digits), else a name's beginning. */
export type SearchKind = "certno" | "psn_no" | "name";
export function searchKind(q: string): SearchKind {
  if (/^\d{17}[\dXx]$/.test(q)) return "certno";
  if (/^\d{16}$/.test(q)) return "psn_no";
  return "name";
}

/** Persons of the scope matching the search, by id (keyset paging). */
export function searchPersons(
  ex: Executor,
  q: string,
  scope: RegionScope,
  f: { regionCode?: string; after: bigint | null; limit: number },
) {
  const kind = searchKind(q);
  let query = ex
    .selectFrom("persons")
    .selectAll()
    .where(regionIn("region_code", scope))
    .orderBy("id")
    .limit(f.limit);
  if (kind === "certno") query = query.where("certno", "=", q.toUpperCase());
  else if (kind === "psn_no") query = query.where("psn_no", "=", q);
  else query = query.where("name", "like", `${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  if (f.regionCode) query = query.where("region_code", "=", f.regionCode);
  if (f.after !== null) query = query.where("id", ">", f.after);
  return query.execute();
}

export function findEmployer(ex: Executor, uscc: string) {
  return ex
    .selectFrom("employers as m")
    .leftJoin("regions as r", "r.code", "m.region_code")
    .select(["m.id", "m.uscc", "m.name", "m.region_code", "r.name as region_name", "m.created_at"])
    .where("m.uscc", "=", uscc)
    .executeTakeFirst();
}

export interface EnrolmentFilter {
  scope: RegionScope;
  psnNo?: string;
  employerUscc?: string;
  status?: "active" | "suspended" | "terminated";
  insutype?: string;
  after: bigint | null;
  limit: number;
}

/** Enrolments with their person and employer, by id. */
export function listEnrolments(ex: Executor, f: EnrolmentFilter) {
  let q = ex
    .selectFrom("enrolments as e")
    .innerJoin("persons as p", "p.id", "e.person_id")
    .leftJoin("employers as m", "m.id", "e.employer_id")
    .select([
      "e.id",
      "p.psn_no",
      "p.name",
      "e.insutype",
      "e.psn_type",
      "e.region_code",
      "e.status",
      "e.start_date",
      "e.end_date",
      "e.benefit_start_date",
      "e.flexible",
      "e.carried_months",
      "m.uscc",
      "m.name as employer_name",
    ])
    .where(regionIn("e.region_code", f.scope))
    .orderBy("e.id")
    .limit(f.limit);
  if (f.psnNo) q = q.where("p.psn_no", "=", f.psnNo);
  if (f.employerUscc) q = q.where("m.uscc", "=", f.employerUscc);
  if (f.status) q = q.where("e.status", "=", f.status);
  if (f.insutype) q = q.where("e.insutype", "=", f.insutype);
  if (f.after !== null) q = q.where("e.id", ">", f.after);
  return q.execute();
}
