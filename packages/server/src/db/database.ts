import { mkdirSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { Kysely, PostgresDialect, type Transaction } from "kysely";
import pg from "pg";
import { lockDataDir } from "./data-dir-lock.ts";
import { PGliteDialect } from "./pglite-dialect.ts";
import { PipelinedPool, pipelinedPools } from "./pipeline.ts";
import { preparing } from "./prepare.ts";
import type { DB } from "./schema.ts";

export type Db = Kysely<DB>;
/** What repositories take first: the database or an open transaction. */
export type Executor = Kysely<DB> | Transaction<DB>;
export type Engine = "pglite" | "postgres";

export interface DbConfig {
  /** postgres://... ; when absent, embedded PGlite is used. */
  databaseUrl?: string;
  /** PGlite data directory; absent = in memory. */
  dataDir?: string;
  /** Pool size for PostgreSQL. */
  poolSize?: number;
  /** Shared connections for pipelined statements (db/pipeline.ts). */
  pipelinedConnections?: number;
  /** Write groups on the wire at once per shared connection (default: by the server's durability). */
  pipelinedGroups?: number;
  /** PostgreSQL settings of the pool's sessions (libpq's `options`, e.g. "-c jit=off"). */
  sessionOptions?: string;
}

export interface DbHandle {
  db: Db;
  engine: Engine;
  /** the PostgreSQL URL, when on PostgreSQL (tests start servers against it) */
  url?: string;
  close(): Promise<void>;
}

// Same JS types on both engines: int8 -> bigint (money, counts), date -> "yyyy-MM-dd" string,
// numeric -> string. timestamptz stays a Date.
const INT8 = 20;
const DATE = 1082;
const NUMERIC = 1700;
pg.types.setTypeParser(INT8, (v: string) => BigInt(v));
pg.types.setTypeParser(DATE, (v: string) => v);
pg.types.setTypeParser(NUMERIC, (v: string) => v);

export async function openDb(config: DbConfig): Promise<DbHandle> {
  if (config.databaseUrl) {
    const pool = new pg.Pool({
      connectionString: config.databaseUrl,
      max: config.poolSize ?? 10,
      ...(config.sessionOptions ? { options: config.sessionOptions } : {}),
    });
    pool.on("connect", preparing);
    // An idle connection that the server ends (a restart, an administrator's termination) is an
    // error event of the pool: the pool drops that client and the next query opens another. With
    // no listener Node would end the whole process for it.
    pool.on("error", () => {});
    const shared = new PipelinedPool(
      pool,
      config.databaseUrl,
      config.pipelinedConnections ?? 1,
      config.pipelinedGroups,
    );
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool: shared as unknown as pg.Pool }) });
    pipelinedPools.set(db, shared);
    return { db, engine: "postgres", url: config.databaseUrl, close: () => db.destroy() };
  }
  if (config.dataDir) mkdirSync(config.dataDir, { recursive: true });
  // One process per data directory (PGlite has one writer): refused clearly, not aborted.
  const release = config.dataDir ? lockDataDir(config.dataDir) : () => {};
  try {
    const lite = new PGlite(config.dataDir); // type parsers: see pglite-dialect.ts
    await lite.waitReady;
    const db = new Kysely<DB>({ dialect: new PGliteDialect(lite) });
    return {
      db,
      engine: "pglite",
      close: async () => {
        try {
          await db.destroy();
        } finally {
          release();
        }
      },
    };
  } catch (err) {
    release();
    throw err;
  }
}
