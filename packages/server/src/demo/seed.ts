import { readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { Db } from "../db/database.ts";

/**
 * The demo region. Each file `NNNN_x.seed.ts` in this folder exports
 * `seed(db, log): Promise<void>` and runs in file-name order (0000 platform, 0100 registry,
 * 0200 contributions, 0300 catalogue, 0400 settlement, 0500 payment...). Seeds are deterministic
 * (a fixed random seed) so every fresh machine gets the same region.
 */
type Seed = (db: Db, log: (msg: string) => void) => Promise<void>;

export async function seedDemoIfEmpty(db: Db, log: (msg: string) => void): Promise<boolean> {
  const any = await db.selectFrom("regions").select("code").limit(1).executeTakeFirst();
  if (any) return false;
  const dir = dirname(fileURLToPath(import.meta.url));
  const files = readdirSync(dir)
    .filter((f) => /^\d{4}_.*\.seed\.ts$/.test(f))
    .sort();
  for (const f of files) {
    const mod = (await import(pathToFileURL(join(dir, f)).href)) as { seed: Seed };
    const started = Date.now();
    await mod.seed(db, log);
    log(`demo: ${f.replace(/\.seed\.ts$/, "")} loaded in ${Date.now() - started} ms`);
  }
  return true;
}
