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
import { makeCertno } from "@yibao/core/registry";
import pg from "pg";
import { cpuWindow } from "./cpu.ts";
import { LeanClient } from "./http-client.ts";
import { SYSTEM_ACTOR } from "../packages/server/src/audit/audit.ts";
import { openDb } from "../packages/server/src/db/database.ts";
import { migrateToLatest } from "../packages/server/src/db/migrate.ts";
import { insertPolicyVersion } from "../packages/server/src/features/catalogue/policy.repository.ts";
import { issueKey } from "../packages/server/src/features/nhsa/keys.service.ts";
import { assertImported, importCsv } from "../packages/server/src/features/registry/import.service.ts";
import { loadSecretBox } from "../packages/server/src/security/secret-key.ts";
import { type SimInstitution, runHisSim, summaryLines } from "../packages/server/src/his-sim/sim.ts";

const IN_FLIGHT = Number(process.argv[2] ?? 16);
const SECONDS = Number(process.argv[3] ?? 20);
const HOSPITALS = Number(process.argv[4] ?? 4);
const PERSONS = 5000;
const PORT = Number(process.env.BENCH_PORT ?? 3912);
const DB_PREFIX = process.env.BENCH_DB ?? "yibao_bench";
const HMAC = process.env.BENCH_HMAC === "1";
const SECRET_KEY = Buffer.alloc(32, 1).toString("base64");
const adminUrl = process.env.BENCH_PG_URL ?? "postgres://postgres:yibao@127.0.0.1:5432/postgres";
const CODES = Array.from({ length: 20 }, (_, i) => `BENCH${String(i).padStart(3, "0")}`);

async function scratch(name: string) {
  const c = new pg.Client({ connectionString: adminUrl });
  await c.connect();
  await c.query(`drop database if exists ${name} with (force)`);
  await c.query(`create database ${name}`);
  await c.end();
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  return u.toString();
}

async function setup(url: string) {
  const h = await openDb({ databaseUrl: url });
  await migrateToLatest(h.db);
  await h.db
    .insertInto("regions")
    .values({ code: "530100", name: "昆明市", level: "city", parent_code: null })
    .execute();
  await insertPolicyVersion(
    h.db,
    "530100",
    2026,
    {
      insutype: "390",
      med_type: "11",
      deductible: { scope: "annual", byLevel: { "1": "100.00", "2": "200.00", "3": "300.00" } },
      pool: { ratioByLevel: { "1": "0.6000", "2": "0.5000", "3": "0.4000" }, annualCap: "3000.00" },
    },
    "bench",
  );
  const hospitals: SimInstitution[] = Array.from({ length: HOSPITALS }, (_, i) => ({
    code: `H530100000${String(i + 1).padStart(2, "0")}`,
    region: "530100",
  }));
  await h.db
    .insertInto("institutions")
    .values(
      hospitals.map((x) => ({
        code: x.code,
        name: `基准医院${x.code}`,
        kind: "hospital" as const,
        level: "2" as const,
        region_code: "530100",
        agreement_from: "2020-01-01",
      })),
    )
    .execute();
  await h.db
    .insertInto("catalogue_entries")
    .values(
      CODES.map((code, i) => ({
        code,
        name: `项目${i}`,
        kind: "drug" as const,
        chrgitm_type: "09",
        class: (i % 3 === 0 ? "B" : "A") as "A" | "B",
        self_pay_ratio: 1000,
        price_cap: i % 5 === 0 ? 8_000_000n : null,
        valid_from: "2026-01-01",
      })),
    )
    .execute();
  const rows = ["certno,name,region_code,insutype,psn_type,flexible,start_date"];
  const certnos: string[] = [];
  for (let i = 0; i < PERSONS; i++) {
    const certno = makeCertno("530102", `19${50 + (i % 50)}0101`, Math.floor(i / 50));
    certnos.push(certno);
    rows.push(`${certno},参保人${i},530100,390,1501,0,2025-01-01`);
  }
  assertImported(await importCsv(h.db, SYSTEM_ACTOR, "persons", rows.join("\n"), "2026-01-01"));
  await h.db.updateTable("enrolments").set({ benefit_start_date: "2025-01-01" }).execute();
  if (HMAC) {
    process.env.YIBAO_SECRET_KEY = SECRET_KEY;
    const box = loadSecretBox({ secretKey: SECRET_KEY } as never);
    for (const x of hospitals) {
      const k = await issueKey(h.db, box, SYSTEM_ACTOR, x.code);
      x.key = { accessKey: k.accessKey, secret: k.secret };
    }
  }
  await h.close();
  return { certnos, hospitals };
}

async function check(dbUrl: string, settled: number) {
  const c = new pg.Client({ connectionString: dbUrl });
  await c.connect();
  const r = await c.query(
    `select (select count(*) from settlements where kind = 'settle') as n,
            (select coalesce(sum(debit), 0) - coalesce(sum(credit), 0) from fund_ledger) as imbalance`,
  );
  await c.end();
  const { n, imbalance } = r.rows[0] as { n: string; imbalance: string };
  if (Number(n) < settled || Number(imbalance) !== 0)
    throw new Error(`check failed: ${n} settlements stored for ${settled} answered, imbalance ${imbalance}`);
  console.log(`check: ${n} settlements stored, fund ledger balanced`);
}

const url = await scratch(`${DB_PREFIX}_gateway`);
const { certnos, hospitals } = await setup(url);
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
const sim = (durationS: number) =>
  runHisSim({
    transport: async (path, body) => {
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
const cpu = cpuWindow(server.pid!);
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
const per = (c: number) => ((c * 1000) / rate).toFixed(2);
console.log(
  `cpu (cores): server ${used.server}, postgres ${used.postgres}, load generator ${used.loadGenerator}; machine idle ${Math.round(used.machineIdle * 100)}%; ms of cpu per settled visit: server ${per(used.server)}, postgres ${per(used.postgres)}, load generator ${per(used.loadGenerator)}`,
);
await check(url, s.settled);
if (s.failures.length || s.imbalances.length || s.refusals.length) process.exitCode = 1;
