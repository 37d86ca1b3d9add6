import { Type } from "typebox";
import { IdOut, Nullable, Page, StringEnum, Timestamp } from "../../http/schemas.ts";
import { ACCESS_RESULTS } from "./access-log.table.ts";
import type { Role } from "./platform.table.ts";

/** The answers of the platform routes (sessions, operators, audit log, access log, regions, figures). */

const ROLES: readonly Role[] = ["admin", "agency", "auditor", "supervisor", "leader", "institution"];
const RoleOut = StringEnum(ROLES, "role of the operator");
const RegionCodeOut = Nullable(Type.String({ description: "6-digit region code" }));
const FixmedinsOut = Nullable(Type.String({ description: "institution code (fixmedins_code)" }));

export const LoginAnswer = Type.Object({
  token: Type.String({ description: "bearer token of the new session" }),
  operator: Type.Object({ id: IdOut, login: Type.String(), role: RoleOut, displayName: Type.String() }),
});

/** The acting operator (from the session). */
export const MeAnswer = Type.Object({
  id: IdOut,
  login: Type.String(),
  role: Type.String({ description: "role of the operator" }),
  regionCode: RegionCodeOut,
  fixmedinsCode: FixmedinsOut,
});

/** An operator as the API shows it (operator.service.ts operatorView): never the password hash. */
export const OperatorAnswer = Type.Object({
  id: IdOut,
  login: Type.String(),
  displayName: Type.String(),
  role: RoleOut,
  regionCode: RegionCodeOut,
  fixmedinsCode: FixmedinsOut,
  active: Type.Boolean(),
  lockedUntil: Nullable(Timestamp),
});
export const OperatorPage = Page(OperatorAnswer);

/** A new operator, as its row (the column names), without the password hash. */
export const CreatedOperatorAnswer = Type.Object({
  id: IdOut,
  login: Type.String(),
  display_name: Type.String(),
  role: RoleOut,
  region_code: RegionCodeOut,
  fixmedins_code: FixmedinsOut,
  active: Type.Boolean(),
});

/** An audit-log entry; persons in before/after are masked for roles that may not see them. */
export const AuditEntry = Type.Object({
  id: IdOut,
  at: Timestamp,
  operator_id: Nullable(IdOut),
  operator_login: Type.String(),
  action: Type.String(),
  entity: Type.String(),
  entity_id: Nullable(Type.String()),
  before: Type.Unknown({ description: "the row before (JSON), or null" }),
  after: Type.Unknown({ description: "the row after, or what the action did (JSON), or null" }),
  request_id: Nullable(Type.String()),
});
export const AuditPage = Page(AuditEntry);

export const RegionAnswer = Type.Object({
  code: Type.String(),
  name: Type.String(),
  level: StringEnum(["province", "city", "county"] as const),
  parent_code: Nullable(Type.String()),
  created_at: Timestamp,
});
export const RegionList = Type.Array(RegionAnswer);

/** One person lookup of the access log; the credential as stored (masked). */
export const AccessEntry = Type.Object({
  id: IdOut,
  at: Timestamp,
  channel: StringEnum(["nhsa", "rest"] as const),
  fixmedins_code: FixmedinsOut,
  operator_login: Nullable(Type.String()),
  psn_no: Nullable(Type.String({ description: "the person found (人员编号), null when none" })),
  credential_type: Type.String(),
  credential: Type.String({ description: "masked" }),
  result: StringEnum(ACCESS_RESULTS),
  request_id: Nullable(Type.String({ description: "NHSA msgid, or the REST request id" })),
});
export const AccessPage = Page(AccessEntry);

const Count = Type.String({ description: "a count, as a string" });
export const OverviewAnswer = Type.Object({
  persons: Count,
  employers: Count,
  institutions: Count,
  assistanceRecipients: Count,
  enrolments: Type.Array(Type.Object({ insutype: Type.String(), status: Type.String(), count: Count })),
  institutionsByLevel: Type.Array(Type.Object({ level: Type.String(), count: Count })),
});
