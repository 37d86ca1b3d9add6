import type { ErrorCodeTable } from "../code-def.ts";

/** Error codes shared by every feature. Keep each code stable; run `npm run docs:errors` after a change. */
export const commonCodes = {
  VALIDATION_FAILED: { http: 400, description: "The request does not match the schema" },
  FIELD_REQUIRED: { http: 400, description: "A required field is missing" },
  FIELD_INVALID: { http: 400, description: "A field has an invalid value" },
  AMOUNT_INVALID: { http: 400, description: "An amount is not a decimal string with at most 2 decimals" },
  AMOUNT_NEGATIVE: { http: 400, description: "An amount that must not be negative is negative" },
  DECIMAL_INVALID: { http: 400, description: "A number is not a decimal string of the allowed precision" },
  DATE_INVALID: { http: 400, description: "A date is not a valid yyyy-MM-dd (or yyyy-MM-dd HH:mm:ss) value" },
  CURSOR_INVALID: { http: 400, description: "The paging cursor is malformed" },
  NOT_FOUND: { http: 404, description: "The resource does not exist" },
  CONFLICT: { http: 409, description: "The change conflicts with the current state" },
  IDEMPOTENCY_KEY_REUSED: {
    http: 409,
    description: "The idempotency key (msgid) was already used for a request with different content",
  },
  CSV_MALFORMED: { http: 400, description: "A CSV file cannot be parsed or lacks required columns" },
  INTERNAL: { http: 500, description: "An unexpected error; the request was rolled back" },
} satisfies ErrorCodeTable;
