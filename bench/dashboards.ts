/**
 * The leaders' dashboards on a simulated region: each request the Fund, Indicators, Overview and
 * Liquidations pages make, through the whole app (routing, auth, schema, serialisation), timed
 * cold (first call) and warm (median and max of the next ones), with the size of the aggregates
 * they read; and the registry's and settlements' first pages, which read the raw tables.
 *   DATABASE_URL=postgres://.../sim_db npx tsx bench/dashboards.ts [region] [year] [repeats]
 */
import { randomUUID } from "node:crypto";
import { loadavg } from "node:os";
import { sql } from "kysely";
import { SYSTEM_ACTOR } from "../packages/server/src/audit/audit.ts";
import { systemClock } from "../packages/server/src/clock.ts";
import { openDb } from "../packages/server/src/db/database.ts";
import { createOperator } from "../packages/server/src/features/platform/operator.service.ts";
import { login } from "../packages/server/src/features/platform/session.service.ts";
import { loginPolicy } from "../packages/server/src/features/platform/login-policy.ts";
import { serverContext } from "../packages/server/src/features/settlement/context.ts";
import { buildApp } from "../packages/server/src/http/app.ts";

const url = process.env.DATABASE_URL;
if (!url) throw new Error("set DATABASE_URL to a simulated region's database");
const region = process.argv[2] ?? "530100";
const year = Number(process.argv[3] ?? 2025);
const repeats = Number(process.argv[4] ?? 10);

const handle = await openDb({ databaseUrl: url });
const app = await buildApp({
  db: handle.db,
  engine: handle.engine,
  now: systemClock,
  settlement: serverContext(),
});
const name = `bench_${randomUUID().slice(0, 8)}`;
const password = "bench dashboards only";
await createOperator(handle.db, SYSTEM_ACTOR, {
  login: name,
  displayName: name,
  role: "leader",
  password,
  regionCode: region,
  fixmedinsCode: null,
});
const { token } = await login(
  handle.db,
  loginPolicy(),
  { login: name, password },
  { address: "bench" },
  new Date(),
);
const headers = { authorization: `Bearer ${token}` };
// Start-up (plugins, compiling every route's schemas) happens once before `yibao serve` listens;
// it is timed apart so that the first request's figure is the request's own.
const tReady = performance.now();
await app.ready();
console.log(`app ready in ${(performance.now() - tReady).toFixed(0)} ms (start-up, not a request)`);

const printLoad = () =>
  console.log(
    `load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(" ")}`,
  );
const q = `region=${region}&year=${year}`;
const paths = [
  `/api/v1/fund?${q}`,
  `/api/v1/fund/liquidations?${q}`,
  `/api/v1/indicators?${q}`,
  "/api/v1/stats/overview",
  "/api/v1/payment/liquidations",
  // the registry's and settlements' lists, which read the raw tables (paged on the server)
  "/api/v1/persons?limit=20",
  `/api/v1/persons/search?q=${encodeURIComponent(process.env.BENCH_NAME ?? "张")}`,
  "/api/v1/settlements?limit=20",
];

const count = async (table: string) =>
  Number(
    (await sql<{ n: string }>`select count(*) as n from ${sql.table(table)}`.execute(handle.db)).rows[0]!.n,
  );
console.log(
  `aggregates read: settlement_monthly ${await count("settlement_monthly")} rows, fund_monthly ${await count("fund_monthly")}, enrolment_monthly ${await count("enrolment_monthly")}; raw: settlements ${await count("settlements")}, persons ${await count("persons")}`,
);
printLoad();
for (const path of paths) {
  const times: number[] = [];
  let status = 0;
  let bytes = 0;
  for (let i = 0; i <= repeats; i++) {
    const t0 = performance.now();
    const res = await app.inject({ method: "GET", url: path, headers });
    times.push(performance.now() - t0);
    status = res.statusCode;
    bytes = res.body.length;
  }
  const [cold, ...warm] = times;
  warm.sort((a, b) => a - b);
  const median = warm[Math.floor(warm.length / 2)]!;
  console.log(
    `${path}: HTTP ${status}, ${bytes} bytes; cold ${cold!.toFixed(0)} ms, warm median ${median.toFixed(0)} ms, max ${warm.at(-1)!.toFixed(0)} ms`,
  );
}
printLoad();
await app.close();
await handle.close();
