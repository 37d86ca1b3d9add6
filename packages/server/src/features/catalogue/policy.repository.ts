import { YibaoError } from "@yibao/core/errors";
import { type Policy, parsePolicy } from "@yibao/core/settlement";
import type { Executor } from "../../db/database.ts";
import { uncachedReference } from "./reference.ts";

/**
 * The policy in force for a region x insutype x med_type x year (the region's latest version, else
 * its parent's), read from the database; SETL_POLICY_MISSING when there is none.
 */
export async function findPolicy(
  ex: Executor,
  region: string,
  insutype: string,
  medType: string,
  year: number,
): Promise<Policy> {
  const policy = await uncachedReference.policy(ex, region, insutype, medType, year);
  if (!policy)
    throw new YibaoError(
      "SETL_POLICY_MISSING",
      `No benefit policy for ${region} insutype ${insutype} med_type ${medType} ${year}`,
      { field: "med_type" },
    );
  return policy;
}

/** Stores a new version of a policy (validated first); returns the version number. */
export async function insertPolicyVersion(
  ex: Executor,
  region: string,
  year: number,
  document: Record<string, unknown>,
  createdBy: string,
): Promise<number> {
  const policy = parsePolicy(document);
  const last = await ex
    .selectFrom("benefit_policies")
    .select("version")
    .where("region_code", "=", region)
    .where("insutype", "=", policy.insutype)
    .where("med_type", "=", policy.medType)
    .where("year", "=", year)
    .orderBy("version", "desc")
    .limit(1)
    .executeTakeFirst();
  const version = (last?.version ?? 0) + 1;
  await ex
    .insertInto("benefit_policies")
    .values({
      region_code: region,
      insutype: policy.insutype,
      med_type: policy.medType,
      year,
      version,
      document: JSON.stringify(document),
      created_by: createdBy,
    })
    .execute();
  return version;
}

/** The region's own latest version of a policy (not its parent's), if it has one. */
export function latestPolicyRow(
  ex: Executor,
  region: string,
  insutype: string,
  medType: string,
  year: number,
) {
  return ex
    .selectFrom("benefit_policies")
    .selectAll()
    .where("insutype", "=", insutype)
    .where("med_type", "=", medType)
    .where("year", "=", year)
    .where("region_code", "=", region)
    .orderBy("version", "desc")
    .limit(1)
    .executeTakeFirst();
}

/** Every version of a region's own policies of a year, by insutype and med_type, newest version first. */
export function policyVersions(ex: Executor, region: string, year: number) {
  return ex
    .selectFrom("benefit_policies")
    .selectAll()
    .where("region_code", "=", region)
    .where("year", "=", year)
    .orderBy("insutype")
    .orderBy("med_type")
    .orderBy("version", "desc")
    .execute();
}
