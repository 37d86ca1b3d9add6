import type { PGlite } from "@electric-sql/pglite";
import {
  CompiledQuery,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type QueryResult,
  type TransactionSettings,
} from "kysely";

/**
 * A Kysely dialect for embedded PGlite. PGlite is one connection, so the driver hands it out
 * behind a mutex: a transaction holds it until commit/rollback, which serialises writers exactly
 * as a row lock would on PostgreSQL.
 */
export class PGliteDialect implements Dialect {
  constructor(private readonly pg: PGlite) {}
  createAdapter() {
    return new PostgresAdapter();
  }
  createDriver(): Driver {
    return new PGliteDriver(this.pg);
  }
  createIntrospector(db: Kysely<unknown>) {
    return new PostgresIntrospector(db);
  }
  createQueryCompiler() {
    return new PostgresQueryCompiler();
  }
}

/**
 * Same JS types as node-postgres is configured for (db/database.ts): int8 -> bigint (money,
 * counts), date -> "yyyy-MM-dd", numeric -> string. PGlite takes parsers per query.
 */
const PARSERS = {
  20: (v: string) => BigInt(v),
  1082: (v: string) => v,
  1700: (v: string) => v,
};

class PGliteConnection implements DatabaseConnection {
  constructor(private readonly pg: PGlite) {}
  async executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
    const res = await this.run<R>(compiled.sql, compiled.parameters as unknown[]);
    const isWrite = /^\s*(insert|update|delete|merge)/i.test(compiled.sql);
    return {
      rows: res.rows,
      ...(isWrite ? { numAffectedRows: BigInt(res.affectedRows ?? 0) } : {}),
    };
  }

  private async run<R>(text: string, params: unknown[]): Promise<{ rows: R[]; affectedRows?: number }> {
    // Several statements in one parameterless text (migrations) go through the simple protocol;
    // everything else through the extended one, with our type parsers.
    if (params.length === 0 && /;\s*\S/.test(text)) {
      const all = await this.pg.exec(text);
      return (all.at(-1) as unknown as { rows: R[]; affectedRows?: number }) ?? { rows: [] };
    }
    return this.pg.query<R>(text, params, { parsers: PARSERS });
  }

  // biome-ignore lint/correctness/useYield: streaming is not supported on PGlite
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error("streamQuery is not supported on PGlite");
  }
}

class PGliteDriver implements Driver {
  private queue: Promise<void> = Promise.resolve();
  private readonly connection: PGliteConnection;
  private release: (() => void) | null = null;

  constructor(private readonly pg: PGlite) {
    this.connection = new PGliteConnection(pg);
  }
  async init() {
    await this.pg.waitReady;
  }
  async acquireConnection(): Promise<DatabaseConnection> {
    const previous = this.queue;
    let release!: () => void;
    this.queue = new Promise<void>((r) => {
      release = r;
    });
    await previous;
    this.release = release;
    return this.connection;
  }
  async beginTransaction(conn: DatabaseConnection, settings: TransactionSettings) {
    const iso = settings.isolationLevel ? ` isolation level ${settings.isolationLevel}` : "";
    await conn.executeQuery(CompiledQuery.raw(`begin${iso}`));
  }
  async commitTransaction(conn: DatabaseConnection) {
    await conn.executeQuery(CompiledQuery.raw("commit"));
  }
  async rollbackTransaction(conn: DatabaseConnection) {
    await conn.executeQuery(CompiledQuery.raw("rollback"));
  }
  async releaseConnection() {
    const r = this.release;
    this.release = null;
    r?.();
  }
  async destroy() {
    await this.pg.close();
  }
}
