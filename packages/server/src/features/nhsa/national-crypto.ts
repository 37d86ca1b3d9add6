import { YibaoError, fieldError } from "@yibao/core/errors";
import type { NhsaRequest } from "@yibao/core/nhsa";
import smCrypto from "sm-crypto";
import { checkTree } from "../../http/input-guard.ts";
import type { SecretBox } from "../../security/secret-box.ts";
import type { InstitutionInfo } from "../institutions/institution.repository.ts";

/**
 * National cryptography (国密) of the NHSA interface, per institution (table nhsa_crypto), with the
 * maintained `sm-crypto` library (pure JS SM2/SM3/SM4; nothing here is hand-written crypto):
 *
 * - `signtype` SM2: `cainfo` is the SM3withSM2 signature (GM/T 0009: SM3 over Z(userId
 *   "1234567812345678", public key) and the message; r || s as 128 hex characters) of the signed
 *   text, verified with the institution's SM2 public key: the envelope fields `fixmedins_code`,
 *   `inf_time`, `infno`, `input`, `msgid`, sorted by name, as `k=v` joined by `&`. `input` is the
 *   text sent: the SM4 ciphertext when encrypted, else JSON.stringify of the parsed input (keys in
 *   the order sent, no spaces, numbers in their shortest form). Test vectors: national-crypto.test.ts.
 * - `enctype` SM4: `input` is the SM4-ECB ciphertext (PKCS#7 padding, hex) of the input's JSON
 *   text under the institution's 16-byte key; the answer's `output` is encrypted the same way.
 */
export const SIGNED_FIELDS = ["fixmedins_code", "inf_time", "infno", "input", "msgid"] as const;

/** The text an SM2 cainfo signs (see above). */
export function signedText(body: Record<string, unknown>): string {
  return SIGNED_FIELDS.map((k) => {
    const v = body[k];
    const text = k === "input" && typeof v !== "string" ? JSON.stringify(v ?? {}) : String(v ?? "");
    return `${k}=${text}`;
  }).join("&");
}

export const sm4Encrypt = (plain: string, keyHex: string) => smCrypto.sm4.encrypt(plain, keyHex);

/** The plain text of an SM4 ciphertext, or undefined when it cannot be one under this key. */
function sm4Decrypt(cipherHex: string, keyHex: string): string | undefined {
  if (!/^(?:[0-9a-fA-F]{32})+$/.test(cipherHex)) return undefined;
  try {
    const plain = smCrypto.sm4.decrypt(cipherHex, keyHex);
    return typeof plain === "string" && plain !== "" ? plain : undefined;
  } catch {
    return undefined;
  }
}

const encTypeOf = (body: Record<string, unknown>) => String(body.enctype ?? body.enc_type ?? "");

/** The encrypted input of a message that says it is SM4-encrypted (checked later against the institution). */
export function sealedInput(body: unknown): string | undefined {
  if (body === null || typeof body !== "object") return undefined;
  const b = body as Record<string, unknown>;
  return encTypeOf(b) === "SM4" && typeof b.input === "string" ? b.input : undefined;
}

/**
 * Applies the institution's national cryptography to a message: verifies its cainfo (SM2) and
 * decrypts its input (SM4). Answers the request with its plain input and the SM4 key the answer's
 * output is encrypted with (none: in clear). Refusals name the field: `cainfo`
 * (NHSA_CAINFO_INVALID), `input` (NHSA_DECRYPT_FAILED), `enctype` (NHSA_ENCRYPTION_REQUIRED).
 */
export function applyNationalCrypto(
  box: SecretBox,
  inst: InstitutionInfo,
  body: Record<string, unknown>,
  req: NhsaRequest,
  sealed: string | undefined,
): { req: NhsaRequest; sm4Key?: string } {
  const c = inst.crypto;
  if (c?.signType === "SM2" && c.sm2PublicKey) {
    const cainfo = typeof body.cainfo === "string" ? body.cainfo : "";
    const ok =
      /^[0-9a-fA-F]{128}$/.test(cainfo) &&
      smCrypto.sm2.doVerifySignature(signedText(body), cainfo.toLowerCase(), c.sm2PublicKey, { hash: true });
    if (!ok)
      throw new YibaoError("NHSA_CAINFO_INVALID", "The SM2 signature (cainfo) does not verify", {
        field: "cainfo",
      });
  }
  if (c?.encType !== "SM4" || !c.sm4KeyEnc) {
    if (sealed !== undefined)
      throw fieldError("NHSA_DECRYPT_FAILED", "input", "This institution does not send SM4-encrypted input");
    return { req };
  }
  if (sealed === undefined)
    throw fieldError("NHSA_ENCRYPTION_REQUIRED", "enctype", "This institution must send SM4-encrypted input");
  const key = box.open(c.sm4KeyEnc, `sm4:${inst.code}`);
  const plain = sm4Decrypt(sealed, key);
  let input: unknown;
  try {
    input = plain === undefined ? undefined : JSON.parse(plain);
  } catch {
    input = undefined;
  }
  if (input === null || typeof input !== "object" || Array.isArray(input))
    throw fieldError(
      "NHSA_DECRYPT_FAILED",
      "input",
      "The input does not decrypt to a JSON object under this key",
    );
  checkTree(input, "input");
  return { req: { ...req, input: input as Record<string, unknown> }, sm4Key: key };
}
