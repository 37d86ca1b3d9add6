import { randomBytes } from "node:crypto";
import { fieldError } from "@yibao/core/errors";
import { type Actor, recordAudit } from "../../audit/audit.ts";
import type { Db } from "../../db/database.ts";
import type { SecretBox } from "../../security/secret-box.ts";
import { requireInstitution } from "./keys.service.ts";

export interface CryptoSettings {
  /** "SM2": messages carry an SM3withSM2 cainfo, verified with sm2PublicKey */
  signType: "SM2" | null;
  sm2PublicKey?: string | null;
  /** "SM4": input and output are SM4-encrypted under a key issued here */
  encType: "SM4" | null;
}

/**
 * Sets an institution's national cryptography (admin, audited without keys). Setting SM4 issues a
 * new 16-byte key, answered this once (the HIS configures it) and stored sealed; the institution's
 * SM2 public key is checked to be one in hex (a key off the curve verifies nothing: sm-crypto checks).
 */
export async function configureCrypto(
  db: Db,
  box: SecretBox,
  actor: Actor,
  code: string,
  s: CryptoSettings,
  now: Date,
): Promise<{ signType: "SM2" | null; encType: "SM4" | null; sm4Key: string | null }> {
  const publicKey = s.signType === "SM2" ? (s.sm2PublicKey ?? "").toLowerCase() : null;
  if (publicKey !== null && !/^(04[0-9a-f]{128}|0[23][0-9a-f]{64})$/.test(publicKey))
    throw fieldError("FIELD_INVALID", "sm2PublicKey", "sm2PublicKey must be an SM2 public key in hex");
  const sm4Key = s.encType === "SM4" ? randomBytes(16).toString("hex") : null;
  await db.transaction().execute(async (trx) => {
    await requireInstitution(trx, code);
    const row = {
      sign_type: s.signType,
      sm2_public_key: publicKey,
      enc_type: s.encType,
      sm4_key_enc: sm4Key === null ? null : box.seal(sm4Key, `sm4:${code}`),
      updated_at: now,
    };
    await trx
      .insertInto("nhsa_crypto")
      .values({ fixmedins_code: code, ...row })
      .onConflict((oc) => oc.column("fixmedins_code").doUpdateSet(row))
      .execute();
    await recordAudit(trx, actor, {
      action: "nhsa_crypto.configure",
      entity: "nhsa_crypto",
      entityId: code,
      after: { sign_type: s.signType, sm2_public_key: publicKey, enc_type: s.encType },
    });
  });
  return { signType: s.signType, encType: s.encType, sm4Key };
}
