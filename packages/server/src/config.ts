import { join, resolve } from "node:path";

/**
 * Every environment variable Yibao reads, in one table: its name, what it does, its default and
 * how it is checked. `loadConfig()` reads them all at start and refuses a bad value with a message
 * naming the variable (a typo must not quietly fall back to a default); docs/configuration.md is
 * generated from the table (`npm run docs:config`, a test keeps it current). Nothing else reads
 * process.env: the values reach the code through `Config`.
 */
type Env = Record<string, string | undefined>;

interface Setting<T> {
  env: string;
  description: string;
  /** the default as shown in the docs */
  shown: string;
  read: (raw: string | undefined, env: Env) => T;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

const fail = (env: string, raw: string, what: string): never => {
  throw new ConfigError([`${env}=${JSON.stringify(raw)}: ${what}`]);
};

const integer =
  (env: string, fallback: number | undefined, min: number, max: number) =>
  (raw: string | undefined): number | undefined => {
    if (raw === undefined || raw === "") return fallback;
    if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max)
      return fail(env, raw, `must be a whole number from ${min} to ${max}`);
    return Number(raw);
  };

const req = <T>(v: T | undefined): T => v as T;

const choice =
  <C extends string>(env: string, choices: readonly C[]) =>
  (raw: string | undefined): C | undefined => {
    if (raw === undefined || raw === "") return undefined;
    if (!choices.includes(raw as C)) return fail(env, raw, `must be one of ${choices.join(", ")}`);
    return raw as C;
  };

const flag = (raw: string | undefined) => raw !== undefined && raw !== "" && raw !== "0" && raw !== "false";

const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;

