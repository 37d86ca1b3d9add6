// Runs the server test suite once per database engine: embedded PGlite always, and real
// PostgreSQL when YIBAO_TEST_PG_URL is set (CI sets it; CI without it is an error). Says in the
// run's output what it did not run, and why.
import { spawnSync } from "node:child_process";
import { testConfig } from "../packages/server/src/config.ts";

const settings = testConfig();
const engines: { name: string; env: Record<string, string> }[] = [
  { name: "pglite", env: { YIBAO_TEST_ENGINE: "pglite" } },
];
if (settings.pgUrl)
  engines.push({
    name: "postgres",
    env: { YIBAO_TEST_ENGINE: "postgres", YIBAO_TEST_PG_URL: settings.pgUrl },
  });
else if (settings.ci) {
  console.error("CI is set but YIBAO_TEST_PG_URL is not: the server suite must run on PostgreSQL too.");
  process.exit(1);
} else {
  console.warn(
    "SKIPPED: the server tests on PostgreSQL (YIBAO_TEST_PG_URL is not set; `bash .ci/pg-start.sh` prints one)." +
      " The suites that run on PostgreSQL only each print a SKIPPED line below.",
  );
}

for (const engine of engines) {
  console.log(`\n=== server tests on ${engine.name} ===`);
  const r = spawnSync("npx", ["vitest", "run", "--project", "server", ...process.argv.slice(2)], {
    stdio: "inherit",
    env: { ...process.env, ...engine.env },
  });
  if (r.status !== 0) {
    console.error(`server tests failed on ${engine.name}`);
    process.exit(r.status ?? 1);
  }
}
if (!settings.pgUrl)
  console.warn("\nSKIPPED (see above): the server tests on PostgreSQL. Set YIBAO_TEST_PG_URL to run them.");
