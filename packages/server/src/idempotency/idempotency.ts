import { createHash } from "node:crypto";
import { YibaoError, isYibaoError } from "@yibao/core/errors";
import { type Transaction, sql } from "kysely";
import type { Db } from "../db/database.ts";
import type { DB } from "../db/schema.ts";
import { toJson } from "../audit/audit.ts";
import { type Plan, runPlan } from "../db/plan.ts";
import { statement } from "../db/statement.ts";

export interface StoredAnswer<T> {
  statusCode: number;
  body: T;
  replayed: boolean;
  /**
   * The body's JSON text exactly as stored: what a first answer was serialised to once, and what a
   * replay reads back (the column is json, which keeps the text byte for byte), so an answer is
   * never serialised twice and a replay's text is the first answer's.
   */
  bodyJson?: string;
}

/** JSON text of a request or answer: plain JSON.stringify unless it holds a bigint (then as a string). */
function jsonText(value: unknown): string {
  try {
    return JSON.stringify(value) ?? "null";
  } catch {
    return toJson(value) ?? "null";
  }
}

function hashRequest(content: unknown): string {
  return createHash("sha256").update(jsonText(content)).digest("hex");
}

/**
 * Runs `work` once per (scope, key). The work and the stored answer commit in one transaction; a
 * replay with the same content returns the first answer, a replay with different content is
 * refused (IDEMPOTENCY_KEY_REUSED). Failed work stores nothing, so a corrected retry may run.
 *
 * Concurrent first tries take turns on the key itself: the transaction claims it (inserts its
 * row) before any work, so a twin's insert waits on the unique key until the first commits, then
 * fails, and the twin answers the stored answer without having done any work (50 copies of one
 * payment are one payment, whatever the work would have found). The claim is finished with the
 * answer in the same transaction, so nobody ever reads a claim without its answer.
 */
export async function once<T>(
  db: Db,
  scope: string,
  key: string,
  content: unknown,
  work: (trx: Transaction<DB>) => Promise<{ statusCode?: number; body: T }>,
): Promise<StoredAnswer<T>> {
  const requestHash = hashRequest(content);
  const existing = await find<T>(db, scope, key, requestHash);
  if (existing) return existing;
  try {
    return await db.transaction().execute(async (trx) => {
      await trx
        .insertInto("idempotency_keys")
        .values({ scope, key, request_hash: requestHash, status_code: 0, response: "null" })
        .execute();
      const answer = await work(trx);
      const statusCode = answer.statusCode ?? 200;
      const bodyJson = jsonText(answer.body);
      await trx
        .updateTable("idempotency_keys")
        .set({ status_code: statusCode, response: bodyJson })
        .where("scope", "=", scope)
        .where("key", "=", key)
        .execute();
      return { statusCode, body: answer.body, replayed: false, bodyJson };
    });
  } catch (err) {
    if ((err as { code?: string }).code === "23505") {
      const winner = await find<T>(db, scope, key, requestHash);
      if (winner) return winner;
    }
    throw err;
  }
}

/**
 * The Idempotency-Key header of a staff request, if any: printable ASCII, at most 200 characters
 * (a UUID, or a payment channel's own reference).
 */
export function idempotencyKeyOf(headers: Record<string, string | string[] | undefined>): string | null {
  const v = headers["idempotency-key"];
  if (v === undefined) return null;
  const key = Array.isArray(v) ? v[0] : v;
  if (!key || key.length > 200 || !/^[\x21-\x7e]+$/.test(key))
    throw new YibaoError("FIELD_INVALID", "Idempotency-Key must be 1 to 200 printable characters", {
      field: "Idempotency-Key",
    });
  return key;
}

/**
 * The stored answer of a planned write, a step of its statement (db/statement.ts). Cast to json,
 * the column's type (migration 0002): json keeps the text as sent; a jsonb cast would build the
 * binary tree, reorder the keys, and be turned back into text for the column (twice the server's
 * work for a 2204 answer, and a replay whose key order is not the first answer's).
 */
const RECORD_ANSWER = statement<{ scope: string; key: string; requestHash: string; bodyJson: string }>(
  (p) => sql`insert into idempotency_keys (scope, key, request_hash, status_code, response)
    select ${p.scope}::text, ${p.key}::text, ${p.requestHash}::text, 200, ${p.bodyJson}::json from guard`,
);

/**
 * Like `once`, for work planned as one guarded statement (db/plan.ts): the answer is stored by
 * that same statement, so the work and its record land together without a transaction around
 * them. No lookup first: a replay is found out when its work fails (the visit is already settled,
 * say) or when its record collides with the stored one, and then answered from the store.
 */
export async function oncePlanned<T>(
  db: Db,
  scope: string,
  key: string,
  content: unknown,
  make: () => Promise<Plan<T>>,
): Promise<StoredAnswer<T>> {
  const requestHash = hashRequest(content);
  let bodyJson = "";
  const record = (body: T) => {
    bodyJson = jsonText(body);
    return [RECORD_ANSWER({ scope, key, requestHash, bodyJson })];
  };
  try {
    const body = await runPlan(db, make, record);
    return { statusCode: 200, body, replayed: false, bodyJson };
  } catch (err) {
    if (isYibaoError(err) || (err as { code?: string }).code === "23505") {
      const prior = await find<T>(db, scope, key, requestHash);
      if (prior) return prior;
    }
    throw err;
  }
}

async function find<T>(
  db: Db,
  scope: string,
  key: string,
  requestHash: string,
): Promise<StoredAnswer<T> | null> {
  // the stored text as it is (json::text), parsed here once: the caller gets both
  const row = await db
    .selectFrom("idempotency_keys")
    .select(["request_hash", "status_code", sql<string>`response::text`.as("response")])
    .where("scope", "=", scope)
    .where("key", "=", key)
    .executeTakeFirst();
  if (!row) return null;
  if (row.request_hash !== requestHash) {
    throw new YibaoError("IDEMPOTENCY_KEY_REUSED", `Key ${key} was already used for a different request`, {
      field: "msgid",
      key,
    });
  }
  return {
    statusCode: row.status_code,
    body: JSON.parse(row.response) as T,
    replayed: true,
    bodyJson: row.response,
  };
}
