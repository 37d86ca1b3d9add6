import { createCipheriv, createDecipheriv, createHmac, randomBytes } from "node:crypto";

const VERSION = "v1";
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * Secrets at rest (institutions' gateway secrets): AES-256-GCM under the platform's secret key
 * (security/secret-key.ts). The gateway must recompute HMACs, so it needs the secret itself; a
 * hash would not do. Sealed text is "v1." + base64url(iv | tag | ciphertext). `context` (e.g.
 * the access key) is bound as additional data, so a sealed secret copied onto another row does
 * not open.
 */
export class SecretBox {
  private constructor(private readonly key: Buffer) {}

  static fromKey(key: Buffer): SecretBox {
    if (key.length !== 32) throw new Error("the secret key must be 32 bytes (AES-256)");
    return new SecretBox(Buffer.from(key));
  }

  /** A key that lives only in this process: for tests and in-memory databases. */
  static ephemeral(): SecretBox {
    return new SecretBox(randomBytes(32));
  }

  /**
   * A 32-byte key for one purpose (e-voucher signatures...), derived from the platform's key with
   * HMAC-SHA256: the platform key itself never signs anything, and purposes cannot stand in for each other.
   */
  derive(purpose: string): Buffer {
    return createHmac("sha256", this.key).update(`yibao derived key: ${purpose}`).digest();
  }

  seal(plain: string, context: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv("aes-256-gcm", this.key, iv);
    cipher.setAAD(Buffer.from(context));
    const ct = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
    return `${VERSION}.${Buffer.concat([iv, cipher.getAuthTag(), ct]).toString("base64url")}`;
  }

  /** The plain text; throws when the text was sealed under another key or context, or altered. */
  open(sealed: string, context: string): string {
    const [version, body] = sealed.split(".");
    if (version !== VERSION || !body) throw new Error("not a sealed secret");
    const raw = Buffer.from(body, "base64url");
    const decipher = createDecipheriv("aes-256-gcm", this.key, raw.subarray(0, IV_BYTES));
    decipher.setAAD(Buffer.from(context));
    decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString(
      "utf8",
    );
  }
}
