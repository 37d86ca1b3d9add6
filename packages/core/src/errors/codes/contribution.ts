import type { ErrorCodeTable } from "../code-def.ts";

/** Error codes of contributions (筹资/征缴). Run `npm run docs:errors` after a change. */
export const contributionCodes = {
  CONTRIB_PARAMS_MISSING: { http: 409, description: "No contribution parameters for this region and year" },
  CONTRIB_PERIOD_INVALID: {
    http: 400,
    description: "A period must be yyyy-MM (employees) or yyyy (residents)",
  },
  CONTRIB_ASSESSMENT_UNKNOWN: { http: 404, description: "No such contribution assessment" },
  CONTRIB_OVERPAYMENT: { http: 409, description: "The payment exceeds what is still owed on the assessment" },
  CONTRIB_PAYMENT_UNKNOWN: { http: 404, description: "No such payment" },
  CONTRIB_ALREADY_REVERSED: { http: 409, description: "The payment has already been reversed" },
  CONTRIB_AMOUNT_NOT_POSITIVE: { http: 400, description: "A payment amount must be greater than zero" },
} satisfies ErrorCodeTable;
