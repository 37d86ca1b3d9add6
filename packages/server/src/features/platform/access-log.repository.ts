import type { Executor } from "../../db/database.ts";
import type { AccessChannel, AccessResult } from "./access-log.table.ts";
import { type RegionScope, regionIn } from "./region-scope.ts";

/** What the person access log may be filtered on (GET /person-access-log). */
export interface AccessFilter {
  psnNo?: string;
  fixmedinsCode?: string;
  operatorLogin?: string;
  channel?: AccessChannel;
  credentialType?: string;
  result?: AccessResult;
  from?: Date;
  to?: Date;
}

/**
 * Person lookups, newest first, before a cursor, with the person number of the person found:
 * lookups of persons outside the scope are left out, failed ones (no person) kept.
 */
export function accessLogPage(
  ex: Executor,
  scope: RegionScope,
  filter: AccessFilter,
  before: bigint | null,
  limit: number,
) {
  let q = ex
    .selectFrom("person_access_log as l")
    .leftJoin("persons as p", "p.id", "l.person_id")
    .select([
      "l.id",
      "l.at",
      "l.channel",
      "l.fixmedins_code",
      "l.operator_login",
      "p.psn_no",
      "l.credential_type",
      "l.credential_masked",
      "l.result",
      "l.request_id",
    ])
    .where((eb) => eb.or([eb("l.person_id", "is", null), regionIn("p.region_code", scope)]))
    .orderBy("l.id", "desc")
    .limit(limit);
  if (before !== null) q = q.where("l.id", "<", before);
  if (filter.psnNo) q = q.where("p.psn_no", "=", filter.psnNo);
  if (filter.fixmedinsCode) q = q.where("l.fixmedins_code", "=", filter.fixmedinsCode);
  if (filter.operatorLogin) q = q.where("l.operator_login", "=", filter.operatorLogin);
  if (filter.channel) q = q.where("l.channel", "=", filter.channel);
  if (filter.credentialType) q = q.where("l.credential_type", "=", filter.credentialType);
  if (filter.result) q = q.where("l.result", "=", filter.result);
  if (filter.from) q = q.where("l.at", ">=", filter.from);
  if (filter.to) q = q.where("l.at", "<=", filter.to);
  return q.execute();
}
