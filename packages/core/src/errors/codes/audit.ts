import type { ErrorCodeTable } from "../code-def.ts";

/**
 * Error codes of the batch audit (事后审核, `yibao audit`). A malformed visit is reported in the
 * audit's output with the contract's codes: `bad-json` (not a JSON object) or `bad-visit`, which
 * is AUDIT_VISIT_INVALID inside.
 * Run `npm run docs:errors` after a change.
 */
export const auditCodes = {
  AUDIT_KB_INVALID: {
    http: 400,
    description:
      "The audit knowledge base is unreadable or invalid: a missing file, column, parameter or rule, or a bad value (details name the file, row and field)",
  },
  AUDIT_VISIT_INVALID: {
    http: 400,
    description:
      "A visit to audit breaks the visit format; details.field names the field (reported as bad-visit)",
  },
} satisfies ErrorCodeTable;
