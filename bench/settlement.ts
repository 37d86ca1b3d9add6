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
import { cpuWindow } from "./cpu.ts";
import { LeanClient } from "./http-client.ts";
import { DB_PREFIX, SECRET_KEY, checkStored, hospitalCode, scratch, setupBench } from "./setup.ts";

const CLIENTS = Number(process.argv[2] ?? 16);
const SECONDS = Number(process.argv[3] ?? 20);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 3);
const PORT = Number(process.env.BENCH_PORT ?? 3911);
const HOSPITAL = hospitalCode(0);

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

const DB_NAME = `${DB_PREFIX}_settle`;
const url = await scratch(DB_NAME);
const { psnNos } = await setupBench(url, { hospitals: 1 });
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
      YIBAO_SECRET_KEY: SECRET_KEY,
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
const cpu = cpuWindow(server.pid!, DB_NAME);
await Promise.all(
  clients.map(async (c) => {
    while (performance.now() < deadline) latencies.push(await oneSettlement(c, psnNos[k++ % psnNos.length]!));
  }),
);
const elapsed = (performance.now() - started) / 1000;
const used = cpu();
process.kill(-server.pid!, "SIGTERM");
for (const c of clients) c.close();
await checkStored(url, latencies.length);
const rate = latencies.length / elapsed;
console.log(
  `yibao: ${latencies.length} settlements in ${elapsed.toFixed(1)} s = ${rate.toFixed(0)} settlements/s (${(rate * 3).toFixed(0)} requests/s); latency per settlement (3 requests) p50 ${pct(latencies, 50).toFixed(1)} ms p99 ${pct(latencies, 99).toFixed(1)} ms; ${CLIENTS} clients, ${WORKERS} server workers`,
);
const perSettlement = (c: number) => ((c * 1000) / rate).toFixed(2);
console.log(
  `cpu (cores): server ${used.server}, postgres (this database) ${used.postgres}, other postgres ${used.postgresOther}, load generator ${used.loadGenerator}, other ${used.other}; machine idle ${Math.round(used.machineIdle * 100)}%; ms of cpu per settlement: server ${perSettlement(used.server)}, postgres ${perSettlement(used.postgres)}, load generator ${perSettlement(used.loadGenerator)}`,
);
if (process.env.BENCH_SKIP_PGBENCH) process.exit(0);
const pb = pgbench(await scratch(`${DB_PREFIX}_pgbench`));
console.log(
  `pgbench TPC-B (scale 10, ${CLIENTS} clients, ${SECONDS} s): ${pb.tps.toFixed(0)} tps, latency average ${pb.latencyMs} ms; yibao/pgbench = ${(rate / pb.tps).toFixed(2)}`,
);
