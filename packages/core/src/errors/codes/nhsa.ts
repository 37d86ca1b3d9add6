import type { ErrorCodeTable } from "../code-def.ts";

/** Error codes of the NHSA interface gateway. Run `npm run docs:errors` after a change. */
export const nhsaCodes = {
  NHSA_ENVELOPE_INVALID: {
    http: 400,
    description: "An envelope field of the NHSA message is missing or malformed",
  },
  NHSA_ADMDVS_UNKNOWN: {
    http: 400,
    description:
      "mdtrtarea_admvs or insuplc_admdvs names a province or prefecture that is not in the national division list (行政区划, GB/T 2260)",
  },
  NHSA_MSGID_INVALID: {
    http: 400,
    description: "msgid is not 1-30 letters and digits",
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
  NHSA_PERSON_NOT_FOUND: {
    http: 404,
    description: "No insured person for this credential (the same answer whichever part was wrong)",
  },
  NHSA_CAINFO_INVALID: {
    http: 400,
    description:
      "The SM3withSM2 signature (cainfo) is missing or does not verify with the institution's SM2 key",
  },
  NHSA_DECRYPT_FAILED: {
    http: 400,
    description:
      "The input does not SM4-decrypt to a JSON object under the institution's key (or is not expected encrypted)",
  },
  NHSA_ENCRYPTION_REQUIRED: {
    http: 400,
    description: "This institution is configured for SM4: its input must be encrypted (enctype SM4)",
  },
  NHSA_EVOUCHER_INVALID: {
    http: 400,
    description: "The e-voucher token (mdtrt_cert_type 01) is not one of ours: malformed, altered or forged",
  },
  NHSA_EVOUCHER_EXPIRED: {
    http: 400,
    description:
      "The e-voucher token has expired (also when it was used before): the patient shows a new one",
  },
  NHSA_RATE_LIMITED: {
    http: 429,
    description:
      "Too many person lookups (1101), or more than the day's share of 9101 uploads (64 MiB in 24 h), from this institution: retry after details.retryAfter seconds",
  },
  NHSA_SIGNATURE_REPLAYED: {
    http: 401,
    description: "This signed header set was already used: every message needs a fresh _api_timestamp",
  },
  NHSA_KEY_UNKNOWN: { http: 404, description: "No such gateway access key for this institution" },
  NHSA_KEY_REVOKED: { http: 409, description: "The gateway access key is revoked or expired" },
} satisfies ErrorCodeTable;
