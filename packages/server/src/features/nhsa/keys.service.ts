import { randomBytes } from "node:crypto";
import { YibaoError } from "@yibao/core/errors";
import { type Actor, recordAudit } from "../../audit/audit.ts";
import type { Db, Executor } from "../../db/database.ts";
import type { SecretBox } from "../../security/secret-box.ts";

/**
 * Institutions' gateway keys (HMAC variant): issue, list, rotate, revoke. The secret is shown
 * once, in the answer to issue or rotate, and stored sealed (security/secret-box.ts). A rotation
 * issues a new key and lets the old one work for a grace period (default 24 hours,
 * YIBAO_NHSA_KEY_GRACE_HOURS), so a HIS can switch without a moment of refused messages; a
 * revocation ends a key at once. Every change is audited, the secret never.
 */

export interface IssuedKey {
  id: string;
  fixmedinsCode: string;
  accessKey: string;
  /** shown once: the HIS stores it; Yibao keeps it only sealed */
  secret: string;
}

export type KeyStatus = "active" | "expiring" | "expired" | "revoked";

export interface KeyView {
  id: string;
  fixmedinsCode: string;
  accessKey: string; // masked
  status: KeyStatus;
  createdAt: Date;
  expiresAt: Date | null;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
  rotatedFrom: string | null;
}

/** An access key as lists show it: the first 7 and last 4 characters. */
export const maskAccessKey = (k: string) => `${k.slice(0, 7)}****${k.slice(-4)}`;

export async function requireInstitution(ex: Executor, code: string) {
  const inst = await ex.selectFrom("institutions").select("code").where("code", "=", code).executeTakeFirst();
  if (!inst) throw new YibaoError("REG_INSTITUTION_UNKNOWN", `No institution ${code}`, { field: "code" });
}

async function insertKey(trx: Executor, box: SecretBox, code: string, rotatedFrom: bigint | null) {
  const accessKey = `ak_${randomBytes(12).toString("hex")}`;
  const secret = randomBytes(32).toString("base64url");
  const row = await trx
    .insertInto("nhsa_access_keys")
    .values({
      access_key: accessKey,
      fixmedins_code: code,
      secret_enc: box.seal(secret, accessKey),
      rotated_from: rotatedFrom,
    })
    .returning(["id"])
    .executeTakeFirstOrThrow();
  return { id: String(row.id), fixmedinsCode: code, accessKey, secret };
}

export async function issueKey(db: Db, box: SecretBox, actor: Actor, code: string): Promise<IssuedKey> {
  return db.transaction().execute(async (trx) => {
    await requireInstitution(trx, code);
    const key = await insertKey(trx, box, code, null);
    await recordAudit(trx, actor, {
      action: "nhsa_key.issue",
      entity: "nhsa_access_keys",
      entityId: key.id,
      after: { fixmedins_code: code, access_key: maskAccessKey(key.accessKey) },
    });
    return key;
  });
}

/** The key, locked, if it belongs to the institution and still works at `now`. */
async function liveKey(trx: Executor, code: string, id: bigint, now: Date) {
  const row = await trx
    .selectFrom("nhsa_access_keys")
    .selectAll()
    .where("id", "=", id)
    .where("fixmedins_code", "=", code)
    .forUpdate()
    .executeTakeFirst();
  if (!row) throw new YibaoError("NHSA_KEY_UNKNOWN", `No key ${id} of institution ${code}`, { field: "id" });
  if (!row.active || (row.expires_at !== null && row.expires_at <= now))
    throw new YibaoError("NHSA_KEY_REVOKED", `Key ${id} is revoked or expired`, { field: "id" });
  return row;
}

export async function rotateKey(
  db: Db,
  box: SecretBox,
  actor: Actor,
  code: string,
  id: bigint,
  now: Date,
  graceMs: number,
): Promise<IssuedKey & { previousExpiresAt: Date }> {
  return db.transaction().execute(async (trx) => {
    const old = await liveKey(trx, code, id, now);
    const graceEnd = new Date(now.getTime() + graceMs);
    const expiresAt = old.expires_at !== null && old.expires_at < graceEnd ? old.expires_at : graceEnd;
    await trx.updateTable("nhsa_access_keys").set({ expires_at: expiresAt }).where("id", "=", id).execute();
    const key = await insertKey(trx, box, code, id);
    await recordAudit(trx, actor, {
      action: "nhsa_key.rotate",
      entity: "nhsa_access_keys",
      entityId: key.id,
      before: { id: String(id), access_key: maskAccessKey(old.access_key), expires_at: expiresAt },
      after: { fixmedins_code: code, access_key: maskAccessKey(key.accessKey) },
    });
    return { ...key, previousExpiresAt: expiresAt };
  });
}

export async function revokeKey(db: Db, actor: Actor, code: string, id: bigint, now: Date) {
  return db.transaction().execute(async (trx) => {
    const old = await liveKey(trx, code, id, now);
    await trx
      .updateTable("nhsa_access_keys")
      .set({ active: false, revoked_at: now })
      .where("id", "=", id)
      .execute();
    await recordAudit(trx, actor, {
      action: "nhsa_key.revoke",
      entity: "nhsa_access_keys",
      entityId: String(id),
      before: { fixmedins_code: code, access_key: maskAccessKey(old.access_key) },
    });
    return { id: String(id), revokedAt: now };
  });
}

function statusOf(r: { active: boolean; expires_at: Date | null }, now: Date): KeyStatus {
  if (!r.active) return "revoked";
  if (r.expires_at === null) return "active";
  return r.expires_at > now ? "expiring" : "expired";
}

/**
 * Keys, newest first, of one institution or all: `limit` of them after the key id `after` (a
 * cursor). `pending` adds last uses this process has noted but not yet written.
 */
export async function listKeys(
  ex: Executor,
  now: Date,
  page: { code?: string; after?: bigint | null; limit: number },
  pending: (id: string) => Date | undefined = () => undefined,
): Promise<KeyView[]> {
  let q = ex.selectFrom("nhsa_access_keys").selectAll().orderBy("id", "desc").limit(page.limit);
  if (page.code) q = q.where("fixmedins_code", "=", page.code);
  if (page.after != null) q = q.where("id", "<", page.after);
  return (await q.execute()).map((r) => {
    const id = String(r.id);
    const noted = pending(id);
    return {
      id,
      fixmedinsCode: r.fixmedins_code,
      accessKey: maskAccessKey(r.access_key),
      status: statusOf(r, now),
      createdAt: r.created_at,
      expiresAt: r.expires_at,
      revokedAt: r.revoked_at,
      lastUsedAt: noted && (!r.last_used_at || noted > r.last_used_at) ? noted : r.last_used_at,
      rotatedFrom: r.rotated_from === null ? null : String(r.rotated_from),
    };
  });
}
