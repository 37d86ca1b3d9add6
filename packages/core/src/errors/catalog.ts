import type { ErrorCodeDef, ErrorCodeTable } from "./code-def.ts";
import { auditCodes } from "./codes/audit.ts";
import { authCodes } from "./codes/auth.ts";
import { catalogueCodes } from "./codes/catalogue.ts";
import { commonCodes } from "./codes/common.ts";
import { contributionCodes } from "./codes/contribution.ts";
import { fundCodes } from "./codes/fund.ts";
import { nhsaCodes } from "./codes/nhsa.ts";
import { paymentCodes } from "./codes/payment.ts";
import { regionsCodes } from "./codes/regions.ts";
import { registryCodes } from "./codes/registry.ts";
import { servicesCodes } from "./codes/services.ts";
import { settlementCodes } from "./codes/settlement.ts";
import { supervisionCodes } from "./codes/supervision.ts";

/** Every error code of Yibao, by feature. docs/errors.md is generated from this table. */
export const ERROR_CODE_GROUPS = {
  common: commonCodes,
  auth: authCodes,
  registry: registryCodes,
  contribution: contributionCodes,
  catalogue: catalogueCodes,
  settlement: settlementCodes,
  payment: paymentCodes,
  fund: fundCodes,
  nhsa: nhsaCodes,
  audit: auditCodes,
  supervision: supervisionCodes,
  regions: regionsCodes,
  services: servicesCodes,
} as const satisfies Record<string, ErrorCodeTable>;

type Groups = typeof ERROR_CODE_GROUPS;
/** Every code of every group, by name (the groups above are the one list). */
export type ErrorCode = { [G in keyof Groups]: keyof Groups[G] }[keyof Groups] & string;

export const ERROR_CODES: Record<ErrorCode, ErrorCodeDef> = Object.assign(
  {},
  ...Object.values(ERROR_CODE_GROUPS),
);
