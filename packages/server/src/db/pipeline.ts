import pg from "pg";
import { preparing } from "./prepare.ts";

/**
 * Statements marked as pipelined (the settlement hot path: short, single-statement, autocommit)
 * share a few connections in pipeline mode, several in flight on each: PostgreSQL serves them
 * back to back instead of being woken for each, which on a small machine saves about a quarter
 * of the CPU a statement costs. Everything else (transactions, queries of the console, jobs)
 * reserves a connection of its own from the pool, as before.
 *
 * The shared connections plan prepared statements generically (the hot statements look rows up
 * by key) and give up waiting for a lock after 100 ms, so that one statement stuck behind a
 * transaction cannot hold up the others queued behind it (55P03: statement.ts then runs it on a
 * connection of its own, where waiting harms nobody). One shared connection is the default: on
 * two cores one backend serving every hot statement back to back beats several taking turns.
 */
export const PIPELINED = "/*pipelined*/ ";

const SHARED_OPTIONS = "-c plan_cache_mode=force_generic_plan -c lock_timeout=100";

interface SharedConnection {
  client: pg.Client;
  ready: Promise<void>;
  inFlight: number;
  broken: boolean;
}

/** The pipelined pool of a Kysely instance, for statements run without Kysely's executor (db/statement.ts). */
export const pipelinedPools = new WeakMap<object, PipelinedPool>();

/** What Kysely's PostgresDriver takes as its pool: connect() gives a client-like facade. */
export class PipelinedPool {
  private readonly shared: SharedConnection[] = [];

  constructor(
    private readonly pool: pg.Pool,
    private readonly connectionString: string,
    private readonly size: number,
  ) {}

  async connect() {
    return new ConnectionFacade(this, this.pool);
  }

  async end() {
    await Promise.all(this.shared.map((s) => s.client.end().catch(() => {})));
    this.shared.length = 0;
    await this.pool.end();
  }

  /** Runs a statement on the least busy shared connection. */
  async query(text: string, values: unknown[]): Promise<pg.QueryResult> {
    const s = this.pick();
    s.inFlight++;
    try {
      await s.ready;
      return await s.client.query(text, values);
    } finally {
      s.inFlight--;
    }
  }

  private pick(): SharedConnection {
    for (let i = this.shared.length - 1; i >= 0; i--) if (this.shared[i]!.broken) this.shared.splice(i, 1);
    if (this.shared.length < this.size) {
      const client = new pg.Client({
        connectionString: this.connectionString,
        pipeline: true,
        options: SHARED_OPTIONS,
      } as pg.ClientConfig);
      preparing(client as unknown as pg.PoolClient);
      const s: SharedConnection = {
        client,
        ready: client.connect().then(() => {}),
        inFlight: 0,
        broken: false,
      };
      const drop = () => {
        s.broken = true;
      };
      client.on("error", drop);
      client.on("end", drop);
      s.ready.catch(drop);
      this.shared.push(s);
      return s;
    }
    let best = this.shared[0]!;
    for (const s of this.shared) if (s.inFlight < best.inFlight) best = s;
    return best;
  }
}

/**
 * One Kysely "connection": marked statements go to the shared pipelined connections; the first
 * other statement reserves a pool connection, kept until Kysely releases the facade (so a
 * transaction's statements all run on it).
 */
class ConnectionFacade {
  private reserved: pg.PoolClient | null = null;

  constructor(
    private readonly owner: PipelinedPool,
    private readonly pool: pg.Pool,
  ) {}

  async query(text: string, values: unknown[]) {
    if (!this.reserved && text.startsWith(PIPELINED)) return this.owner.query(text, values);
    if (!this.reserved) this.reserved = await this.pool.connect();
    return this.reserved.query(text, values);
  }

  release(discard?: boolean) {
    this.reserved?.release(discard);
    this.reserved = null;
  }
}
