import type { ErrorCodeTable } from "../code-def.ts";

/** Error codes of the registry (参保登记). Keep each code stable; run `npm run docs:errors` after a change. */
export const registryCodes = {
  REG_CERTNO_FORMAT: { http: 400, description: "An ID number is not 17 digits and a check digit or X" },
  REG_CERTNO_CHECKSUM: { http: 400, description: "An ID number fails the GB 11643 check digit" },
  REG_CERTNO_BIRTHDATE: { http: 400, description: "An ID number holds an impossible birth date" },
  REG_USCC_FORMAT: {
    http: 400,
    description: "A unified social credit code is not 18 characters of its alphabet",
  },
  REG_USCC_CHECKSUM: {
    http: 400,
    description: "A unified social credit code fails the GB 32100 check character",
  },
  REG_REGION_UNKNOWN: { http: 400, description: "The region code is not a known pooling region" },
  REG_INSUTYPE_UNKNOWN: { http: 400, description: "The insurance type cannot be enrolled in directly" },
  REG_PSN_TYPE_MISMATCH: { http: 400, description: "The person type does not belong to the insurance type" },
  REG_PSN_TYPE_AGE: { http: 400, description: "The person type does not fit the person's age" },
  REG_PERSON_EXISTS: { http: 409, description: "A person with this ID number is already registered" },
  REG_PERSON_UNKNOWN: { http: 404, description: "No person with this ID number or person number" },
  REG_CARD_NO_FORMAT: {
    http: 400,
    description:
      "A social security card number (card_no) is not 6-20 letters and digits, or card_sn not 8-64",
  },
  REG_CARD_EXISTS: { http: 409, description: "This social security card number is already issued" },
  REG_EMPLOYER_EXISTS: { http: 409, description: "An employer with this credit code is already registered" },
  REG_EMPLOYER_UNKNOWN: { http: 400, description: "No employer with this credit code" },
  REG_EMPLOYER_REQUIRED: {
    http: 400,
    description: "An employee enrolment needs an employer unless flexible",
  },
  REG_INSTITUTION_EXISTS: { http: 409, description: "An institution with this code is already registered" },
  REG_INSTITUTION_UNKNOWN: { http: 404, description: "No institution with this code" },
  REG_AGREEMENT_EXISTS: {
    http: 409,
    description: "A service agreement with this number is already recorded",
  },
  REG_AGREEMENT_OVERLAP: {
    http: 409,
    description:
      "The agreement's days overlap another agreement of the institution in force on them (details.agreementNo)",
  },
  REG_AGREEMENT_UNKNOWN: { http: 404, description: "The institution has no agreement with this number" },
  REG_AGREEMENT_TERMINATED: { http: 409, description: "The agreement is already terminated" },
  REG_DUPLICATE_ENROLMENT: {
    http: 409,
    description: "The person already has a live basic-insurance enrolment (details name it)",
  },
  REG_ENROLMENT_UNKNOWN: { http: 404, description: "No such enrolment" },
  REG_STATUS_TRANSITION: { http: 409, description: "The enrolment cannot move to this status" },
  REG_DATE_ORDER: { http: 400, description: "A date is before the date it must follow" },
  REG_TRANSFER_SAME_REGION: { http: 400, description: "A transfer must go to another region" },
  REG_NO_LIVE_ENROLMENT: { http: 409, description: "The person has no live basic-insurance enrolment" },
  REG_IMPORT_ROWS_INVALID: {
    http: 400,
    description: "Rows of the imported file are invalid; nothing was imported (details list them)",
  },
} satisfies ErrorCodeTable;
