import type { Executor } from "../../db/database.ts";
import type { CitizenKind } from "./selfservice.table.ts";

/** The person or employer a credential names: an ID number (insured) or a credit code (employer). */
export async function findSubject(ex: Executor, kind: CitizenKind, credential: string) {
  if (kind === "insured") {
    const p = await ex
      .selectFrom("persons")
      .select(["id", "psn_no as label"])
      .where("certno", "=", credential)
      .executeTakeFirst();
    return p ? { id: p.id, label: p.label } : undefined;
  }
  const e = await ex
    .selectFrom("employers")
    .select(["id", "uscc as label"])
    .where("uscc", "=", credential)
    .executeTakeFirst();
  return e ? { id: e.id, label: e.label } : undefined;
}

export async function insertCode(
  ex: Executor,
  row: { kind: CitizenKind; subjectId: bigint; codeHash: string; now: Date; expiresAt: Date },
) {
  await ex
    .insertInto("one_time_codes")
    .values({
      kind: row.kind,
      subject_id: row.subjectId,
      code_hash: row.codeHash,
      created_at: row.now,
      expires_at: row.expiresAt,
    })
    .execute();
}

/** The newest code of a subject still valid now (one code at a time counts: a new one replaces it). */
export function currentCode(ex: Executor, kind: CitizenKind, subjectId: bigint, now: Date) {
  return ex
    .selectFrom("one_time_codes")
    .select(["id", "code_hash", "used_at"])
    .where("kind", "=", kind)
    .where("subject_id", "=", subjectId)
    .where("expires_at", ">", now)
    .orderBy("id", "desc")
    .limit(1)
    .executeTakeFirst();
}

export async function markCodeUsed(ex: Executor, id: bigint, now: Date) {
  await ex.updateTable("one_time_codes").set({ used_at: now }).where("id", "=", id).execute();
}

export async function insertCitizenSession(
  ex: Executor,
  s: { tokenHash: string; kind: CitizenKind; subjectId: bigint; now: Date; expiresAt: Date },
) {
  await ex
    .insertInto("citizen_sessions")
    .values({
      token_hash: s.tokenHash,
      kind: s.kind,
      person_id: s.kind === "insured" ? s.subjectId : null,
      employer_id: s.kind === "employer" ? s.subjectId : null,
      created_at: s.now,
      expires_at: s.expiresAt,
    })
    .execute();
}

export async function deleteCitizenSession(ex: Executor, tokenHash: string) {
  await ex.deleteFrom("citizen_sessions").where("token_hash", "=", tokenHash).execute();
}

/** The session's subject with what its answers need: the person's psn_no and region, or the employer's. */
export async function findCitizenSession(ex: Executor, tokenHash: string, now: Date) {
  return ex
    .selectFrom("citizen_sessions as s")
    .leftJoin("persons as p", "p.id", "s.person_id")
    .leftJoin("employers as m", "m.id", "s.employer_id")
    .select([
      "s.kind",
      "s.person_id",
      "s.employer_id",
      "s.expires_at",
      "p.psn_no",
      "p.region_code as person_region",
      "m.uscc",
      "m.region_code as employer_region",
    ])
    .where("s.token_hash", "=", tokenHash)
    .where("s.expires_at", ">", now)
    .executeTakeFirst();
}
