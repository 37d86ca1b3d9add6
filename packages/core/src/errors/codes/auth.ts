import type { ErrorCodeTable } from "../code-def.ts";

/** Error codes of operators, sessions and permissions. Run `npm run docs:errors` after a change. */
export const authCodes = {
  AUTH_REQUIRED: { http: 401, description: "No valid session token was presented" },
  AUTH_FAILED: { http: 401, description: "Login name or password is wrong" },
  FORBIDDEN: { http: 403, description: "The operator's role does not allow this action" },
  OPERATOR_EXISTS: { http: 409, description: "An operator with this login name already exists" },
  PASSWORD_WEAK: { http: 400, description: "The password is shorter than 10 characters" },
} satisfies ErrorCodeTable;
