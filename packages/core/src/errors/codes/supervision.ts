import type { ErrorCodeTable } from "../code-def.ts";

/**
 * Error codes of fund supervision (基金监管): knowledge-base versions, audit jobs, findings and
 * cases. Run `npm run docs:errors` after a change.
 */
export const supervisionCodes = {
  SUP_KB_NONE: {
    http: 409,
    description: "No audit knowledge base is published (publish a version before auditing)",
  },
  SUP_KB_STATE: {
    http: 409,
    description: "Only a draft knowledge-base version can be published; details.status is its state",
  },
  SUP_CASE_STATE: {
    http: 409,
    description: "The case is not in a state that allows this step; details.status is its state",
  },
  SUP_FINDING_TAKEN: {
    http: 409,
    description: "A finding already belongs to a case, or comes from a trial run; details.findingId names it",
  },
  SUP_FINDINGS_MIXED: {
    http: 400,
    description: "The findings of one case must concern one institution (details.field is findingIds)",
  },
  SUP_SETTLEMENT_HELD: {
    http: 409,
    description:
      "A rule configured to hold found a definite violation: the settlement (2207) is refused; details.rules names each rule code and its lines (feedetl_sn)",
  },
  SUP_DRAW_STATE: {
    http: 409,
    description:
      "The inspection draw is not in a state that allows this step (published once; results only on a published draw); details.status is its state",
  },
  SUP_DRAW_TOO_FEW: {
    http: 409,
    description:
      "Fewer candidates than the draw needs: details.field names institutionCount or perTeam, details.available how many there are",
  },
} satisfies ErrorCodeTable;
