/**
 * Signed header sets already accepted, so that a captured one cannot be sent again. A header set
 * stamped `ts` is acceptable while |now - ts| <= the allowed skew, so it is remembered until
 * ts + skew; entries are kept in one-minute buckets of that expiry and whole buckets are dropped
 * once past. In-process: with several server workers each remembers what it accepted (see
 * docs/nhsa.md). Memory grows with the message rate times the window (about 100 bytes a message).
 */
export class ReplayCache {
  private readonly buckets = new Map<number, Set<string>>();

  constructor(readonly skewMs: number) {}

  /** True the first time `id` (access key + signature) is offered for a message stamped `ts`. */
  firstUse(id: string, ts: number, now: number): boolean {
    this.prune(now);
    const bucket = Math.floor((ts + this.skewMs) / 60_000);
    let seen = this.buckets.get(bucket);
    if (!seen) {
      seen = new Set();
      this.buckets.set(bucket, seen);
    }
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  }

  get size(): number {
    let n = 0;
    for (const s of this.buckets.values()) n += s.size;
    return n;
  }

  private prune(now: number) {
    const current = Math.floor(now / 60_000);
    for (const b of this.buckets.keys()) if (b < current) this.buckets.delete(b);
  }
}
