/**
 * Gateway throughput: his-sim (packages/server/src/his-sim/sim.ts) playing whole outpatient visits
 * over the NHSA interface against `yibao serve` on PostgreSQL: 1101 lookup, 2201, 2204 with 20
 * lines, 2206 pre-settlement, 2207, a 2205 before settling in 10% of visits and a 2208 after in 5%,
 * 9001 first and 3201/3202/9002 at the end per hospital. The same database setup, server and
 * HTTP client as bench/settlement.ts (2201, 2204 with 20 lines, 2207 only), so the two figures
 * compare: what the rest of the interface costs around a bare settlement.
 *
 *   BENCH_PG_URL=postgres://postgres:yibao@127.0.0.1:5432/postgres npx tsx bench/gateway.ts [in flight] [seconds] [hospitals]
 *
 * BENCH_DB (scratch database prefix, default yibao_bench), BENCH_PORT (3912), BENCH_HMAC=1 (the
 * hospitals sign with HMAC keys: `yibao serve` in its default mode). Afterwards it checks the
 * database: every settlement his-sim saw stored, the fund ledger balanced.
 */
import { spawn } from "node:child_process";
import { cpuWindow } from "./cpu.ts";
import { LeanClient } from "./http-client.ts";
import { CODES, DB_PREFIX, SECRET_KEY, checkStored, scratch, setupBench } from "./setup.ts";
import { runHisSim, summaryLines } from "../packages/server/src/his-sim/sim.ts";

const IN_FLIGHT = Number(process.argv[2] ?? 16);
const SECONDS = Number(process.argv[3] ?? 20);
const HOSPITALS = Number(process.argv[4] ?? 4);
const PORT = Number(process.env.BENCH_PORT ?? 3912);
const HMAC = process.env.BENCH_HMAC === "1";

const DB_NAME = `${DB_PREFIX}_gateway`;
const url = await scratch(DB_NAME);
const { certnos, hospitals } = await setupBench(url, { hospitals: HOSPITALS, hmac: HMAC });
const nodeArgs = (process.env.BENCH_NODE_ARGS ?? "--max-semi-space-size=64").split(" ").filter(Boolean);
const server = spawn(process.execPath, [...nodeArgs, "packages/server/bin/yibao.js", "serve"], {
  env: {
    ...process.env,
    DATABASE_URL: url,
    PORT: String(PORT),
    LOG_LEVEL: "warn",
    YIBAO_NHSA_AUTH: HMAC ? "hmac" : "open",
    YIBAO_SECRET_KEY: SECRET_KEY,
    YIBAO_1101_PER_MINUTE: "1000000",
  },
  stdio: ["ignore", "ignore", "inherit"],
  detached: true,
});
// a pool of keep-alive connections, one request in flight on each
const idle = Array.from({ length: IN_FLIGHT }, () => new LeanClient("127.0.0.1", PORT));
const waiters: ((c: LeanClient) => void)[] = [];
const acquire = () =>
  idle.length > 0 ? Promise.resolve(idle.pop()!) : new Promise<LeanClient>((r) => waiters.push(r));
const release = (c: LeanClient) => {
  const w = waiters.shift();
  if (w) w(c);
  else idle.push(c);
};
for (let i = 0; i < 100; i++) {
  try {
    await idle[0]!.post("/fsi/api/rsfComIfsService/callService", "{}"); // answers infcode -1: up
    break;
  } catch {
    idle[0] = new LeanClient("127.0.0.1", PORT);
    await new Promise((r) => setTimeout(r, 200));
  }
}
const persons = certnos.map((certNo) => ({ certType: "02" as const, certNo, insuredRegion: "530100" }));
// The visits end where the first reconciliation message (3201/3202) is sent: the CPU used up to
// then is the visits' own, comparable with bench/visits.ts (which plays no 3201/3202).
let visitsEnded: (() => void) | null = null;
const RECONCILE = /"infno":"320[12]"/;
const sim = (durationS: number) =>
  runHisSim({
    transport: async (path, body) => {
      if (visitsEnded && RECONCILE.test(body)) {
        visitsEnded();
        visitsEnded = null;
      }
      const c = await acquire();
      try {
        return { status: 200, body: await c.post(path, body) };
      } finally {
        release(c);
      }
    },
    institutions: hospitals,
    persons,
    rate: 100_000, // as fast as IN_FLIGHT visits go
    durationS,
    concurrency: IN_FLIGHT,
    codes: CODES,
    lines: 20,
    now: () => new Date(),
  });
await sim(3); // warm-up: prepared statements, caches, the JIT
const cpu = cpuWindow(server.pid!, DB_NAME);
let visitsUsed: ReturnType<ReturnType<typeof cpuWindow>> | null = null;
visitsEnded = () => {
  visitsUsed = cpu();
};
const s = await sim(SECONDS);
const used = cpu();
process.kill(-server.pid!, "SIGTERM");
for (const c of idle) c.close();
for (const line of summaryLines(s)) console.log(line);
const secs = s.elapsedMs / 1000;
const rate = s.settled / secs;
console.log(
  `gateway: ${s.settled} visits settled in ${secs.toFixed(1)} s = ${rate.toFixed(0)} settlements/s, ${(s.messages / secs).toFixed(0)} messages/s; ${IN_FLIGHT} in flight, ${HOSPITALS} hospitals${HMAC ? ", HMAC" : ", open gateway"}`,
);
const visitRate = s.settled / (s.visitsMs / 1000);
console.log(
  `gateway, visits only (sign-in, 3201/3202 and sign-out not counted): ${(s.visitsMs / 1000).toFixed(1)} s = ${visitRate.toFixed(0)} settlements/s`,
);
const per = (c: number) => ((c * 1000) / rate).toFixed(2);
console.log(
  `cpu (cores): server ${used.server}, postgres (this database) ${used.postgres}, other databases and shared postgres ${used.postgresOther}, load generator ${used.loadGenerator}; machine idle ${Math.round(used.machineIdle * 100)}%; ms of cpu per settled visit: server ${per(used.server)}, postgres ${per(used.postgres)}, load generator ${per(used.loadGenerator)}`,
);
const v = visitsUsed as ReturnType<ReturnType<typeof cpuWindow>> | null;
if (v) {
  const perV = (c: number) => ((c * 1000) / visitRate).toFixed(2);
  console.log(
    `cpu over the visits only: server ${v.server}, postgres ${v.postgres} cores; machine idle ${Math.round(v.machineIdle * 100)}%; ms of cpu per settled visit: server ${perV(v.server)}, postgres ${perV(v.postgres)}, load generator ${perV(v.loadGenerator)}`,
  );
}
await checkStored(url, s.settled);
if (s.failures.length || s.imbalances.length || s.refusals.length) process.exitCode = 1;
