import type { ErrorCodeTable } from "../code-def.ts";

/** Error codes of the NHSA interface gateway. Run `npm run docs:errors` after a change. */
export const nhsaCodes = {
  NHSA_ENVELOPE_INVALID: {
    http: 400,
    description: "An envelope field of the NHSA message is missing or malformed",
  },
  NHSA_MSGID_INVALID: {
    http: 400,
    description: "msgid is not fixmedins_code + yyyyMMddHHmmss + 4-digit serial",
  },
  NHSA_INFNO_UNSUPPORTED: { http: 400, description: "The transaction number (infno) is not supported" },
  NHSA_INSTITUTION_UNKNOWN: {
    http: 403,
    description: "fixmedins_code is not a designated institution with an agreement",
  },
  NHSA_SIGNATURE_INVALID: {
    http: 401,
    description: "The gateway signature (_api_signature) is missing, stale or wrong",
  },
  NHSA_CERT_TYPE_UNSUPPORTED: {
    http: 400,
    description: "mdtrt_cert_type is not 01 (e-voucher), 02 (ID card) or 03 (social security card)",
  },
} satisfies ErrorCodeTable;
