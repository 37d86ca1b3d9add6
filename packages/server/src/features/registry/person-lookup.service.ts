import { YibaoError } from "@yibao/core/errors";
import type { Actor } from "../../audit/audit.ts";
import type { Db } from "../../db/database.ts";
import { recordPersonAccess } from "../platform/access-log.ts";
import type { AccessResult } from "../platform/access-log.table.ts";
import { type RegionScope, inScope, regionScope } from "../platform/region-scope.ts";
import { openAccountBalance } from "./account.repository.ts";
import {
  type PersonFilter,
  assistanceOf,
  enrolmentsOf,
  findPersonByCertno,
  findPersonByPsnNo,
  listPersons,
  statusHistoryOf,
} from "./registry.repository.ts";

/**
 * Staff reads of persons. A search by ID number and a read by person number are person lookups:
 * each is recorded in the person access log (found, not found, or outside the operator's region:
 * features/platform/access-log.ts), and a person outside the region is answered as unknown.
 */
export interface LookupContext {
  at: Date;
  requestId: string;
}

const resultOf = (scope: RegionScope, hit: { region_code: string } | undefined): AccessResult =>
  !hit ? "not_found" : inScope(scope, hit.region_code) ? "found" : "out_of_scope";

/** Persons in the operator's scope, `limit` rows from a cursor; a search by ID number is recorded. */
export async function searchPersons(
  db: Db,
  actor: Actor,
  filter: PersonFilter,
  after: bigint | null,
  limit: number,
  ctx: LookupContext,
) {
  const scope = await regionScope(db, actor);
  const rows = await listPersons(db, scope, filter, after, limit);
  if (filter.certno) {
    // recorded also when it finds nobody in scope: then whether the number is anyone's
    const hit = rows[0] ?? (await findPersonByCertno(db, filter.certno));
    await recordPersonAccess(db, {
      at: ctx.at,
      channel: "rest",
      actor,
      personId: hit?.id ?? null,
      credentialType: "certno",
      credential: filter.certno,
      result: resultOf(scope, hit),
      requestId: ctx.requestId,
    });
  }
  return rows;
}

/** A person with enrolments, their status history, assistance and account balance (null: no account). */
export async function personRecord(db: Db, actor: Actor, psnNo: string, ctx: LookupContext) {
  const person = await findPersonByPsnNo(db, psnNo);
  const result = resultOf(await regionScope(db, actor), person);
  await recordPersonAccess(db, {
    at: ctx.at,
    channel: "rest",
    actor,
    personId: person?.id ?? null,
    credentialType: "psn_no",
    credential: psnNo,
    result,
    requestId: ctx.requestId,
  });
  if (!person || result !== "found")
    throw new YibaoError("REG_PERSON_UNKNOWN", `No person ${psnNo}`, { field: "psnNo" });
  const enrolments = await enrolmentsOf(db, person.id);
  const history = await statusHistoryOf(
    db,
    enrolments.map((e) => e.id),
  );
  return {
    person,
    enrolments: enrolments.map((e) => ({ ...e, history: history.filter((h) => h.enrolment_id === e.id) })),
    assistance: await assistanceOf(db, person.id),
    balance: (await openAccountBalance(db, person.id)) ?? null,
  };
}
