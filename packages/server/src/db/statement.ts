import {
  CompiledQuery,
  DummyDriver,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type RawBuilder,
  sql,
} from "kysely";
import type { Executor } from "./database.ts";
import { pipelinedPools } from "./pipeline.ts";

/**
 * Hand-written SQL of the settlement hot path, written with Kysely's `sql` and compiled once.
 *
 *   const VISIT = statement<{ mdtrtId: string }>((p) => sql`select * from visits where mdtrt_id = ${p.mdtrtId}`);
 *   const rows = await queryRows<VisitRow>(ex, VISIT({ mdtrtId }));
 *
 * A statement is a module-level constant over named parameters: `p.x` compiles to `$n`. Kysely
 * compiles its text the first time it is used, and a call only binds values. Why not Kysely's
 * `sql` compiled per call: the settlement write has about 60 parameters, and compiling it costs
 * about 100 µs each time against 5 µs to bind it (measured; a settlement's server CPU is about
 * 800 µs), and the same text every time is what keeps it prepared (db/prepare.ts). Why not the
 * query builder: these statements are data-modifying CTEs with guards (GuardedWrite below), which
 * it does not express. Everything else uses the query builder.
 */
export type Params<P> = { readonly [K in keyof P]: RawBuilder<P[K]> };

export interface Statement<P> {
  /** Binds values to the parameters (none to give: `S()`). */
  (...values: Record<never, never> extends P ? [P?] : [P]): Bound;
  readonly id: number;
  readonly build: (p: Params<P>) => RawBuilder<unknown>;
}

/** A statement with its values, ready to run (alone, or as a part of a guarded write). */
export interface Bound {
  readonly statement: { readonly id: number; readonly build: (p: never) => RawBuilder<unknown> };
  readonly values: object;
}

let statements = 0;

export function statement<P extends object = Record<never, never>>(
  build: (p: Params<P>) => RawBuilder<unknown>,
): Statement<P> {
  const s = Object.assign((values: P = {} as P) => ({ statement: s, values }), {
    id: ++statements,
    build,
  }) as Statement<P>;
  return s;
}

/** Compiles text only: Kysely's PostgreSQL compiler without a connection. */
const compiler = new Kysely<unknown>({
  dialect: {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (db) => new PostgresIntrospector(db),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  },
});

/** Where a parameter of compiled text takes its value: a part's named value, or a constant of the text. */
class Slot {
  constructor(
    readonly part: number,
    readonly name: string,
  ) {}
}
type Source = Slot | { constant: unknown };

interface Compiled {
  text: string;
  sources: Source[];
}

const slotsOf = (part: number) =>
  new Proxy({} as Params<Record<string, unknown>>, {
    get: (_, name) => sql`${new Slot(part, String(name))}`,
  });

/**
 * Texts by the statements they are made of. Finite, as statements are module constants; bounded
 * all the same (past the bound a text is compiled every time, which only costs time).
 */
const texts = new Map<string, Compiled>();
const MAX_TEXTS = 1_000;

function compiled(key: string, make: () => RawBuilder<unknown>): Compiled {
  const known = texts.get(key);
  if (known) return known;
  const c = make().compile(compiler);
  const sources = c.parameters.map((v): Source => (v instanceof Slot ? v : { constant: v }));
  const out = { text: c.sql, sources };
  if (texts.size < MAX_TEXTS) texts.set(key, out);
  return out;
}

function bind(c: Compiled, parts: readonly Bound[]): CompiledQuery {
  const values = new Array<unknown>(c.sources.length);
  for (let i = 0; i < values.length; i++) {
    const s = c.sources[i]!;
    values[i] = s instanceof Slot ? (parts[s.part]!.values as Record<string, unknown>)[s.name] : s.constant;
  }
  return CompiledQuery.raw(c.text, values);
}

const build = (b: Bound, part: number) => b.statement.build(slotsOf(part) as never);

/** The text and values of one bound statement. */
export function compile(b: Bound): CompiledQuery {
  return bind(
    compiled(String(b.statement.id), () => build(b, 0)),
    [b],
  );
}

export async function queryRows<R>(ex: Executor, b: Bound): Promise<R[]> {
  return run<R>(ex, compile(b));
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
  guard: Bound;
  steps: Bound[];
  /** What the statement answers, a select over `guard` (default: one row when the guard held). */
  returning?: Bound;
}

const OK = statement(() => sql`select 1 as ok from guard`);

/** `with guard as (...), s0 as (...), s1 as (...) select ...`, compiled once per list of statements. */
export function compileWrite(w: GuardedWrite): CompiledQuery {
  const parts = [w.guard, ...w.steps, w.returning ?? OK()];
  let key = "w";
  for (const p of parts) key += `,${p.statement.id}`;
  const c = compiled(key, () => {
    const steps = w.steps.map((s, i) => sql`, ${sql.raw(`s${i}`)} as (${build(s, i + 1)})`);
    return sql`with guard as (${build(w.guard, 0)})${sql.join(steps, sql``)} ${build(parts.at(-1)!, parts.length - 1)}`;
  });
  return bind(c, parts);
}

/**
 * Runs a guarded write: the rows it answers when it landed, null when the guard found the data
 * changed and nothing was written.
 */
export async function applyWrite(ex: Executor, w: GuardedWrite): Promise<Record<string, unknown>[] | null> {
  const rows = await run<Record<string, unknown>>(ex, compileWrite(w), true);
  return rows.length > 0 ? rows : null;
}
