/**
 * Settlement throughput: full NHSA settlements (2201 register, 2204 with 20 fee lines, 2207 settle)
 * from N concurrent clients against `yibao serve` on PostgreSQL, next to pgbench TPC-B in the same run.
 *
 *   BENCH_PG_URL=postgres://postgres:yibao@127.0.0.1:5432/postgres npx tsx bench/settlement.ts [clients] [seconds]
 *
 * BENCH_WORKERS (server processes, default 1), BENCH_DB (the scratch databases' name prefix, default
 * yibao_bench; a second run on the same server at the same time needs another), BENCH_PORT (3911), BENCH_NODE_ARGS (the server's node flags, default
 * as bin/yibao.js's shebang), BENCH_WARMUP (seconds, default 3), BENCH_SKIP_PGBENCH=1, and the
 * server's own settings (YIBAO_PG_PIPELINED, ...) pass through. Afterwards it checks the database:
 * every acknowledged settlement stored, the fund ledger balanced.
 */
import { spawn, spawnSync } from "node:child_process";
import { makeCertno } from "@yibao/core/registry";
import pg from "pg";
import { cpuWindow } from "./cpu.ts";
import { LeanClient } from "./http-client.ts";
import { SYSTEM_ACTOR } from "../packages/server/src/audit/audit.ts";
import { openDb } from "../packages/server/src/db/database.ts";
import { migrateToLatest } from "../packages/server/src/db/migrate.ts";
import { insertPolicyVersion } from "../packages/server/src/features/catalogue/policy.repository.ts";
import { assertImported, importCsv } from "../packages/server/src/features/registry/import.service.ts";

