import type { ErrorCodeTable } from "../code-def.ts";

/** Error codes of the settlement feature. Keep each code stable once released; run `npm run docs:errors` after a change. */
export const settlementCodes = {
  POLICY_RATIO_RANGE: { http: 400, description: "A policy ratio is outside 0..1" },
  POLICY_SEGMENT_ORDER: {
    http: 400,
    description: "Critical-illness segments must be ordered, non-overlapping, and end after they start",
  },
  SETL_POLICY_MISSING: {
    http: 409,
    description: "No benefit policy for the region, insurance type, medical type and year",
  },
  SETL_NOT_INSURED: { http: 409, description: "The person has no live enrolment in this insurance type" },
  SETL_WAITING_PERIOD: {
    http: 409,
    description: "Benefits have not started yet (unpaid contributions or waiting period)",
  },
  SETL_INSTITUTION_UNKNOWN: {
    http: 400,
    description: "The institution is unknown or has no agreement in force",
  },
  SETL_VISIT_UNKNOWN: { http: 404, description: "No such visit (mdtrt_id)" },
  SETL_VISIT_STATE: {
    http: 409,
    description: "The visit is not in a state that allows this (settled, cancelled...)",
  },
  SETL_FEE_LINE_DUPLICATE: {
    http: 409,
    description: "A fee line with this feedetl_sn was already uploaded for the visit",
  },
  SETL_FEE_LINE_UNKNOWN: { http: 400, description: "A refund line names a fee line that does not exist" },
  SETL_NO_FEE_LINES: { http: 409, description: "The visit has no fee lines to settle" },
  SETL_MEDFEE_MISMATCH: {
    http: 409,
    description: "medfee_sumamt sent by the hospital differs from the uploaded fee lines",
  },
  SETL_UNKNOWN: { http: 404, description: "No such settlement (setl_id)" },
  SETL_ALREADY_REVERSED: { http: 409, description: "The settlement has already been reversed" },
  SETL_NOT_OWN_PATIENT: {
    http: 403,
    description: "The institution may only see and change its own patients' visits",
  },
} satisfies ErrorCodeTable;
