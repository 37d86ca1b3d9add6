import { maskCredential } from "@yibao/core/pii";
import type { Actor } from "../../audit/audit.ts";
import type { Executor } from "../../db/database.ts";
import type { AccessChannel, AccessResult } from "./access-log.table.ts";

export interface PersonAccess {
  at: Date;
  channel: AccessChannel;
  /** NHSA: the institution asking */
  fixmedinsCode?: string | null;
  /** REST: the staff operator */
  actor?: Actor | null;
  personId: bigint | null;
  credentialType: string;
  /** in clear: it is masked here, the one place that writes the log */
  credential: string;
  result: AccessResult;
  requestId?: string | null;
}

/**
 * Records one person lookup in the access log (append-only). Written whatever the outcome, in
 * its own statement: a refused lookup has nothing to roll back, and its record must stay.
 */
export async function recordPersonAccess(ex: Executor, a: PersonAccess): Promise<void> {
  await ex
    .insertInto("person_access_log")
    .values({
      at: a.at,
      channel: a.channel,
      fixmedins_code: a.fixmedinsCode ?? null,
      operator_id: a.actor?.operatorId ?? null,
      operator_login: a.actor ? a.actor.login : null,
      person_id: a.personId,
      credential_type: a.credentialType.slice(0, 8),
      credential_masked: maskCredential(a.credentialType, a.credential.slice(0, 256)),
      result: a.result,
      request_id: a.requestId ? a.requestId.slice(0, 64) : null,
    })
    .execute();
}
