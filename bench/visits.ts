/**
 * The gateway benchmark's baseline: the same outpatient visits as his-sim plays over the NHSA
 * interface (bench/gateway.ts), made by calling the services in this process: no HTTP, no
 * envelope, no authentication, no msgid store, no wire types. Per visit: the 1101 person lookup
 * (the handler's work: lookup by ID number, access-log row, enrolments and account), registration
 * (planRegistration), 20 fee lines (planFeeUpload), one line cancelled in 10% of visits
 * (cancelTarget and planLineCancel, one read and one guarded statement, as the gateway runs it), pre-settlement (preSettle),
 * settlement (planSettlement) and a reversal in 5% (planReversal). The same data (bench/setup.ts),
 * the same fee lines (prices, counts, codes drawn as his-sim draws them), the same number of
 * visits in flight, the server's database settings (config.ts: pool, pipelining).
 *
 *   BENCH_PG_URL=postgres://postgres:yibao@127.0.0.1:5432/postgres npx tsx bench/visits.ts [in flight] [seconds] [hospitals]
 *
 * The gateway's cost is (this rate - bench/gateway.ts's rate) / this rate.
 */
import { fenToYuan } from "@yibao/core/money";
import { cpuWindow } from "./cpu.ts";
import { CODES, DB_PREFIX, checkStored, scratch, setupBench } from "./setup.ts";
import { loadConfig } from "../packages/server/src/config.ts";
import { openDb } from "../packages/server/src/db/database.ts";
import { runPlan } from "../packages/server/src/db/plan.ts";
import type { AppDeps } from "../packages/server/src/http/context.ts";
import { gatewayContext } from "../packages/server/src/features/nhsa/gateway-context.ts";
import { personInfo } from "../packages/server/src/features/nhsa/person.tx.ts";
import { serverContext } from "../packages/server/src/features/settlement/context.ts";
import {
  planReversal,
  planSettlement,
  preSettle,
} from "../packages/server/src/features/settlement/settle.service.ts";
import {
  cancelTarget,
  checkOwner,
  planFeeUpload,
  planLineCancel,
  planRegistration,
} from "../packages/server/src/features/settlement/visit.service.ts";

const IN_FLIGHT = Number(process.argv[2] ?? 16);
const SECONDS = Number(process.argv[3] ?? 20);
const HOSPITALS = Number(process.argv[4] ?? 4);
const LINES = 20;

const DB_NAME = `${DB_PREFIX}_visits`;
const url = await scratch(DB_NAME);
const { certnos, hospitals } = await setupBench(url, { hospitals: HOSPITALS });
const config = loadConfig({ ...process.env, DATABASE_URL: url, YIBAO_1101_PER_MINUTE: "1000000" });
const handle = await openDb({
  databaseUrl: url,
  poolSize: config.poolSize,
  pipelinedConnections: config.pipelinedConnections,
  pipelinedGroups: config.pipelinedGroups,
});
const db = handle.db;
const deps = {
  db,
  engine: handle.engine,
  now: () => new Date(),
  settlement: serverContext(config.referenceTtlMs),
  gateway: gatewayContext(db, { auth: "open", config }),
} as AppDeps;

const pick = <T>(xs: T[]) => xs[Math.floor(Math.random() * xs.length)]!;
let visits = 0;
let settled = 0;
let reversed = 0;
let msgSeq = 0;

async function visit() {
  const inst = pick(hospitals).code;
  const certNo = pick(certnos);
  const now = new Date();
  const msgid = () => `${inst}${String(++msgSeq).padStart(18, "0")}`;
  const found = (await personInfo(db, {
    req: { msgid: msgid(), input: { data: { mdtrt_cert_type: "02", mdtrt_cert_no: certNo } } } as never,
    fixmedins: inst,
    now,
    deps,
  })) as { baseinfo: { psn_no: string }; insuinfo: { insutype: string }[] };
  const psnNo = found.baseinfo.psn_no;
  const insutype = found.insuinfo[0]?.insutype ?? "310";
  const visitRow = await runPlan(db, () =>
    planRegistration(db, deps.settlement, {
      psnNo,
      insutype,
      medType: "11",
      institutionCode: inst,
      begntime: now,
      iptOtpNo: `MZ${visits}`,
    }),
  );
  const mdtrtId = visitRow.mdtrt_id;
  // as his-sim draws its lines: price 1.00 .. 200.99, count 1 .. 3, a code from the catalogue
  const lines = Array.from({ length: LINES }, (_, i) => {
    const priceFen = BigInt(Math.floor(Math.random() * 20_000) + 100);
    const cnt = 1 + Math.floor(Math.random() * 3);
    return {
      feedetlSn: `F${String(i + 1).padStart(3, "0")}`,
      code: pick(CODES),
      pric: fenToYuan(priceFen),
      cnt: String(cnt),
      sentAmount: priceFen * BigInt(cnt),
      feeTime: now,
      initFeedetlSn: null,
    };
  });
  await runPlan(db, () => planFeeUpload(db, deps.settlement, mdtrtId, lines, inst));
  let medfee = lines.reduce((t, l) => t + l.sentAmount, 0n);
  if (Math.random() < 0.1) {
    const last = lines[LINES - 1]!;
    // as the 2205 handler: the owner checked, the visit's session dropped, then the cancel
    await runPlan(db, async () => {
      const target = await cancelTarget(db, mdtrtId);
      checkOwner(target.visit, inst);
      deps.settlement.sessions?.drop(mdtrtId);
      return planLineCancel(target, [last.feedetlSn]);
    });
    medfee -= last.sentAmount;
  }
  const input = {
    mdtrtId,
    acctUsed: Math.random() < 0.5,
    medfeeSumamt: medfee,
    sentSplit: {},
    institutionCode: inst,
    now,
  };
  await preSettle(db, input, deps.settlement);
  const s = await runPlan(db, () => planSettlement(db, deps.settlement, { ...input, msgid: msgid() }));
  settled++;
  if (Math.random() < 0.05) {
    await runPlan(db, () =>
      planReversal(db, deps.settlement, { setlId: s.setlId!, msgid: msgid(), institutionCode: inst, now }),
    );
    reversed++;
  }
}

async function run(seconds: number) {
  const until = performance.now() + seconds * 1000;
  const failures: string[] = [];
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (performance.now() < until) {
        visits++;
        await visit().catch((err) => {
          if (failures.length < 5) failures.push((err as Error).message);
        });
      }
    }),
  );
  if (failures.length) throw new Error(`visits failed: ${failures.join(" | ")}`);
}

await run(3); // warm-up: prepared statements, caches, the JIT
settled = 0;
reversed = 0;
const cpu = cpuWindow(process.pid, DB_NAME);
const started = performance.now();
await run(SECONDS);
const secs = (performance.now() - started) / 1000;
const used = cpu();
await handle.close();
const rate = settled / secs;
console.log(
  `in process: ${settled} visits settled in ${secs.toFixed(1)} s = ${rate.toFixed(0)} settlements/s (${reversed} reversed); ${IN_FLIGHT} in flight, ${HOSPITALS} hospitals`,
);
const per = (c: number) => ((c * 1000) / rate).toFixed(2);
console.log(
  `cpu (cores): this process ${used.server}, postgres (this database) ${used.postgres}, other databases and shared postgres ${used.postgresOther}; machine idle ${Math.round(used.machineIdle * 100)}%; ms of cpu per settled visit: process ${per(used.server)}, postgres ${per(used.postgres)}`,
);
await checkStored(url, settled);
