import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { SecretBox } from "./secret-box.ts";

/**
 * Where the platform's secret key comes from (it seals institutions' gateway secrets):
 * `YIBAO_SECRET_KEY` (32 bytes, base64), else a key file (`YIBAO_SECRET_KEY_FILE`, default
 * `<data dir>/secret.key`) that is created with mode 0600 on first use. Every process that
 * verifies or issues gateway keys (server workers, the CLI) must see the same key: on PostgreSQL
 * across machines, set YIBAO_SECRET_KEY everywhere.
 */
export interface SecretKeySource {
  secretKey?: string;
  secretKeyFile: string;
}

function decodeKey(text: string, where: string): Buffer {
  const key = Buffer.from(text.trim(), "base64");
  if (key.length !== 32) throw new Error(`${where} must hold 32 bytes in base64 (openssl rand -base64 32)`);
  return key;
}

export function loadSecretBox(source: SecretKeySource): SecretBox {
  if (source.secretKey) return SecretBox.fromKey(decodeKey(source.secretKey, "YIBAO_SECRET_KEY"));
  const file = source.secretKeyFile;
  try {
    mkdirSync(dirname(file), { recursive: true });
    // 'wx': create only if absent, so two processes starting at once cannot both write a key.
    writeFileSync(file, `${randomBytes(32).toString("base64")}\n`, { flag: "wx", mode: 0o600 });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
  }
  if (process.platform !== "win32" && (statSync(file).mode & 0o077) !== 0) {
    throw new Error(`${file} is readable by other users: chmod 600 ${file}`);
  }
  return SecretBox.fromKey(decodeKey(readFileSync(file, "utf8"), file));
}
