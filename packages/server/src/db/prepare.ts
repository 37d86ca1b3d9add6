import type pg from "pg";

/**
 * Server-side prepared statements for SQL that repeats (the idea of pgjdbc's prepareThreshold):
 * from its second use a statement text gets a name, and each connection parses and plans it once
 * instead of on every call. Kysely builds the same text for the same query shape, so the hot
 * paths are prepared without naming anything by hand. Bounded: texts that vary (IN lists of
 * different lengths) stop being named once MAX_NAMED are taken.
 */
const THRESHOLD = 2;
const MAX_NAMED = 400;
const MAX_COUNTED = 5_000;
const names = new Map<string, string>();
const counts = new Map<string, number>();

function statementName(text: string): string | undefined {
  const known = names.get(text);
  if (known) return known;
  if (names.size >= MAX_NAMED) return undefined;
  const seen = (counts.get(text) ?? 0) + 1;
  if (seen >= THRESHOLD) {
    const name = `yibao_${names.size + 1}`;
    names.set(text, name);
    counts.delete(text);
    return name;
  }
  if (counts.size >= MAX_COUNTED) counts.clear();
  counts.set(text, seen);
  return undefined;
}

/** Makes a pool client name repeated parameterised statements (pool.on("connect", preparing)). */
export function preparing(client: pg.PoolClient) {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  // Only (text, values) calls with parameters: a parameterless text may hold several statements
  // (migrations), which only the simple protocol takes.
  client.query = ((...args: unknown[]) => {
    const [text, values] = args;
    if (args.length === 2 && typeof text === "string" && Array.isArray(values) && values.length > 0) {
      const name = statementName(text);
      if (name) return query({ name, text, values });
    }
    return query(...args);
  }) as typeof client.query;
}
