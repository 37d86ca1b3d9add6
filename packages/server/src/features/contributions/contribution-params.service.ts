import {
  type ContributionParamsJson,
  formatContributionParams,
  parseContributionParams,
} from "@yibao/core/contribution";
import { type Actor, recordAudit } from "../../audit/audit.ts";
import type { Db } from "../../db/database.ts";
import { requireRegionInScope } from "../platform/region-scope.ts";
import { storedParams, upsertParams } from "./contribution.repository.ts";

/**
 * Sets a region's contribution parameters (筹资参数) of a year: validated, stored in their
 * canonical form (every parameter, defaults filled in), audited with the document they replace.
 */
export async function setParams(
  db: Db,
  actor: Actor,
  region: string,
  year: number,
  json: ContributionParamsJson,
) {
  const parsed = parseContributionParams(json);
  const stored = JSON.stringify(formatContributionParams(parsed));
  return db.transaction().execute(async (trx) => {
    await requireRegionInScope(trx, actor, region, "region");
    const before = await storedParams(trx, region, year);
    await upsertParams(trx, region, year, stored);
    await recordAudit(trx, actor, {
      action: "contribution.params.set",
      entity: "contribution_params",
      entityId: `${region}/${year}`,
      before,
      after: JSON.parse(stored),
    });
    return formatContributionParams(parsed);
  });
}
