import type { ErrorCodeTable } from "../code-def.ts";

/** Error codes of the settlement feature. Keep each code stable once released; run `npm run docs:errors` after a change. */
export const settlementCodes = {
  POLICY_RATIO_RANGE: { http: 400, description: "A policy ratio is outside 0..1" },
  POLICY_SEGMENT_ORDER: {
    http: 400,
    description: "Critical-illness segments must be ordered, non-overlapping, and end after they start",
  },
} satisfies ErrorCodeTable;
