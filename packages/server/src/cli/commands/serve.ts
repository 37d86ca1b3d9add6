import { citizenPolicy } from "../../features/selfservice/citizen-policy.ts";
import { undeliveredCodes } from "../../features/selfservice/citizen-login.ts";
import cluster from "node:cluster";
import type { Command } from "commander";
import { loadConfig } from "../../config.ts";
import { seedDemoIfEmpty } from "../../demo/seed.ts";
import { buildApp, safeLogger } from "../../http/app.ts";
import { positiveIntArg } from "../args.ts";
import { openConfiguredDb } from "../open.ts";
import { serverContext } from "../../features/settlement/context.ts";
import { type NhsaAuthMode, gatewayContext } from "../../features/nhsa/gateway-context.ts";
import { loadSecretBox } from "../../security/secret-key.ts";
import { systemClock } from "../../clock.ts";
import { loginPolicy } from "../../features/platform/login-policy.ts";
import { startAggregateRefresh } from "../../features/analytics/refresh.job.ts";
import { safeError } from "../../http/log.ts";

/**
 * `yibao serve` authenticates the NHSA gateway with HMAC unless YIBAO_NHSA_AUTH=open; the demo
 * (`yibao start`, `npm start`) runs open unless YIBAO_NHSA_AUTH=hmac, and says so.
 */
async function serve(opts: { demo: boolean; workers?: number; open?: boolean }) {
  const config = loadConfig();
  const auth: NhsaAuthMode = config.nhsaAuth ?? (opts.open ? "open" : "hmac");
  const workers = opts.workers ?? config.workers;
  // Several worker processes share the port (PostgreSQL only: PGlite is one process's database).
  if (workers > 1 && config.databaseUrl && cluster.isPrimary) {
    const first = await openConfiguredDb(); // migrate once, before the workers start
    await first.close();
    loadSecretBox(config); // and create the key file once, if it is to be created
    for (let i = 0; i < workers; i++) cluster.fork();
    console.log(`Yibao: ${workers} workers on http://${config.host}:${config.port}`);
    return;
  }
  const handle = await openConfiguredDb();
  if (opts.demo) await seedDemoIfEmpty(handle.db, (msg) => console.log(msg));
  const app = await buildApp(
    {
      db: handle.db,
      engine: handle.engine,
      now: systemClock,
      settlement: serverContext(config.referenceTtlMs),
      gateway: gatewayContext(handle.db, { auth, secrets: loadSecretBox(config), config }),
      login: loginPolicy(config),
      fundWarnings: {
        reserveMinMonths: config.fundReserveMinMonths,
        reserveMaxMonths: config.fundReserveMaxMonths,
        budgetTolerancePercent: config.fundBudgetTolerancePercent,
      },
      citizen: citizenPolicy(config),
      // the demo prints one-time codes to the log; a real server needs an SMS gateway (not built)
      ...(opts.demo ? {} : { codes: undeliveredCodes }),
    },
    { logger: safeLogger(config.logLevel) },
  );
  const stopRefresh = startAggregateRefresh(handle.db, systemClock, config.aggregateRefreshSeconds, (err) =>
    app.log.error({ err: safeError(err) }, "aggregate refresh failed"),
  );
  const shutdown = async () => {
    stopRefresh();
    await app.close();
    await handle.close();
    process.exit(0);
  };
  process.once("SIGINT", shutdown);
  process.once("SIGTERM", shutdown);
  await app.listen({ port: config.port, host: config.host });
  // The port actually bound (PORT=0 asks for any free one).
  const address = app.server.address();
  const port = typeof address === "object" && address ? address.port : config.port;
  const url = `http://${config.host === "0.0.0.0" ? "localhost" : config.host}:${port}`;
  console.log(
    `\nYibao is running on ${handle.engine === "pglite" ? `PGlite (${config.dataDir})` : "PostgreSQL"}`,
  );
  console.log(`  console:  ${url}/`);
  console.log(`  API:      ${url}/api/v1`);
  console.log(`  API docs: ${url}/docs`);
  if (opts.demo) console.log(`  demo login: admin / yibao-demo-admin (see README)`);
  if (auth === "open")
    console.log(
      "  WARNING: the NHSA gateway runs OPEN: institutions without a key may send unsigned messages." +
        " For real hospitals run `yibao serve` (HMAC) and issue keys: yibao institutions keys issue <code>",
    );
  else console.log("  NHSA gateway: HMAC signatures required (yibao institutions keys issue <code>)");
}

export function register(program: Command) {
  program
    .command("serve")
    .description("run the HTTP server (REST API, NHSA interface, console)")
    .option("--demo", "load the demo region first if the database is empty", false)
    .option(
      "--workers <n>",
      "worker processes (PostgreSQL only; default YIBAO_WORKERS, 1)",
      positiveIntArg(64),
    )
    .action(serve);
  program
    .command("start")
    .description("migrate, load the demo region if the database is empty, and serve")
    .action(() => serve({ demo: true, open: true }));
}
