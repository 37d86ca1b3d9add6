import { fieldError } from "@yibao/core/errors";
import { type Actor, recordAudit } from "../../audit/audit.ts";
import type { Db } from "../../db/database.ts";
import { requireRegionInScope } from "../platform/region-scope.ts";
import { requireRegion } from "../registry/person.service.ts";
import { findPopulation, upsertPopulation } from "./indicators.repository.ts";

/**
 * Records a region's resident population (常住人口) for a year, as the statistics bureau publishes
 * it: the denominator of the participation rate. A later figure replaces the earlier one; the audit
 * log keeps both.
 */
export async function setPopulation(
  db: Db,
  actor: Actor,
  input: { region: string; year: number; population: bigint; source: string },
  now: Date,
) {
  if (input.population <= 0n) throw fieldError("FIELD_INVALID", "population", "population must be positive");
  return db.transaction().execute(async (trx) => {
    await requireRegion(trx, input.region, "region");
    await requireRegionInScope(trx, actor, input.region, "region");
    const before = await findPopulation(trx, input.region, input.year);
    const row = await upsertPopulation(trx, {
      region_code: input.region,
      year: input.year,
      population: input.population,
      source: input.source,
      set_by: actor.login,
      set_at: now,
    });
    await recordAudit(trx, actor, {
      action: "indicators.population.set",
      entity: "region_populations",
      entityId: `${input.region}/${input.year}`,
      before,
      after: row,
    });
    return row;
  });
}
