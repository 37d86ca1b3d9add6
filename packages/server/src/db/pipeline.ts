import pg from "pg";
import { preparing } from "./prepare.ts";

/**
 * Statements db/statement.ts runs outside a transaction (the settlement hot path: short,
 * single-statement, autocommit) share a few connections in pipeline mode, several in flight on each: PostgreSQL serves them
 * back to back instead of being woken for each, which on a small machine saves about a quarter
 * of the CPU a statement costs. Everything else (transactions, queries of the console, jobs)
 * reserves a connection of its own from the pool, as before.
 *
 * Group commit: writes that arrive while the connection is busy wait and then go together in one
 * transaction, so that a durable server (synchronous_commit on) flushes its WAL once for the
 * group instead of once per statement. Each answer is given only once the group has committed.
 * If any statement of the group fails, the group rolls back and each statement runs again on
 * its own, so a failure (a replayed msgid, a lock timeout) is only ever its own statement's.
 * Within a group each statement sees the ones before it, so a guard computed from data another
 * statement of the group changed fails, and its plan is made again (db/plan.ts).
 *
 * The shared connections plan prepared statements generically (the hot statements look rows up
 * by key) and give up waiting for a lock after 100 ms, so that one statement stuck behind a
 * transaction cannot hold up the others queued behind it (55P03: it wrote nothing, and runs again
 * on a pool connection of its own, where waiting harms nobody). One shared connection is the default: on
 * two cores one backend serving every hot statement back to back beats several taking turns.
 */
const SHARED_OPTIONS = "-c plan_cache_mode=force_generic_plan -c lock_timeout=100";

interface Pending {
  text: string;
  values: unknown[];
  write: boolean;
  resolve: (r: pg.QueryResult) => void;
  reject: (e: unknown) => void;
}

interface SharedConnection {
  client: pg.Client;
  ready: Promise<void>;
  queue: Pending[];
  /** groups sent and not yet answered, and how many may be */
  inFlight: number;
  maxInFlight: number;
  broken: boolean;
}

/** At most this many writes commit together (a group's statements hold their row locks until its commit). */
const MAX_GROUP = 32;
/**
 * Groups on the wire at once; while that many are, new statements queue up and form the next
 * group. Holding statements back pays only when a commit waits for the disk (synchronous_commit
 * on, fsync on): then two, else as many as come (a server that does not wait loses more to the
 * queueing than it gains).
 */
const GROUPS_WHEN_DURABLE = 2;
const EXTENDED = "extended";
const LOCK_TIMEOUT = "55P03";

/** The pipelined pool of a Kysely instance, for statements run without Kysely's executor (db/statement.ts). */
export const pipelinedPools = new WeakMap<object, PipelinedPool>();

/**
 * What Kysely's PostgresDriver takes as its pool (connect() gives a client-like facade on the
 * pool), and the shared pipelined connections db/statement.ts uses directly.
 */
export class PipelinedPool {
  private readonly shared: SharedConnection[] = [];
  /** groups committed, writes they carried, groups that rolled back (their writes ran again alone) */
  readonly stats = { groups: 0, groupedWrites: 0, groupsRolledBack: 0 };

  /** `groups`: groups on the wire at once (tests, tuning); default: decided by the server's durability */
  constructor(
    private readonly pool: pg.Pool,
    private readonly connectionString: string,
    private readonly size: number,
    private readonly groups?: number,
  ) {}

  async connect() {
    return new ConnectionFacade(this.pool);
  }

  async end() {
    await Promise.all(this.shared.map((s) => s.client.end().catch(() => {})));
    this.shared.length = 0;
    await this.pool.end();
  }

  /**
   * Runs a statement on the least busy shared connection; a write may commit with others (see
   * above). One that gave up waiting for a lock runs again on a pool connection.
   */
  async query(text: string, values: unknown[], write = false): Promise<pg.QueryResult> {
    const s = this.pick();
    try {
      return await new Promise<pg.QueryResult>((resolve, reject) => {
        s.queue.push({ text, values, write, resolve, reject });
        this.pump(s);
      });
    } catch (err) {
      if ((err as { code?: string }).code !== LOCK_TIMEOUT) throw err;
      return this.pool.query(text, values);
    }
  }

