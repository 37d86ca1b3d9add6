/**
 * Token buckets per key (an institution): `perMinute` tokens refill evenly over a minute, and a
 * full bucket holds one minute's worth, so a burst of that size passes and a steady rate above
 * it does not. In-process: each server worker counts on its own.
 */
export class TokenBuckets {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(readonly perMinute: number) {
    if (!(perMinute > 0)) throw new Error("a rate limit must be a positive number per minute");
  }

  private level(key: string, now: number) {
    const b = this.buckets.get(key) ?? { tokens: this.perMinute, at: now };
    const tokens = Math.min(this.perMinute, b.tokens + ((now - b.at) * this.perMinute) / 60_000);
    return { tokens: Math.max(tokens, b.tokens), at: Math.max(now, b.at) };
  }

  /** Milliseconds until `key` has a token (0: it has one now). */
  waitMs(key: string, now: number): number {
    const { tokens } = this.level(key, now);
    return tokens >= 1 ? 0 : Math.ceil(((1 - tokens) * 60_000) / this.perMinute);
  }

  /** Takes a token if there is one; returns the wait in ms otherwise (and takes nothing). */
  take(key: string, now: number): number {
    const wait = this.waitMs(key, now);
    if (wait > 0) return wait;
    const { tokens, at } = this.level(key, now);
    this.buckets.set(key, { tokens: tokens - 1, at });
    return 0;
  }
}

/**
 * 1101 limits per institution: all lookups, and lookups that found nobody (an honest HIS seldom
 * misses; an enumeration mostly does). Defaults: 120 lookups and 20 misses a minute
 * (YIBAO_1101_PER_MINUTE, YIBAO_1101_MISSES_PER_MINUTE).
 */
export interface LookupLimits {
  lookups: TokenBuckets;
  misses: TokenBuckets;
}

export function lookupLimits(o: { perMinute: number; missesPerMinute: number }): LookupLimits {
  return { lookups: new TokenBuckets(o.perMinute), misses: new TokenBuckets(o.missesPerMinute) };
}
