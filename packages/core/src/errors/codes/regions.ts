import type { ErrorCodeTable } from "../code-def.ts";

/** Error codes of out-of-region filing and inter-region clearing. Keep each code stable; run `npm run docs:errors` after a change. */
export const regionsCodes = {
  FILING_RULES_MISSING: {
    http: 409,
    description: "The insured region has no filing rules, so nobody can file",
  },
  FILING_NOT_ALLOWED: {
    http: 409,
    description: "The insured region's rules do not accept this filing (kind or insurance type)",
  },
  FILING_PERIOD_INVALID: {
    http: 400,
    description: "The filing's period starts too early or lasts longer than the rules allow",
  },
  FILING_REGION_INVALID: {
    http: 400,
    description: "The treatment region is unknown or is the person's own pooling region",
  },
  FILING_OVERLAP: {
    http: 409,
    description: "The person already holds a live filing for that region overlapping the period",
  },
  FILING_UNKNOWN: { http: 404, description: "No such filing" },
  FILING_STATE: {
    http: 409,
    description: "The filing is not in a state that allows this (revoked, no commitment)",
  },
  SETL_UNFILED_REFUSED: {
    http: 409,
    description:
      "An out-of-region patient without a filing, and the insured region's policy refuses unfiled patients",
  },
  CLEARING_MONTH_OPEN: {
    http: 409,
    description: "A month's clearing can be issued only after the month has ended",
  },
  CLEARING_UNKNOWN: { http: 404, description: "No such clearing statement" },
  CLEARING_STATE: {
    http: 409,
    description:
      "The statement is not in a state that allows this (confirm an issued one, pay a confirmed one)",
  },
} as const satisfies ErrorCodeTable;
