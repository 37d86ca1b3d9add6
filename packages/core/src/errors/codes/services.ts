import type { ErrorCodeTable } from "../code-def.ts";

/** Error codes of the online services (政务服务事项, applications, filings). Run `npm run docs:errors` after a change. */
export const servicesCodes = {
  SERVICE_ITEM_UNKNOWN: { http: 404, description: "No public-service item with this code" },
  SERVICE_ITEM_OFFLINE: {
    http: 409,
    description: "The item cannot be applied for online (or not by this kind of applicant)",
  },
  SERVICE_APPLICATION_UNKNOWN: { http: 404, description: "No such application (or not yours)" },
  SERVICE_APPLICATION_DECIDED: {
    http: 409,
    description: "The application was decided already; a decision is not changed",
  },
  SERVICE_NOT_DECIDED: { http: 409, description: "An application is rated after it was decided" },
  SERVICE_ALREADY_RATED: { http: 409, description: "The application was rated already" },
  SERVICE_ATTACHMENT_LIMIT: {
    http: 409,
    description: "The application has its maximum of attachments (5), or takes none once decided",
  },
  SERVICE_ATTACHMENT_INVALID: {
    http: 400,
    description: "The file is not a JPEG, PNG or PDF (by its content), or is empty or over 2 MiB",
  },
  SERVICE_ATTACHMENT_UNKNOWN: { http: 404, description: "No such attachment of the application" },
} satisfies ErrorCodeTable;
