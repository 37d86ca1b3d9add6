import { YibaoError } from "@yibao/core/errors";
import { type RawBuilder, sql } from "kysely";
import type { Actor } from "../../audit/audit.ts";
import type { Executor } from "../../db/database.ts";

/**
 * Which regions' rows an operator sees and changes: their own region and every region below it
 * (regions.parent_code), so a county (5301xx) operator has their county and a city (530100)
 * operator the city and its counties. null = every region: the system itself (CLI, jobs) and an
 * admin without a region. A staff operator without a region sees nothing (deny by default).
 * Institution operators are confined to their institution elsewhere and are not scoped here.
 */
export type RegionScope = ReadonlySet<string> | null;

export async function regionScope(ex: Executor, actor: Actor): Promise<RegionScope> {
  if (actor.role === "system" || actor.role === "institution") return null;
  if (actor.regionCode === null) return actor.role === "admin" ? null : new Set();
  const { rows } = await sql<{ code: string }>`
    with recursive tree(code) as (
      select code from regions where code = ${actor.regionCode}
      union
      select r.code from regions r join tree t on r.parent_code = t.code)
    select code from tree`.execute(ex);
  return new Set(rows.map((r) => r.code));
}

export const inScope = (scope: RegionScope, code: string | null | undefined) =>
  scope === null || (code != null && scope.has(code));

/** A where-condition: `column` (a region code column) lies in the scope. */
export function regionIn(column: string, scope: RegionScope): RawBuilder<boolean> {
  if (scope === null) return sql<boolean>`true`;
  if (scope.size === 0) return sql<boolean>`false`;
  return sql<boolean>`${sql.ref(column)} in (${sql.join([...scope])})`;
}

/** A write naming a region outside the operator's scope is refused (403), naming the field. */
export async function requireRegionInScope(ex: Executor, actor: Actor, code: string, field = "regionCode") {
  if (!inScope(await regionScope(ex, actor), code)) {
    throw new YibaoError("REGION_OUT_OF_SCOPE", `Region ${code} is outside your region`, { field });
  }
}

/**
 * A person, employer or enrolment outside the scope is answered as if it did not exist: an
 * operator learns nothing about other counties' rows by trying their numbers.
 */
export async function requireRowInScope(
  ex: Executor,
  actor: Actor,
  regionCode: string | null | undefined,
  notFound: () => Error,
) {
  if (!inScope(await regionScope(ex, actor), regionCode)) throw notFound();
}
