// What a simulation made, as one line per table: its row count and an md5 of its rows (every
// column but the wall-clock times, and with wall-clock times inside text and JSON blanked). Two
// runs of `yibao simulate` with the same options in fresh databases make the same lines when
// they make the same persons, enrolments, settlements, visits, fee lines, ledgers, aggregates and
// audit entries: run it after a simulation before and after a change and diff the outputs.
//
//   DATABASE_URL=postgres://postgres:yibao@127.0.0.1:5432/sim_a npx tsx bench/sim-fingerprint.ts > a.txt
//   DATABASE_URL=postgres://postgres:yibao@127.0.0.1:5432/sim_b npx tsx bench/sim-fingerprint.ts > b.txt
//   diff a.txt b.txt
//
// Options: --counts (counts only); --strict (ids and every column too: two runs differ in ids
// already, as the lanes' batches land in either order).
import pg from "pg";

/** Tables that record the run itself (times it took, when it ran), not what it made. */
const SKIPPED = new Set([
  "kysely_migration",
  "kysely_migration_lock",
  "simulation_batches",
  "simulation_runs",
]);
/** Timestamps the simulation chooses (simulated days); every other timestamptz is the wall clock. */
const SIMULATED_TIMES = new Set([
  "settlements.setl_time",
  "visits.begntime",
  "visits.endtime",
  "fee_lines.fee_time",
]);
/** Columns that hold a duration measured by the run. */
const MEASURED = new Set(["aggregate_refreshes.took_ms"]);
/**
 * Without --strict, what differs between two runs of the same options even before any change:
 * ids (the lanes' batches land in either order), the columns that hold them, and numbers drawn
 * from the system's random source (card numbers), and what names ids (a case's setl_id, an
 * audit entry's entity id and content, an idempotency record's key and answer).
 */
const isDrawnAtRun = (table: string, column: string) =>
  column === "id" ||
  column.endsWith("_id") ||
  column === "card_no" ||
  column === "card_sn" ||
  (table === "liquidation_statements" && column === "cases") || // each case names its setl_id
  (table === "idempotency_keys" && column !== "scope") ||
  (table === "audit_log" && column !== "action" && column !== "entity");
const WALL_CLOCK_TEXT = String.raw`\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)`;

const url = process.env.DATABASE_URL;
if (!url) throw new Error("DATABASE_URL is not set");
const countsOnly = process.argv.includes("--counts");
const strict = process.argv.includes("--strict");
const client = new pg.Client({ connectionString: url });
await client.connect();
try {
  const { rows: columns } = await client.query<{
    table_name: string;
    column_name: string;
    data_type: string;
  }>(
    `select table_name, column_name, data_type from information_schema.columns
     where table_schema = 'public' order by table_name, ordinal_position`,
  );
  const tables = new Map<string, string[]>();
  for (const c of columns) {
    if (SKIPPED.has(c.table_name)) continue;
    const name = `${c.table_name}.${c.column_name}`;
    const list = tables.get(c.table_name) ?? [];
    tables.set(c.table_name, list);
    if (MEASURED.has(name)) continue;
    if (c.data_type.startsWith("timestamp") && !SIMULATED_TIMES.has(name)) continue;
    if (!strict && isDrawnAtRun(c.table_name, c.column_name)) continue;
    const quoted = `"${c.column_name}"`;
    list.push(
      c.data_type === "text" || c.data_type === "jsonb" || c.data_type === "json"
        ? `regexp_replace(${quoted}::text, '${WALL_CLOCK_TEXT}', 'T', 'g')`
        : `${quoted}::text`,
    );
  }
  for (const [table, cols] of tables) {
    const row =
      cols.length > 0 ? `concat_ws(',', ${cols.map((c) => `coalesce(${c}, '∅')`).join(", ")})` : "''";
    const { rows } = await client.query<{ n: string; md5: string | null }>(
      countsOnly
        ? `select count(*)::text as n, null as md5 from "${table}"`
        : `select count(*)::text as n, md5(coalesce(string_agg(r, '|' order by r), '')) as md5
           from (select ${row} as r from "${table}") t`,
    );
    if (rows[0]!.n === "0") continue;
    console.log(`${table} ${rows[0]!.n}${countsOnly ? "" : ` ${rows[0]!.md5}`}`);
  }
} finally {
  await client.end();
}
