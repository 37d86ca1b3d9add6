import { sql } from "kysely";
import type { Db } from "../../db/database.ts";

/**
 * When each gateway key was last used, without a write per message: the gateway notes the time
 * in memory and one statement a minute (at most) writes what changed, off the request path. A
 * key listing adds what is still pending, so it is exact for this process. Closing the app
 * writes the rest. A failed write keeps the times for the next one.
 */
export class LastUse {
  private pending = new Map<string, Date>();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly db: Db,
    private readonly everyMs = 60_000,
  ) {}

  touch(keyId: string, at: Date) {
    const prev = this.pending.get(keyId);
    if (!prev || prev < at) this.pending.set(keyId, at);
    this.timer ??= setTimeout(() => void this.flush(), this.everyMs).unref();
  }

  /** The time noted in memory and not yet written, if any. */
  pendingFor(keyId: string): Date | undefined {
    return this.pending.get(keyId);
  }

  async flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.pending.size === 0) return;
    const batch = this.pending;
    this.pending = new Map();
    const rows = [...batch].map(([id, at]) => sql`(${id}::int8, ${at.toISOString()}::timestamptz)`);
    try {
      await sql`update nhsa_access_keys k
        set last_used_at = greatest(coalesce(k.last_used_at, v.at), v.at)
        from (values ${sql.join(rows)}) as v(id, at) where k.id = v.id`.execute(this.db);
    } catch {
      for (const [id, at] of batch) this.touch(id, at);
    }
  }

  async close(): Promise<void> {
    await this.flush();
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
