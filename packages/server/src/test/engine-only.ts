import { testConfig } from "../config.ts";

type Engine = ReturnType<typeof testConfig>["engine"];
const said = new Set<string>();

/**
 * For `describe.skipIf(...)` of a suite that runs on one engine only: true (skip) on the other,
 * and then the run's output says once which suite was skipped and why, so that a green run on
 * PGlite alone does not read as if everything ran.
 */
function onlyOn(engine: Engine, suite: string, why: string): boolean {
  const running = testConfig().engine;
  if (running === engine) return false;
  if (!said.has(suite)) {
    said.add(suite);
    console.warn(`SKIPPED on ${running}: "${suite}" runs on ${engine} only (${why})`);
  }
  return true;
}

/** Skip unless the suite runs on PostgreSQL (`YIBAO_TEST_PG_URL`, the second pass of npm test). */
export const skipUnlessPostgres = (suite: string, why: string) => onlyOn("postgres", suite, why);

/** Skip unless on PGlite: for suites that touch no database, one pass is enough. */
export const skipUnlessPglite = (suite: string, why: string) => onlyOn("pglite", suite, why);
