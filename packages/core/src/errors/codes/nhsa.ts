import type { ErrorCodeTable } from "../code-def.ts";

/** Error codes of the nhsa feature. Keep each code stable once released; run `npm run docs:errors` after a change. */
export const nhsaCodes = {} satisfies ErrorCodeTable;
