import { minBig } from "../money/index.ts";
import type { InstitutionLevel, Policy } from "../settlement/types.ts";

/**
 * The policy an out-of-region patient without a filing (未备案异地就医) is paid by: the insured
 * region's policy with the pool ratio lowered to its `outOfRegion.unfiledRatio` at every level
 * (never raised: a level paying less already keeps its own ratio). Null when the policy refuses
 * unfiled patients, which is also what a policy without an `outOfRegion` rule does.
 */
export function unfiledPolicy(policy: Policy): Policy | null {
  const rule = policy.outOfRegion;
  if (!rule || rule.unfiled === "refuse") return null;
  const ratioByLevel = { ...policy.pool.ratioByLevel };
  for (const level of Object.keys(ratioByLevel) as InstitutionLevel[])
    ratioByLevel[level] = minBig(ratioByLevel[level], rule.unfiledRatio);
  return { ...policy, pool: { ...policy.pool, ratioByLevel } };
}

/** Out of region: insured (insuplc_admdvs) and treated (mdtrtarea_admvs) in different pooling regions. */
export const isOutOfRegion = (insuredRegion: string | null, treatmentRegion: string | null) =>
  insuredRegion !== null && treatmentRegion !== null && insuredRegion !== treatmentRegion;
