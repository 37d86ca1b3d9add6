import type { ErrorCodeTable } from "../code-def.ts";

/** Error codes of paying hospitals (DRG/DIP). Run `npm run docs:errors` after a change. */
export const paymentCodes = {
  DRG_CASE_INVALID: {
    http: 400,
    description: "A case to group lacks its diagnoses or has a malformed field",
  },
  PAY_NO_CASES: {
    http: 409,
    description: "There are no DRG cases for the region and period (a year to liquidate, a month to advance)",
  },
  PAY_ADVANCE_EXISTS: {
    http: 409,
    description:
      "An advance for the month was already made (to the region with another budget, or to one of its hospitals); details.runId names it",
  },
} satisfies ErrorCodeTable;
