import { createHash, randomBytes } from "node:crypto";
import { YibaoError, fieldError } from "@yibao/core/errors";
import { drawInspections } from "@yibao/core/supervision";
import { beijingDay, beijingYear } from "@yibao/core/time";
import { type Actor, recordAudit } from "../../audit/audit.ts";
import type { Db } from "../../db/database.ts";
import { regionScope, requireRegionInScope, requireRowInScope } from "../platform/region-scope.ts";
import {
  candidateInspectors,
  candidateInstitutions,
  drawResults,
  findDraw,
  insertDraw,
  insertResult,
  listDraws,
  publishDraw,
} from "./inspection.repository.ts";

/**
 * Random inspections (双随机、一公开): a supervisor draws institutions of a region and, for each, a
 * team of inspectors (active auditors and supervisors of the region or above), with
 * core/supervision/inspection.ts from a seed. The draw keeps the candidate lists it drew from and
 * their SHA-256, so anyone can re-draw it; it is published once and never changed; each drawn
 * institution's result is recorded once (no finding, or the case it opened).
 */
type DrawRow = NonNullable<Awaited<ReturnType<typeof findDraw>>>;

/**
 * The SHA-256 of the candidate lists, over the JSON text `[institutions, inspectors]` (each sorted):
 * arrays, not an object, so the text does not depend on how a store orders keys (jsonb does).
 */
export const candidatesSha256 = (c: { institutions: string[]; inspectors: string[] }) =>
  createHash("sha256")
    .update(JSON.stringify([c.institutions, c.inspectors]))
    .digest("hex");
const teamsText = (teams: { institution: string; inspectors: string[] }[]) =>
  JSON.stringify(teams.map((t) => [t.institution, t.inspectors]));

/** The draw again from its stored seed and lists: equal teams and an equal hash, or not verified. */
export function verifyDraw(stored: DrawRow) {
  const c = stored.candidates as unknown as { institutions: string[]; inspectors: string[] };
  const again = drawInspections(
    stored.seed,
    c.institutions,
    c.inspectors,
    stored.institution_count,
    stored.per_team,
  );
  const teams = stored.teams as unknown as { institution: string; inspectors: string[] }[];
  return candidatesSha256(c) === stored.candidates_sha256 && teamsText(again.teams) === teamsText(teams);
}

export async function createDraw(
  db: Db,
  actor: Actor,
  input: {
    regionCode: string;
    title: string;
    seed?: string;
    institutionCount: number;
    perTeam?: number;
    level?: string;
    kind?: string;
  },
  now: Date,
) {
  const perTeam = input.perTeam ?? 2;
  // a seed not given is made here and published with the draw: reproducible either way
  const seed = input.seed ?? randomBytes(8).toString("hex");
  return db.transaction().execute(async (trx) => {
    await requireRegionInScope(trx, actor, input.regionCode);
    const filter = {
      ...(input.level ? { level: input.level } : {}),
      ...(input.kind ? { kind: input.kind } : {}),
    };
    const institutions = await candidateInstitutions(trx, input.regionCode, filter, beijingDay(now));
    const inspectors = await candidateInspectors(trx, input.regionCode);
    if (institutions.length < input.institutionCount)
      throw new YibaoError("SUP_DRAW_TOO_FEW", `Only ${institutions.length} institutions can be drawn`, {
        field: "institutionCount",
        available: institutions.length,
      });
    if (inspectors.length < perTeam)
      throw new YibaoError("SUP_DRAW_TOO_FEW", `Only ${inspectors.length} inspectors can be drawn`, {
        field: "perTeam",
        available: inspectors.length,
      });
    const drawn = drawInspections(seed, institutions, inspectors, input.institutionCount, perTeam);
    const candidates = { institutions, inspectors };
    const row = await insertDraw(trx, {
      regionCode: input.regionCode,
      title: input.title,
      seed,
      institutionCount: input.institutionCount,
      perTeam,
      filter,
      candidates,
      candidatesSha256: candidatesSha256(candidates),
      teams: drawn.teams,
      createdBy: actor.login,
      year: Number(beijingYear(now)),
    });
    await recordAudit(trx, actor, {
      action: "supervision.inspection.draw",
      entity: "inspection_draws",
      entityId: row.id,
      after: { drawNo: row.draw_no, seed, teams: drawn.teams.length },
    });
    return row;
  });
}

