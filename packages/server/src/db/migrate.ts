import { readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { type Kysely, type Migration, type MigrationProvider, Migrator } from "kysely";

const MIGRATIONS_DIR = join(dirname(fileURLToPath(import.meta.url)), "migrations");

/**
 * Migrations are the files in ./migrations, applied in file-name order. Features own number
 * ranges so they never collide: 0000 platform, 0100 registry, 0200 contributions, 0300 catalogue,
 * 0400 settlement, 0500 payment (DRG/DIP), 0600 supervision, 0700 fund, 0900 demo helpers.
 */
class DirMigrationProvider implements MigrationProvider {
  async getMigrations(): Promise<Record<string, Migration>> {
    const files = readdirSync(MIGRATIONS_DIR)
      .filter((f) => /^\d{4}_.*\.ts$/.test(f) && !f.endsWith(".test.ts"))
      .sort();
    const out: Record<string, Migration> = {};
    for (const f of files) {
      out[f.replace(/\.ts$/, "")] = (await import(pathToFileURL(join(MIGRATIONS_DIR, f)).href)) as Migration;
    }
    return out;
  }
}

// biome-ignore lint/suspicious/noExplicitAny: any database type may be migrated
export function migrator(db: Kysely<any>): Migrator {
  return new Migrator({ db, provider: new DirMigrationProvider(), allowUnorderedMigrations: true });
}

// biome-ignore lint/suspicious/noExplicitAny: any database type may be migrated
export async function migrateToLatest(db: Kysely<any>): Promise<string[]> {
  const { error, results } = await migrator(db).migrateToLatest();
  if (error) throw error;
  return (results ?? []).filter((r) => r.status === "Success").map((r) => r.migrationName);
}