const CLIENTS = Number(process.argv[2] ?? 16);
const SECONDS = Number(process.argv[3] ?? 20);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 3);
const PERSONS = 5000;
const PORT = Number(process.env.BENCH_PORT ?? 3911);
const DB_PREFIX = process.env.BENCH_DB ?? "yibao_bench";
const HOSPITAL = "H53010000001";
const adminUrl = process.env.BENCH_PG_URL ?? "postgres://postgres:yibao@127.0.0.1:5432/postgres";

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
  await h.db
    .insertInto("institutions")
    .values({
      code: HOSPITAL,
      name: "基准医院",
      kind: "hospital",
      level: "2",
      region_code: "530100",
      agreement_from: "2020-01-01",
    })
    .execute();
  await h.db
    .insertInto("catalogue_entries")
    .values(
      Array.from({ length: 20 }, (_, i) => ({
        code: `BENCH${String(i).padStart(3, "0")}`,
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
  // 50 birth years x 1,000 serials: unique ID numbers for up to 50,000 persons
  for (let i = 0; i < PERSONS; i++)
    rows.push(
      `${makeCertno("530102", `19${50 + (i % 50)}0101`, Math.floor(i / 50))},参保人${i},530100,390,1501,0,2025-01-01`,
    );
  assertImported(await importCsv(h.db, SYSTEM_ACTOR, "persons", rows.join("\n"), "2026-01-01"));
  await h.db.updateTable("enrolments").set({ benefit_start_date: "2025-01-01" }).execute();
  const psnNos = (await h.db.selectFrom("persons").select("psn_no").execute()).map((p) => p.psn_no);
  await h.close();
  return psnNos;
}

const CALL = "/fsi/api/rsfComIfsService/callService";
type Answer = { infcode: number; err_msg: string | null; output: Record<string, Record<string, string>> };
async function post(client: LeanClient, body: unknown): Promise<Answer> {
  return JSON.parse(await client.post(CALL, JSON.stringify(body)));
}

let seq = 0;
// msgid: fixmedins_code (12) + 18 digits, unique per message
const env = (infno: string, input: unknown) => ({
  infno,
  msgid: `${HOSPITAL}${String(++seq).padStart(18, "0")}`,
  fixmedins_code: HOSPITAL,
  inf_time: "2026-05-01 09:30:00",
  mdtrtarea_admvs: "530100",
  input,
});

// The 2204 body is the same for every settlement but for the visit, the person and the msgid: a
// template, so that the load generator spends its CPU on sending, not on building JSON.
const UPLOAD = JSON.stringify(
  env("2204", {
    feedetail: Array.from({ length: 20 }, (_, i) => ({
      feedetl_sn: String(i + 1),
      mdtrt_id: "@MDTRT@",
      psn_no: "@PSN@",
      med_list_codg: `BENCH${String(i).padStart(3, "0")}`,
      pric: `${10 + i}.50`,
      cnt: "2",
      fee_ocur_time: "2026-05-01 09:10:00",
    })),
  }),
);
seq = 0;

/** Sends a message; a failed one (infcode not 0) is an error, the answer text is returned. */
async function send(client: LeanClient, json: string, what: string): Promise<string> {
  const text = await client.post(CALL, json);
  if (!text.startsWith('{"infcode":0,')) throw new Error(`${what}: ${(JSON.parse(text) as Answer).err_msg}`);
  return text;
}

async function oneSettlement(client: LeanClient, psnNo: string): Promise<number> {
  const t0 = performance.now();
  const reg = await send(
    client,
    JSON.stringify(
      env("2201", {
        data: {
          psn_no: psnNo,
          insutype: "390",
          begntime: "2026-05-01 09:00:00",
          mdtrt_cert_type: "02",
          mdtrt_cert_no: psnNo,
        },
      }),
    ),
    "2201",
  );
  const mdtrtId = /"mdtrt_id":"(\w+)"/.exec(reg)![1]!;
  const msgid = `${HOSPITAL}${String(++seq).padStart(18, "0")}`;
  await send(
    client,
    UPLOAD.replace(/"msgid":"\w+"/, `"msgid":"${msgid}"`)
      .replaceAll("@MDTRT@", mdtrtId)
      .replaceAll("@PSN@", psnNo),
    "2204",
  );
  await send(
    client,
    JSON.stringify(
      env("2207", { data: { psn_no: psnNo, mdtrt_id: mdtrtId, acct_used_flag: "0", insutype: "390" } }),
    ),
    "2207",
  );
  return performance.now() - t0;
}

function pct(xs: number[], p: number) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
}

function pgbench(dbUrl: string) {
  // Debian installs pgbench with the server, under its version's directory
  const found = spawnSync("sh", ["-c", "ls /usr/lib/postgresql/*/bin/pgbench | sort -V | tail -1"], {
    encoding: "utf8",
  });
  const bin = found.stdout.trim() || "pgbench";
  const u = new URL(dbUrl);
  const envs = { ...process.env, PGPASSWORD: decodeURIComponent(u.password) };
  const args = ["-h", u.hostname, "-p", u.port || "5432", "-U", decodeURIComponent(u.username)];
  spawnSync(bin, [...args, "-i", "-s", "10", "-q", u.pathname.slice(1)], { env: envs, stdio: "ignore" });
  const r = spawnSync(
    bin,
    [...args, "-c", String(CLIENTS), "-j", "2", "-T", String(SECONDS), u.pathname.slice(1)],
    { env: envs, encoding: "utf8" },
  );
  const tps = /tps = ([\d.]+)/.exec(r.stdout ?? "")?.[1];
  const lat = /latency average = ([\d.]+) ms/.exec(r.stdout ?? "")?.[1];
  return { tps: Number(tps), latencyMs: Number(lat) };
}

/** Every settlement the clients were told about is stored, and the fund ledger balances. */
async function check(dbUrl: string, acknowledged: number) {
  const c = new pg.Client({ connectionString: dbUrl });
  await c.connect();
  const r = await c.query(
    `select (select count(*) from settlements) as n,
            (select coalesce(sum(debit), 0) - coalesce(sum(credit), 0) from fund_ledger) as imbalance`,
  );
  await c.end();
  const { n, imbalance } = r.rows[0] as { n: string; imbalance: string };
  if (Number(n) < acknowledged || Number(imbalance) !== 0)
    throw new Error(
      `check failed: ${n} settlements stored for ${acknowledged} acknowledged, imbalance ${imbalance}`,
    );
  console.log(`check: ${n} settlements stored (warm-up included), fund ledger balanced`);
}

const url = await scratch(`${DB_PREFIX}_settle`);
const psnNos = await setup(url);
const WORKERS = process.env.BENCH_WORKERS ?? "1";
// As bin/yibao.js's shebang runs it (npx yibao serve); BENCH_NODE_ARGS adds to or replaces it.
const nodeArgs = (process.env.BENCH_NODE_ARGS ?? "--max-semi-space-size=64").split(" ").filter(Boolean);
const server = spawn(
  process.execPath,
  [...nodeArgs, "packages/server/bin/yibao.js", "serve", "--workers", WORKERS],
  {
    env: {
      ...process.env,
      DATABASE_URL: url,
      PORT: String(PORT),
      LOG_LEVEL: "warn",
      // the bench hospital has no gateway key: an open gateway, with a throwaway secret key
      YIBAO_NHSA_AUTH: "open",
      YIBAO_SECRET_KEY: Buffer.alloc(32, 1).toString("base64"),
    },
    stdio: ["ignore", process.env.BENCH_SERVER_STDOUT ? "inherit" : "ignore", "inherit"],
    detached: true,
  },
);
const clients = Array.from({ length: CLIENTS }, () => new LeanClient("127.0.0.1", PORT));
for (let i = 0; i < 100; i++) {
  try {
    await post(clients[0]!, env("1101", { data: { mdtrt_cert_type: "02", mdtrt_cert_no: psnNos[0] } }));
    break;
  } catch {
    clients[0] = new LeanClient("127.0.0.1", PORT);
    await new Promise((r) => setTimeout(r, 200));
  }
}
let k = 0;
// Warm-up: prepared statements, caches, the JIT.
const warmUntil = performance.now() + WARMUP * 1000;
await Promise.all(
  clients.map(async (c) => {
    while (performance.now() < warmUntil) await oneSettlement(c, psnNos[k++ % psnNos.length]!);
  }),
);
const latencies: number[] = [];
const deadline = performance.now() + SECONDS * 1000;
const started = performance.now();
const cpu = cpuWindow(server.pid!);
await Promise.all(
  clients.map(async (c) => {
    while (performance.now() < deadline) latencies.push(await oneSettlement(c, psnNos[k++ % psnNos.length]!));
  }),
);
const elapsed = (performance.now() - started) / 1000;
const used = cpu();
process.kill(-server.pid!, "SIGTERM");
for (const c of clients) c.close();
await check(url, latencies.length);
const rate = latencies.length / elapsed;
console.log(
  `yibao: ${latencies.length} settlements in ${elapsed.toFixed(1)} s = ${rate.toFixed(0)} settlements/s (${(rate * 3).toFixed(0)} requests/s); latency per settlement (3 requests) p50 ${pct(latencies, 50).toFixed(1)} ms p99 ${pct(latencies, 99).toFixed(1)} ms; ${CLIENTS} clients, ${WORKERS} server workers`,
);
const perSettlement = (c: number) => ((c * 1000) / rate).toFixed(2);
console.log(
  `cpu (cores): server ${used.server}, postgres ${used.postgres}, load generator ${used.loadGenerator}, other ${used.other}; machine idle ${Math.round(used.machineIdle * 100)}%; ms of cpu per settlement: server ${perSettlement(used.server)}, postgres ${perSettlement(used.postgres)}, load generator ${perSettlement(used.loadGenerator)}`,
);
if (process.env.BENCH_SKIP_PGBENCH) process.exit(0);
const pb = pgbench(await scratch(`${DB_PREFIX}_pgbench`));
console.log(
  `pgbench TPC-B (scale 10, ${CLIENTS} clients, ${SECONDS} s): ${pb.tps.toFixed(0)} tps, latency average ${pb.latencyMs} ms; yibao/pgbench = ${(rate / pb.tps).toFixed(2)}`,
);
