import type { ErrorCodeTable } from "../code-def.ts";

/** Error codes of the fund (基金管理), the indicators and the region simulator. Run `npm run docs:errors` after a change. */
export const fundCodes = {
  FUND_ENTRY_UNKNOWN: {
    http: 404,
    description: "There is no fund entry with this id (in the operator's regions)",
  },
  FUND_ENTRY_ALREADY_REVERSED: {
    http: 409,
    description:
      "The fund entry was reversed already, or is itself a reversal; details.reversedBy names the reversal",
  },
  SIM_OPTIONS_DIFFER: {
    http: 409,
    description:
      "A simulation of the region and year was started with other options (seed, insured): it continues only with the same ones (details.options)",
  },
} satisfies ErrorCodeTable;