  /** Sends what has queued up while the connection was busy: reads on their own, writes as one group. */
  private pump(s: SharedConnection) {
    if (s.inFlight >= s.maxInFlight || s.queue.length === 0) return;
    s.inFlight++;
    const reads: Pending[] = [];
    const writes: Pending[] = [];
    let n = 0;
    while (s.queue.length > 0 && n < MAX_GROUP) {
      const p = s.queue.shift()!;
      (p.write ? writes : reads).push(p);
      if (p.write) n++;
    }
    void this.send(s, reads, writes).finally(() => {
      s.inFlight--;
      this.pump(s);
    });
  }

  private async send(s: SharedConnection, reads: Pending[], writes: Pending[]) {
    try {
      await s.ready;
    } catch (err) {
      for (const p of [...reads, ...writes]) p.reject(err);
      return;
    }
    const alone = (p: Pending) => s.client.query(p.text, p.values).then(p.resolve, p.reject);
    const sent = reads.map(alone);
    if (writes.length === 1) sent.push(alone(writes[0]!));
    else if (writes.length > 1) sent.push(this.group(s, writes));
    await Promise.all(sent);
  }

  /** begin; the writes; commit, pipelined in one round trip. Answers only after the commit. */
  private async group(s: SharedConnection, writes: Pending[]) {
    const c = s.client;
    const begin = c.query({ text: "begin", queryMode: EXTENDED } as pg.QueryConfig);
    const results = writes.map((p) =>
      c.query(p.text, p.values).then(
        (r) => ({ ok: true as const, r }),
        (e: unknown) => ({ ok: false as const, e }),
      ),
    );
    const commit = c.query({ text: "commit", queryMode: EXTENDED } as pg.QueryConfig);
    begin.catch(() => {});
    commit.catch(() => {});
    let committed = false;
    let outcome: Awaited<(typeof results)[number]>[] = [];
    try {
      await begin;
      outcome = await Promise.all(results);
      committed = (await commit).command === "COMMIT" && outcome.every((o) => o.ok);
    } catch {
      // begin or commit failed (connection lost): every statement finds out on its own below
      await Promise.allSettled([begin, commit, ...results]);
    }
    if (committed) {
      this.stats.groups++;
      this.stats.groupedWrites += writes.length;
      for (const [i, p] of writes.entries()) p.resolve((outcome[i] as { r: pg.QueryResult }).r);
      return;
    }
    this.stats.groupsRolledBack++;
    for (const p of writes) await c.query(p.text, p.values).then(p.resolve, p.reject);
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
        ready: client.connect().then(async () => {
          if (this.groups) return;
          const { rows } = await client.query({
            text: "select current_setting('synchronous_commit') <> 'off' and current_setting('fsync') = 'on' as durable",
            queryMode: EXTENDED,
          } as pg.QueryConfig);
          if (rows[0]?.durable) s.maxInFlight = GROUPS_WHEN_DURABLE;
        }),
        queue: [],
        inFlight: 0,
        maxInFlight: this.groups ?? Number.POSITIVE_INFINITY,
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
    for (const s of this.shared) if (s.queue.length < best.queue.length) best = s;
    return best;
  }
}

/**
 * One Kysely "connection": a pool connection reserved at its first statement and kept until
 * Kysely releases the facade (so a transaction's statements all run on it).
 */
class ConnectionFacade {
  private reserved: pg.PoolClient | null = null;

  constructor(private readonly pool: pg.Pool) {}

  async query(text: string, values: unknown[]) {
    if (!this.reserved) this.reserved = await this.pool.connect();
    return this.reserved.query(text, values);
  }

  release(discard?: boolean) {
    this.reserved?.release(discard);
    this.reserved = null;
  }
}