const drawUnknown = (id: bigint) => new YibaoError("NOT_FOUND", `No inspection draw ${id}`, { field: "id" });

async function drawInScope(db: Db, actor: Actor, id: bigint) {
  const d = await findDraw(db, id);
  if (!d) throw drawUnknown(id);
  await requireRowInScope(db, actor, d.region_code, () => drawUnknown(id));
  return d;
}

export async function publish(db: Db, actor: Actor, id: bigint, now: Date) {
  await drawInScope(db, actor, id);
  return db.transaction().execute(async (trx) => {
    const d = await findDraw(trx, id, true);
    if (!d) throw drawUnknown(id);
    const done = await publishDraw(trx, id, actor.login, now);
    if (!done)
      throw new YibaoError("SUP_DRAW_STATE", `Draw ${d.draw_no} is published`, { status: "published" });
    await recordAudit(trx, actor, {
      action: "supervision.inspection.publish",
      entity: "inspection_draws",
      entityId: id,
      after: { drawNo: d.draw_no },
    });
    return done;
  });
}

export async function recordResult(
  db: Db,
  actor: Actor,
  id: bigint,
  input: { institutionCode: string; outcome: "no_finding" | "case_opened"; caseId?: bigint; note?: string },
  now: Date,
) {
  const d = await drawInScope(db, actor, id);
  if (!d.published_at)
    throw new YibaoError("SUP_DRAW_STATE", `Draw ${d.draw_no} is not published yet`, { status: "drawn" });
  const teams = d.teams as unknown as { institution: string }[];
  if (!teams.some((t) => t.institution === input.institutionCode))
    throw fieldError("FIELD_INVALID", "institutionCode", "the institution was not drawn");
  if (input.outcome === "case_opened" && input.caseId === undefined)
    throw fieldError("FIELD_REQUIRED", "caseId");
  return db.transaction().execute(async (trx) => {
    if (input.outcome === "case_opened") {
      const c = await trx
        .selectFrom("supervision_cases")
        .select("institution_code")
        .where("id", "=", input.caseId!)
        .executeTakeFirst();
      if (!c || c.institution_code !== input.institutionCode)
        throw fieldError("FIELD_INVALID", "caseId", "no case of this institution");
    }
    const row = await insertResult(trx, {
      drawId: id,
      institutionCode: input.institutionCode,
      outcome: input.outcome,
      caseId: input.outcome === "case_opened" ? input.caseId! : null,
      note: input.note ?? "",
      by: actor.login,
      at: now,
    });
    if (!row)
      throw new YibaoError("CONFLICT", "The result of this institution is recorded", {
        field: "institutionCode",
      });
    await recordAudit(trx, actor, {
      action: "supervision.inspection.result",
      entity: "inspection_draws",
      entityId: id,
      after: { institutionCode: input.institutionCode, outcome: input.outcome },
    });
  });
}

export async function getDraw(db: Db, actor: Actor, id: bigint) {
  const d = await drawInScope(db, actor, id);
  return { draw: d, results: await drawResults(db, [id]), verified: verifyDraw(d) };
}

export async function draws(db: Db, actor: Actor) {
  const rows = await listDraws(db, await regionScope(db, actor), false);
  const results = await drawResults(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((d) => ({ draw: d, results: results.filter((r) => r.draw_id === d.id) }));
}

/** The published draws (一公开), for the public page: institutions and results, no inspectors' logins. */
export async function publishedDraws(db: Db) {
  const rows = await listDraws(db, null, true);
  const results = await drawResults(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((d) => ({ draw: d, results: results.filter((r) => r.draw_id === d.id) }));
}
