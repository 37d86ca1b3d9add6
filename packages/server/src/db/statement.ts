import { CompiledQuery } from "kysely";
import type { Executor } from "./database.ts";
import { pipelinedPools } from "./pipeline.ts";

/**
 * Hand-written SQL for the hot paths (settlement), still run through Kysely so that both engines
 * take it. A fragment is SQL text with `${value}` parameters; fragments nest.
 *
 *   q`select * from visits where mdtrt_id = ${id}`
 */
export interface Fragment {
  readonly strings: readonly string[];
  readonly values: readonly unknown[];
}

const isFragment = (v: unknown): v is Fragment =>
  typeof v === "object" && v !== null && "strings" in v && "values" in v;

export function q(strings: TemplateStringsArray, ...values: unknown[]): Fragment {
  return { strings, values };
}

/** SQL text that is not a parameter (a fixed piece chosen by code, never user input). */
export function raw(text: string): Fragment {
  return { strings: [text], values: [] };
}

/** Compiles fragments to one statement: parameters become $1, $2, ... in order. */
function compile(fragment: Fragment): CompiledQuery {
  const params: unknown[] = [];
  const text = render(fragment, params);
  return CompiledQuery.raw(text, params);
}

function render(f: Fragment, params: unknown[]): string {
  let out = f.strings[0]!;
  for (let i = 0; i < f.values.length; i++) {
    const v = f.values[i];
    if (isFragment(v)) out += render(v, params);
    else {
      params.push(v);
      out += `$${params.length}`;
    }
    out += f.strings[i + 1]!;
  }
  return out;
}

export async function queryRows<R>(ex: Executor, fragment: Fragment): Promise<R[]> {
  return run<R>(ex, compile(fragment));
}

/**
 * Runs a compiled statement: outside a transaction on PostgreSQL on the shared pipelined
 * connection (db/pipeline.ts; the hot path skips Kysely's connection handling), else through
 * Kysely (a transaction's connection, or PGlite).
 */
async function run<R>(ex: Executor, c: CompiledQuery, write = false): Promise<R[]> {
  const shared = pipelinedPools.get(ex);
  if (shared) return (await shared.query(c.sql, c.parameters as unknown[], write)).rows as R[];
  return (await ex.executeQuery<R>(c)).rows;
}

/**
 * One atomic write of several tables in a single statement (data-modifying CTEs): the `guard`
 * selects and locks the rows the write was computed from and checks they are unchanged; every
 * step is written to act only when the guard holds (`from guard` / `exists (select 1 from guard)`).
 * So a write computed from stale data writes nothing and answers no row; the caller reads again
 * and recomputes (optimistic concurrency, one round trip, no explicit transaction needed).
 */
export interface GuardedWrite {
  /** A query yielding one row when the write may proceed (may lock rows, may itself update). */
  guard: Fragment;
  steps: Fragment[];
  /** What the statement answers, a select over `guard` (default: one row when the guard held). */
  returning?: Fragment;
}

function compileWrite(w: GuardedWrite): CompiledQuery {
  const parts: Fragment[] = [q`with guard as (${w.guard})`];
  w.steps.forEach((s, i) => {
    parts.push(q`, s${raw(String(i))} as (${s})`);
  });
  parts.push(w.returning ? q` ${w.returning}` : raw(" select 1 as ok from guard"));
  return compile(join(parts, ""));
}

function join(fragments: Fragment[], separator: string): Fragment {
  const strings: string[] = [""];
  const values: unknown[] = [];
  fragments.forEach((f, i) => {
    if (i > 0) strings[strings.length - 1] += separator;
    strings[strings.length - 1] += f.strings[0]!;
    for (let k = 0; k < f.values.length; k++) {
      values.push(f.values[k]);
      strings.push(f.strings[k + 1]!);
    }
  });
  return { strings, values };
}

/**
 * Runs a guarded write: the rows it answers when it landed, null when the guard found the data
 * changed and nothing was written.
 */
export async function applyWrite(ex: Executor, w: GuardedWrite): Promise<Record<string, unknown>[] | null> {
  const rows = await run<Record<string, unknown>>(ex, compileWrite(w), true);
  return rows.length > 0 ? rows : null;
}
