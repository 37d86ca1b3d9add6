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
  JSON_MALFORMED: {
    http: 400,
    description: "The body is not well-formed JSON, or is empty where a JSON body is required",
  },
  TEXT_INVALID: {
    http: 400,
    description: "A text holds a NUL character or a lone surrogate (not valid Unicode text)",
  },
  TEXT_TOO_LONG: {
    http: 400,
    description: "A text is longer than its documented limit (details.maxLength; docs/api.md)",
  },
  NESTING_TOO_DEEP: { http: 400, description: "The body nests objects or arrays deeper than 32 levels" },
  NUMBER_OUT_OF_RANGE: {
    http: 400,
    description: "A number, id or amount is beyond its range (ids and fen fit a signed 64-bit integer)",
  },
  REQUEST_INVALID: {
    http: 400,
    description: "The request is malformed at the HTTP level (URL encoding, headers, content length)",
  },
  METHOD_NOT_ALLOWED: { http: 405, description: "The path exists but not with this method (see Allow)" },
  BODY_TOO_LARGE: {
    http: 413,
    description: "The body is larger than the route accepts (2 MiB JSON, 4 MiB NHSA, 64 MiB CSV)",
  },
  URL_TOO_LONG: { http: 414, description: "A path parameter is longer than the router accepts" },
  MEDIA_TYPE_UNSUPPORTED: {
    http: 415,
    description: "The Content-Type is not one the route accepts (application/json; text/csv for imports)",
  },
  DATABASE_IN_USE: {
    http: 503,
    description: "The embedded database is held by another process (its lock file names it)",
  },
  INTERNAL: { http: 500, description: "An unexpected error; the request was rolled back" },
} satisfies ErrorCodeTable;
