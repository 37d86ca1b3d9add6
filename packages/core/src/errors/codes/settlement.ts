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
  SETL_FEE_LINE_UNKNOWN: {
    http: 400,
    description: "A refund line names a fee line that does not exist on the visit (or was cancelled)",
  },
  SETL_REFUND_UNLINKED: {
    http: 400,
    description:
      "A negative cnt is a refund and needs init_feedetl_sn; a line with init_feedetl_sn needs a negative cnt",
  },
  SETL_REFUND_MISMATCH: {
    http: 400,
    description:
      "A refund must be of the refunded line's item at its price, and a refund line itself cannot be refunded",
  },
  SETL_REFUND_EXCEEDS: {
    http: 409,
    description: "The refunds of a fee line together would exceed its quantity (details.refundable)",
  },
  SETL_LINE_AMOUNT_MISMATCH: {
    http: 400,
    description: "det_item_fee_sumamt of a fee line is not round(pric x cnt) to the fen",
  },
  SETL_NO_FEE_LINES: { http: 409, description: "The visit has no fee lines to settle" },
  SETL_MEDFEE_MISMATCH: {
    http: 409,
    description: "medfee_sumamt sent by the hospital differs from the uploaded fee lines",
  },
  SETL_SPLIT_MISMATCH: {
    http: 409,
    description:
      "A split amount sent with the settlement (fulamt_ownpay_amt, overlmt_selfpay, preselfpay_amt, inscp_scp_amt) differs from the uploaded lines",
  },
  SETL_BILL_NOT_POSITIVE: {
    http: 409,
    description:
      "The bill's total (medfee_sumamt of its live fee lines) is zero or negative: it cannot be settled",
  },
  SETL_MANUAL_UNKNOWN: { http: 404, description: "No manual reimbursement with this id in your regions" },
  SETL_MANUAL_SAME_OPERATOR: {
    http: 409,
    description: "A manual reimbursement is reviewed by another operator than the one who entered it",
  },
  SETL_MANUAL_STEP_DONE: { http: 409, description: "The reimbursement was reviewed (or paid) already" },
  SETL_MANUAL_NOT_REVIEWED: {
    http: 409,
    description: "Only a reimbursement reviewed and approved, and not reversed, is paid",
  },
  SETL_INVOICE_DUPLICATE: {
    http: 409,
    description:
      "This invoice (issuing institution, invoice number) was already reimbursed, for this person (details.setlId) or another",
  },
  SETL_UNKNOWN: { http: 404, description: "No such settlement (setl_id)" },
  SETL_ALREADY_REVERSED: { http: 409, description: "The settlement has already been reversed" },
  SETL_NOT_OWN_PATIENT: {
    http: 403,
    description: "The institution may only see and change its own patients' visits",
  },
} satisfies ErrorCodeTable;
