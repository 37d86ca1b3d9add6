import { type Selectable, sql } from "kysely";
import type { Executor } from "../../db/database.ts";
import { type RegionScope, regionIn } from "../platform/region-scope.ts";
import { poolingRegionSql } from "../settlement/visit.repository.ts";
import type { FilingTable } from "./filing.table.ts";

export type FilingRow = Selectable<FilingTable>;
/** A filing with its person's number and the region of the enrolment it was filed under. */
export type FilingView = FilingRow & { psn_no: string; person_region: string };

export async function readFilingRules(ex: Executor, region: string) {
  return (
    (await ex.selectFrom("filing_rules").selectAll().where("region_code", "=", region).executeTakeFirst()) ??
    null
  );
}

export async function upsertFilingRules(
  ex: Executor,
  region: string,
  document: unknown,
  by: string,
  at: Date,
) {
  return ex
    .insertInto("filing_rules")
    .values({ region_code: region, document: JSON.stringify(document), updated_by: by, updated_at: at })
    .onConflict((oc) =>
      oc.column("region_code").doUpdateSet((eb) => ({
        document: eb.ref("excluded.document"),
        updated_by: eb.ref("excluded.updated_by"),
        updated_at: eb.ref("excluded.updated_at"),
      })),
    )
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** The pooling region of a region code (a county's city), or null when the code is unknown. */
export async function poolingRegion(ex: Executor, code: string): Promise<string | null> {
  const { rows } = await sql<{ pool: string }>`
    select case when level = 'county' and parent_code is not null then parent_code else code end as pool
    from regions where code = ${code}`.execute(ex);
  return rows[0]?.pool ?? null;
}

/** The person and their live enrolment in the insurance type, locked (filings of one person take turns). */
export async function lockFilingPerson(ex: Executor, psnNo: string, insutype: string) {
  const { rows } = await sql<{
    person_id: bigint;
    region_code: string | null;
    insured_region: string | null;
  }>`
    select p.id as person_id, e.region_code, ${poolingRegionSql("e.region_code")} as insured_region
    from persons p
    left join lateral (select region_code from enrolments
      where person_id = p.id and insutype = ${insutype} and status = 'active' order by id desc limit 1) e on true
    where p.psn_no = ${psnNo}
    for update of p`.execute(ex);
  return rows[0] ?? null;
}

/** Live filings of the person for the treatment region whose period meets [from, to]. */
export async function overlappingFilings(
  ex: Executor,
  personId: bigint,
  treatmentRegion: string,
  from: string,
  to: string | null,
) {
  return ex
    .selectFrom("filings")
    .select(["filing_no"])
    .where("person_id", "=", personId)
    .where("treatment_region", "=", treatmentRegion)
    .where("status", "=", "active")
    .where((eb) => eb.or([eb("valid_to", "is", null), eb("valid_to", ">=", from)]))
    .where("valid_from", "<=", to ?? "9999-12-31")
    .execute();
}

export async function insertFiling(
  ex: Executor,
  row: Omit<FilingRow, "id" | "filing_no">,
): Promise<FilingRow> {
  const { rows } = await sql<{ id: bigint }>`select nextval('filings_id_seq') as id`.execute(ex);
  const id = BigInt(rows[0]!.id);
  // 备案号: the insured region and a serial, e.g. BA5304000000000012
  const filingNo = `BA${row.insured_region}${String(id).padStart(10, "0")}`;
  return ex
    .insertInto("filings")
    .values({ ...row, id, filing_no: filingNo })
    .returningAll()
    .executeTakeFirstOrThrow();
}

const view = (ex: Executor) =>
  ex
    .selectFrom("filings as f")
    .innerJoin("persons as p", "p.id", "f.person_id")
    .selectAll("f")
    .select(["p.psn_no", "p.region_code as person_region"]);

export async function findFiling(ex: Executor, filingNo: string, lock = false): Promise<FilingView | null> {
  const q = view(ex).where("f.filing_no", "=", filingNo);
  return (await (lock ? q.forUpdate("f") : q).executeTakeFirst()) ?? null;
}

export async function updateFiling(
  ex: Executor,
  id: bigint,
  set: Partial<Pick<FilingRow, "status" | "revoked_reason" | "proof_received_at">>,
) {
  await ex.updateTable("filings").set(set).where("id", "=", id).execute();
}

/** A page of filings, newest first, of persons in the scope; optionally one person's. */
export async function filingPage(
  ex: Executor,
  scope: RegionScope,
  filter: { psnNo?: string; treatmentRegion?: string },
  before: bigint | null,
  limit: number,
): Promise<FilingView[]> {
  let q = view(ex).where(regionIn("p.region_code", scope));
  if (filter.psnNo) q = q.where("p.psn_no", "=", filter.psnNo);
  if (filter.treatmentRegion) q = q.where("f.treatment_region", "=", filter.treatmentRegion);
  if (before !== null) q = q.where("f.id", "<", before);
  return q.orderBy("f.id", "desc").limit(limit).execute();
}
