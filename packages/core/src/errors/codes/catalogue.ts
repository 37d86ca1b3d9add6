import type { ErrorCodeTable } from "../code-def.ts";

/** Error codes of the catalogue feature. Keep each code stable once released; run `npm run docs:errors` after a change. */
export const catalogueCodes = {
  CATALOGUE_ROWS_INVALID: {
    http: 400,
    description: "Rows of the imported catalogue are invalid; nothing was imported (details list them)",
  },
  CATALOGUE_VERSION_OVERLAP: {
    http: 409,
    description: "Another version of the code already covers that period",
  },
} satisfies ErrorCodeTable;
