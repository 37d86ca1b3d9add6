import { sql } from "kysely";
import type { Executor } from "../../db/database.ts";
import { type RegionScope, regionIn } from "../platform/region-scope.ts";
import type { DrawTeam } from "./inspection.table.ts";

/** The designated institutions of a region and the regions below it (with an agreement today), codes sorted. */
export async function candidateInstitutions(
  ex: Executor,
  regionCode: string,
  filter: { level?: string; kind?: string },
  today: string,
): Promise<string[]> {
  const { rows } = await sql<{ code: string }>`
    with recursive tree(code) as (
      select code from regions where code = ${regionCode}
      union
      select r.code from regions r join tree t on r.parent_code = t.code)
    select i.code from institutions i
    where i.region_code in (select code from tree) and i.active
      and i.agreement_from <= ${today} and (i.agreement_to is null or i.agreement_to >= ${today})
      ${filter.level ? sql`and i.level = ${filter.level}` : sql``}
      ${filter.kind ? sql`and i.kind = ${filter.kind}` : sql``}
    order by i.code`.execute(ex);
  return rows.map((r) => r.code);
}

/** Active auditors and supervisors of the region or a region above it (who may inspect there), logins sorted. */
export async function candidateInspectors(ex: Executor, regionCode: string): Promise<string[]> {
  const { rows } = await sql<{ login: string }>`
    with recursive up(code, parent) as (
      select code, parent_code from regions where code = ${regionCode}
      union
      select r.code, r.parent_code from regions r join up u on r.code = u.parent)
    select o.login from operators o
    where o.active and o.role in ('auditor', 'supervisor')
      and o.region_code in (select code from up)
    order by o.login`.execute(ex);
  return rows.map((r) => r.login);
}

export async function insertDraw(
  ex: Executor,
  d: {
    regionCode: string;
    title: string;
    seed: string;
    institutionCount: number;
    perTeam: number;
    filter: object;
    candidates: { institutions: string[]; inspectors: string[] };
    candidatesSha256: string;
    teams: DrawTeam[];
    createdBy: string;
    year: number;
  },
) {
  const { rows } = await sql<{ id: string }>`select nextval('inspection_draws_id_seq')::text as id`.execute(
    ex,
  );
  const id = BigInt(rows[0]!.id);
  return ex
    .insertInto("inspection_draws")
    .values({
      id,
      // SJ (抽检) + region + year + the serial: readable and unique
      draw_no: `SJ${d.regionCode}${d.year}${String(id).padStart(6, "0")}`,
      region_code: d.regionCode,
      title: d.title,
      seed: d.seed,
      institution_count: d.institutionCount,
      per_team: d.perTeam,
      filter: JSON.stringify(d.filter),
      candidates: JSON.stringify(d.candidates),
      candidates_sha256: d.candidatesSha256,
      teams: JSON.stringify(d.teams),
      created_by: d.createdBy,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export const findDraw = (ex: Executor, id: bigint, lock = false) => {
  const q = ex.selectFrom("inspection_draws").selectAll().where("id", "=", id);
  return (lock ? q.forUpdate() : q).executeTakeFirst();
};

export async function listDraws(ex: Executor, scope: RegionScope, onlyPublished: boolean) {
  let q = ex
    .selectFrom("inspection_draws")
    .selectAll()
    .where(regionIn("region_code", scope))
    .orderBy("id", "desc")
    .limit(200);
  if (onlyPublished) q = q.where("published_at", "is not", null);
  return q.execute();
}

export const publishDraw = (ex: Executor, id: bigint, by: string, at: Date) =>
  ex
    .updateTable("inspection_draws")
    .set({ published_at: at, published_by: by })
    .where("id", "=", id)
    .where("published_at", "is", null)
    .returningAll()
    .executeTakeFirst();

export const drawResults = (ex: Executor, drawIds: bigint[]) =>
  drawIds.length === 0
    ? Promise.resolve([])
    : ex
        .selectFrom("inspection_results as r")
        .leftJoin("supervision_cases as c", "c.id", "r.case_id")
        .select([
          "r.draw_id",
          "r.institution_code",
          "r.outcome",
          "r.note",
          "r.recorded_by",
          "r.recorded_at",
          "c.case_no",
          "r.case_id",
        ])
        .where("r.draw_id", "in", drawIds)
        .orderBy("r.id")
        .execute();

export const insertResult = (
  ex: Executor,
  r: {
    drawId: bigint;
    institutionCode: string;
    outcome: "no_finding" | "case_opened";
    caseId: bigint | null;
    note: string;
    by: string;
    at: Date;
  },
) =>
  ex
    .insertInto("inspection_results")
    .values({
      draw_id: r.drawId,
      institution_code: r.institutionCode,
      outcome: r.outcome,
      case_id: r.caseId,
      note: r.note,
      recorded_by: r.by,
      recorded_at: r.at,
    })
    .onConflict((oc) => oc.columns(["draw_id", "institution_code"]).doNothing())
    .returning("id")
    .executeTakeFirst();

export const institutionNames = async (ex: Executor, codes: string[]) =>
  new Map(
    codes.length === 0
      ? []
      : (
          await ex.selectFrom("institutions").select(["code", "name"]).where("code", "in", codes).execute()
        ).map((r) => [r.code, r.name] as const),
  );
