import { randomBytes } from "node:crypto";
import pg from "pg";
import { type DbConfig, type DbHandle, openDb } from "../db/database.ts";
import { migrateToLatest } from "../db/migrate.ts";
import { testConfig } from "../config.ts";

/**
 * A fresh, migrated database for one test file, on the engine the suite runs on
 * (YIBAO_TEST_ENGINE=pglite|postgres; scripts/test-server.js runs the suite on both).
 * PGlite: in memory. PostgreSQL: a new database on YIBAO_TEST_PG_URL, dropped on close.
 */
export async function openTestDb(options: Omit<DbConfig, "databaseUrl" | "dataDir"> = {}): Promise<DbHandle> {
  const { engine, pgUrl: adminUrl } = testConfig();
  if (engine === "pglite") {
    const handle = await openDb({});
    await migrateToLatest(handle.db);
    return handle;
  }
  if (!adminUrl) throw new Error("YIBAO_TEST_ENGINE=postgres needs YIBAO_TEST_PG_URL");
  const name = `yibao_test_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const handle = await openDb({ poolSize: 8, ...options, databaseUrl: url.toString() });
  await migrateToLatest(handle.db);
  return {
    ...handle,
    close: async () => {
      await handle.close();
      const a = new pg.Client({ connectionString: adminUrl });
      await a.connect();
      await a.query(`drop database if exists ${name} with (force)`);
      await a.end();
    },
  };
}
