import { type DbHandle, openDb } from "../db/database.ts";
import { migrateToLatest } from "../db/migrate.ts";
import { loadConfig } from "../config.ts";

/**
 * Opens the configured database (DATABASE_URL or PGlite in YIBAO_DATA_DIR) and migrates it;
 * `sessionOptions` are PostgreSQL settings for the command's sessions (db/database.ts).
 */
export async function openConfiguredDb(sessionOptions?: string): Promise<DbHandle> {
  const config = loadConfig();
  const handle = await openDb({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    poolSize: config.poolSize,
    pipelinedConnections: config.pipelinedConnections,
    pipelinedGroups: config.pipelinedGroups,
    ...(sessionOptions ? { sessionOptions } : {}),
  });
  await migrateToLatest(handle.db);
  return handle;
}
