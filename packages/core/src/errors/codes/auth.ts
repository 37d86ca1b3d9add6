import type { ErrorCodeTable } from "../code-def.ts";

/** Error codes of operators, sessions and permissions. Run `npm run docs:errors` after a change. */
export const authCodes = {
  AUTH_REQUIRED: { http: 401, description: "No valid session token was presented" },
  AUTH_SESSION_EXPIRED: {
    http: 401,
    description: "The session token has expired or was ended (logout, deactivation, password change)",
  },
  AUTH_FAILED: { http: 401, description: "Login name or password is wrong" },
  AUTH_LOCKED: {
    http: 429,
    description:
      "Too many failed logins for this name or from this address: refused until details.retryAfter seconds have passed",
  },
  FORBIDDEN: { http: 403, description: "The operator's role does not allow this action" },
  REGION_OUT_OF_SCOPE: {
    http: 403,
    description: "The region is outside the operator's own region and its counties",
  },
  OPERATOR_EXISTS: { http: 409, description: "An operator with this login name already exists" },
  OPERATOR_UNKNOWN: { http: 404, description: "No operator with this id" },
  OPERATOR_SELF: { http: 409, description: "An administrator cannot deactivate their own account" },
  OPERATOR_REGION_REQUIRED: {
    http: 400,
    description: "Staff operators other than admin need a region (regionCode)",
  },
  PASSWORD_WEAK: { http: 400, description: "The password is shorter than 10 characters" },
  PASSWORD_WRONG: { http: 400, description: "The current password (oldPassword) is wrong" },
  PASSWORD_UNCHANGED: { http: 400, description: "The new password equals the current one" },
} satisfies ErrorCodeTable;
