// Benefit policies (待遇政策) as versioned documents: reading the one in force, storing a new version.

import { type Actor, recordAudit } from "../../audit/audit.ts";
import type { Db } from "../../db/database.ts";
import { findPolicy, insertPolicyVersion, latestPolicyRow, policyVersions } from "./policy.repository.ts";

/**
 * The region's latest version of a policy, or undefined when the region inherits its parent's;
 * SETL_POLICY_MISSING when no policy is in force for the region at all.
 */
export async function ownPolicy(db: Db, region: string, year: number, insutype: string, medType: string) {
  await findPolicy(db, region, insutype, medType, year); // refuses when none is in force
  return latestPolicyRow(db, region, insutype, medType, year);
}

/** Stores a new version of a policy (validated first), audited; returns the version number. */
export async function storePolicyVersion(
  db: Db,
  actor: Actor,
  region: string,
  year: number,
  document: Record<string, unknown>,
) {
  return db.transaction().execute(async (trx) => {
    const v = await insertPolicyVersion(trx, region, year, document, actor.login);
    await recordAudit(trx, actor, {
      action: "policy.version",
      entity: "benefit_policies",
      entityId: `${region}/${year}/${String(document.insutype)}/${String(document.med_type)}/v${v}`,
      after: document,
    });
    return v;
  });
}

/** Every version of a region's own policies of a year (GET /policies/{region}/{year}). */
export function policyVersionsOf(db: Db, region: string, year: number) {
  return policyVersions(db, region, year);
}
