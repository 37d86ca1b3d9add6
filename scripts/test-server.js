#!/usr/bin/env node
// Runs the server test suite once per database engine: embedded PGlite always, and real
// PostgreSQL when YIBAO_TEST_PG_URL is set (CI sets it; CI=true without it is an error).
import { spawnSync } from "node:child_process";

const engines = [{ name: "pglite", env: { YIBAO_TEST_ENGINE: "pglite" } }];
const pgUrl = process.env.YIBAO_TEST_PG_URL;
if (pgUrl)
  engines.push({ name: "postgres", env: { YIBAO_TEST_ENGINE: "postgres", YIBAO_TEST_PG_URL: pgUrl } });
else if (process.env.CI) {
  console.error("CI is set but YIBAO_TEST_PG_URL is not: the server suite must run on PostgreSQL too.");
  process.exit(1);
} else console.warn("YIBAO_TEST_PG_URL not set: server tests run on PGlite only.");

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