/** The settings of the product (server, CLI, jobs). */
const SETTINGS = {
  port: {
    env: "PORT",
    description: "HTTP port of `yibao serve` / `npm start` (0: any free port)",
    shown: "3000",
    read: (raw) => req(integer("PORT", 3000, 0, 65535)(raw)),
  },
  host: {
    env: "HOST",
    description: "address the server listens on",
    shown: "127.0.0.1",
    read: (raw) => raw || "127.0.0.1",
  },
  databaseUrl: {
    env: "DATABASE_URL",
    description: "PostgreSQL to use (`postgres://user:pass@host:5432/db`); unset: the embedded PGlite",
    shown: "(PGlite)",
    read: (raw) => {
      if (!raw) return undefined;
      if (!/^postgres(ql)?:\/\//.test(raw))
        return fail("DATABASE_URL", "postgres://…", "must be a postgres:// or postgresql:// URL");
      return raw;
    },
  },
  dataDir: {
    env: "YIBAO_DATA_DIR",
    description: "PGlite's data directory (and the default place of the secret key file)",
    shown: "./data",
    read: (raw) => resolve(raw || "data"),
  },
  poolSize: {
    env: "YIBAO_PG_POOL",
    description: "PostgreSQL pool connections (transactions, queries of the console, jobs)",
    shown: "10",
    read: (raw) => req(integer("YIBAO_PG_POOL", 10, 1, 1000)(raw)),
  },
  pipelinedConnections: {
    env: "YIBAO_PG_PIPELINED",
    description: "shared pipelined connections of the settlement hot path (db/pipeline.ts)",
    shown: "1",
    read: (raw) => req(integer("YIBAO_PG_PIPELINED", 1, 1, 64)(raw)),
  },
  pipelinedGroups: {
    env: "YIBAO_PG_GROUPS",
    description:
      "write groups in flight per shared connection; unset: 2 on a server whose commits wait for the disk, unlimited otherwise",
    shown: "(by durability)",
    read: (raw) => integer("YIBAO_PG_GROUPS", undefined, 1, 1000)(raw),
  },
  referenceTtlMs: {
    env: "YIBAO_REFERENCE_TTL_MS",
    description:
      "how long a process keeps policies, catalogue and institutions (ms); changes made through the API clear it at once",
    shown: "30000",
    read: (raw) => req(integer("YIBAO_REFERENCE_TTL_MS", 30_000, 0, 86_400_000)(raw)),
  },
  workers: {
    env: "YIBAO_WORKERS",
    description: "server worker processes (PostgreSQL only); `yibao serve --workers` overrides it",
    shown: "1",
    read: (raw) => req(integer("YIBAO_WORKERS", 1, 1, 64)(raw)),
  },
  nhsaAuth: {
    env: "YIBAO_NHSA_AUTH",
    description:
      "NHSA gateway authentication: `hmac` (signed messages only) or `open` (institutions without a key may send unsigned messages); unset: hmac for `yibao serve`, open for the demo (`npm start`)",
    shown: "(hmac; demo: open)",
    read: (raw) => choice("YIBAO_NHSA_AUTH", ["hmac", "open"] as const)(raw),
  },
  secretKey: {
    env: "YIBAO_SECRET_KEY",
    description:
      "the key sealing institutions' gateway secrets (32 bytes, base64; `openssl rand -base64 32`); unset: the key file",
    shown: "(key file)",
    read: (raw) => raw || undefined,
  },
  secretKeyFile: {
    env: "YIBAO_SECRET_KEY_FILE",
    description: "the key file used when YIBAO_SECRET_KEY is unset (created with mode 0600)",
    shown: "<data dir>/secret.key",
    read: (raw, env) => resolve(raw || join(env.YIBAO_DATA_DIR || "data", "secret.key")),
  },
  keyGraceHours: {
    env: "YIBAO_NHSA_KEY_GRACE_HOURS",
    description: "how long a rotated gateway key keeps working (hours)",
    shown: "24",
    read: (raw) => req(integer("YIBAO_NHSA_KEY_GRACE_HOURS", 24, 0, 24 * 90)(raw)),
  },
  lookupsPerMinute: {
    env: "YIBAO_1101_PER_MINUTE",
    description: "1101 person lookups an institution may make a minute (per process)",
    shown: "120",
    read: (raw) => req(integer("YIBAO_1101_PER_MINUTE", 120, 1, 1_000_000)(raw)),
  },
  missesPerMinute: {
    env: "YIBAO_1101_MISSES_PER_MINUTE",
    description: "1101 lookups that find nobody an institution may make a minute (per process)",
    shown: "20",
    read: (raw) => req(integer("YIBAO_1101_MISSES_PER_MINUTE", 20, 1, 1_000_000)(raw)),
  },
  loginMaxFailures: {
    env: "YIBAO_LOGIN_MAX_FAILURES",
    description: "failed logins of one name within the lock period that lock it",
    shown: "5",
    read: (raw) => req(integer("YIBAO_LOGIN_MAX_FAILURES", 5, 1, 1000)(raw)),
  },
  loginMaxFailuresPerAddress: {
    env: "YIBAO_LOGIN_MAX_FAILURES_PER_ADDRESS",
    description: "failed logins from one address within the lock period that lock it",
    shown: "20",
    read: (raw) => req(integer("YIBAO_LOGIN_MAX_FAILURES_PER_ADDRESS", 20, 1, 100_000)(raw)),
  },
  loginLockMinutes: {
    env: "YIBAO_LOGIN_LOCK_MINUTES",
    description: "the window failures are counted in, and how long a lock lasts (minutes)",
    shown: "15",
    read: (raw) => req(integer("YIBAO_LOGIN_LOCK_MINUTES", 15, 1, 24 * 60)(raw)),
  },
  sessionHours: {
    env: "YIBAO_SESSION_HOURS",
    description: "how long an operator's session lasts (hours)",
    shown: "12",
    read: (raw) => req(integer("YIBAO_SESSION_HOURS", 12, 1, 24 * 30)(raw)),
  },
  fundReserveMinMonths: {
    env: "YIBAO_FUND_RESERVE_MIN_MONTHS",
    description: "the fund warns when a pool's reserve (累计结余可支付月数) falls below this many months",
    shown: "6",
    read: (raw) => req(integer("YIBAO_FUND_RESERVE_MIN_MONTHS", 6, 0, 120)(raw)),
  },
  fundReserveMaxMonths: {
    env: "YIBAO_FUND_RESERVE_MAX_MONTHS",
    description: "the fund warns when a pool's reserve rises above this many months",
    shown: "9",
    read: (raw) => req(integer("YIBAO_FUND_RESERVE_MAX_MONTHS", 9, 0, 1200)(raw)),
  },
  fundBudgetTolerancePercent: {
    env: "YIBAO_FUND_BUDGET_TOLERANCE_PERCENT",
    description: "the fund warns when spending runs more than this many percent ahead of the budget's pace",
    shown: "5",
    read: (raw) => req(integer("YIBAO_FUND_BUDGET_TOLERANCE_PERCENT", 5, 0, 100)(raw)),
  },
  aggregateRefreshSeconds: {
    env: "YIBAO_AGGREGATE_REFRESH_SECONDS",
    description:
      "how often the server recomputes the current and previous month's aggregates the dashboards read (seconds; 0: never)",
    shown: "60",
    read: (raw) => req(integer("YIBAO_AGGREGATE_REFRESH_SECONDS", 60, 0, 86_400)(raw)),
  },
  citizenSessionMinutes: {
    env: "YIBAO_CITIZEN_SESSION_MINUTES",
    description: "how long an insured person's or employer's online-service session lasts (minutes)",
    shown: "30",
    read: (raw) => req(integer("YIBAO_CITIZEN_SESSION_MINUTES", 30, 1, 24 * 60)(raw)),
  },
  oneTimeCodeMinutes: {
    env: "YIBAO_ONE_TIME_CODE_MINUTES",
    description: "how long a one-time sign-in code of the online services stays valid (minutes)",
    shown: "5",
    read: (raw) => req(integer("YIBAO_ONE_TIME_CODE_MINUTES", 5, 1, 60)(raw)),
  },
  logLevel: {
    env: "LOG_LEVEL",
    description: `server log level (${LOG_LEVELS.join(", ")}); lines never hold ID numbers, names or phones`,
    shown: "info",
    read: (raw) => choice("LOG_LEVEL", LOG_LEVELS)(raw) ?? "info",
  },
  debug: {
    env: "YIBAO_DEBUG",
    description:
      "1: the CLI prints where an unexpected error came from; the demo and the simulator print refused settlements",
    shown: "(off)",
    read: (raw) => flag(raw),
  },
} satisfies Record<string, Setting<unknown>>;

type Settings = typeof SETTINGS;
export type Config = { [K in keyof Settings]: ReturnType<Settings[K]["read"]> };

/** Settings of the test harness only (npm test); the product never reads them. */
const TEST_SETTINGS = {
  engine: {
    env: "YIBAO_TEST_ENGINE",
    description: "the engine a server test run uses (`scripts/test-server.ts` runs both)",
    shown: "pglite",
    read: (raw) => choice("YIBAO_TEST_ENGINE", ["pglite", "postgres"] as const)(raw) ?? "pglite",
  },
  pgUrl: {
    env: "YIBAO_TEST_PG_URL",
    description:
      "a PostgreSQL server the tests may create and drop databases on; set: the server tests run on PostgreSQL too",
    shown: "(unset: PGlite only)",
    read: (raw) => raw || undefined,
  },
  ci: {
    env: "CI",
    description: "set by CI: a missing PostgreSQL or Chromium fails the run instead of being skipped",
    shown: "(unset)",
    read: (raw) => flag(raw),
  },
  chromium: {
    env: "CHROMIUM_PATH",
    description: "the Chromium the console test drives",
    shown: "/usr/bin/chromium",
    read: (raw) => raw || "/usr/bin/chromium",
  },
  screenshotDir: {
    env: "SCREENSHOT_DIR",
    description: "where the console test saves its screenshots",
    shown: "(the system's temp dir)",
    read: (raw) => raw || undefined,
  },
  fuzzMs: {
    env: "YIBAO_FUZZ_MS",
    description: "time budget of the fuzz test (ms)",
    shown: "35000",
    read: (raw) => req(integer("YIBAO_FUZZ_MS", 35_000, 1, 86_400_000)(raw)),
  },
  fuzzRuns: {
    env: "YIBAO_FUZZ_RUNS",
    description: "mutated requests the fuzz test sends at most",
    shown: "3000",
    read: (raw) => req(integer("YIBAO_FUZZ_RUNS", 3000, 1, 10_000_000)(raw)),
  },
} satisfies Record<string, Setting<unknown>>;

type TestSettings = typeof TEST_SETTINGS;
export type TestConfig = { [K in keyof TestSettings]: ReturnType<TestSettings[K]["read"]> };

function readAll<S extends Record<string, Setting<unknown>>>(settings: S, env: Env) {
  const out: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const [key, s] of Object.entries(settings)) {
    try {
      out[key] = s.read(env[s.env], env);
    } catch (err) {
      if (err instanceof ConfigError) problems.push(...err.problems);
      else throw err;
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return out as { [K in keyof S]: ReturnType<S[K]["read"]> };
}

/** The product's configuration from the environment; every bad value is named at once. */
export function loadConfig(env: Env = process.env): Config {
  return readAll(SETTINGS, env);
}

/** The test harness's settings. */
export function testConfig(env: Env = process.env): TestConfig {
  return readAll(TEST_SETTINGS, env);
}

/** The defaults alone (an empty environment): for tests and tools that must not see the caller's. */
export const defaultConfig = (): Config => loadConfig({});

/** docs/configuration.md, generated from the tables above. */
export function configurationDoc(): string {
  const table = (settings: Record<string, Setting<unknown>>) =>
    [
      "| variable | default | what it does |",
      "| --- | --- | --- |",
      ...Object.values(settings).map(
        (s) => `| \`${s.env}\` | ${s.shown} | ${s.description.replace(/\|/g, "\\|")} |`,
      ),
    ].join("\n");
  return `# Configuration

<!-- Generated from packages/server/src/config.ts by \`npm run docs:config\`; a test keeps it current. -->

Yibao reads these environment variables, all in one place (packages/server/src/config.ts), when a
command starts. A value that does not parse stops the command with a message naming the variable;
none falls back to its default silently.

${table(SETTINGS)}

## Tests only

Read by the test harness (\`npm test\`), never by the product.

${table(TEST_SETTINGS)}

Benchmark scripts (bench/) take their own \`BENCH_*\` variables, documented in docs/benchmarks.md.
`;
}
