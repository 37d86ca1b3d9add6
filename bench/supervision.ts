/**
 * Supervision figures: 3101 (事前提醒) latency for a 100-line visit through the gateway, and the
 * batch audit job's own rate over settled visits in the database.
 *
 *   npx tsx bench/supervision.ts [calls] [visits]           # PGlite in memory (default)
 *   YIBAO_TEST_ENGINE=postgres YIBAO_TEST_PG_URL=postgres://postgres:yibao@127.0.0.1:5432/postgres \
 *     npx tsx bench/supervision.ts 2000 20000
 *
 * The knowledge base is the public suite's (conformance/audit/kb), every rule enabled. Visits for
 * the job are written straight into visits/fee_lines (20 lines each, codes of the knowledge base).
 */
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { makeCertno } from "@yibao/core/registry";
import { SYSTEM_ACTOR } from "../packages/server/src/audit/audit.ts";
import { insertEnrolment } from "../packages/server/src/features/registry/enrolment.service.ts";
import { insertPerson } from "../packages/server/src/features/registry/person.service.ts";
import {
  createAuditJob,
  runAuditJob,
} from "../packages/server/src/features/supervision/audit-job.service.ts";
import { TEST_REGION, openTestApp } from "../packages/server/src/test/test-app.ts";

const CALLS = Number(process.argv[2] ?? 1000);
const VISITS = Number(process.argv[3] ?? 5000);
const HOSPITAL = "H53010000001";
const KB = join(import.meta.dirname, "../conformance/audit/kb");
const files = Object.fromEntries(
  readdirSync(KB).map((f) => [f.replace(/\.csv$/, ""), readFileSync(join(KB, f), "utf8")]),
);
const codes = files
  .items!.split("\n")
  .slice(1)
  .filter((l) => l.includes(",service,") || l.includes(",drug,"))
  .map((l) => l.split(",")[0]!)
  .slice(0, 60);

const t = await openTestApp(() => new Date("2026-06-01T02:00:00Z"));
const db = t.handle.db;
await db
  .insertInto("institutions")
  .values({
    code: HOSPITAL,
    name: "医院",
    kind: "hospital",
    level: "3",
    region_code: TEST_REGION,
    agreement_from: "2020-01-01",
  })
  .execute();
await db
  .insertInto("audit_kb_versions")
  .values({ label: "bench", status: "published", files: JSON.stringify(files), created_by: "bench" })
  .execute();

// 3101 with a 100-line visit
const orders = Array.from({ length: 100 }, (_, i) => ({
  rx_id: `R${i}`,
  hilist_code: codes[i % codes.length],
  cnt: "1",
  pric: "10.00",
  drord_begn_date: `2026-05-0${1 + (i % 5)}`,
}));
const input = {
  data: {
    patient_dtos: [
      {
        patn_id: "P1",
        gend: "2",
        brdy: "1970-03-01",
        fsi_encounter_dtos: [
          {
            mdtrt_id: "M1",
            med_type: "21",
            insutype: "310",
            adm_date: "2026-05-01 09:00:00",
            dscg_date: "2026-05-06 09:00:00",
            fsi_diagnose_dtos: [{ dise_codg: "J18.900", maindise_flag: "1" }],
            fsi_order_dtos: orders,
          },
        ],
      },
    ],
  },
};
const times: number[] = [];
for (let i = 0; i < CALLS + 50; i++) {
  const start = process.hrtime.bigint();
  const res = await t.app.inject({
    method: "POST",
    url: "/fsi/api/rsfComIfsService/callService",
    payload: {
      infno: "3101",
      msgid: `${HOSPITAL}20260501093000${String(i).padStart(4, "0")}`,
      fixmedins_code: HOSPITAL,
      inf_time: "2026-05-01 09:30:00",
      mdtrtarea_admvs: TEST_REGION,
      insuplc_admdvs: TEST_REGION,
      signtype: "MOCK",
      input,
    },
  });
  if (i === 0 && res.json().infcode !== 0) throw new Error(res.body);
  if (i >= 50) times.push(Number(process.hrtime.bigint() - start) / 1e6); // 50 warm-up calls
}
times.sort((a, b) => a - b);
const q = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))]!.toFixed(2);
console.log(`3101, 100 lines: ${CALLS} calls, p50 ${q(0.5)} ms, p99 ${q(0.99)} ms, max ${q(1)} ms`);

// the batch job over settled visits
const persons: { id: bigint; enrolment: bigint }[] = [];
for (let i = 0; i < 200; i++) {
  const p = await insertPerson(
    db,
    SYSTEM_ACTOR,
    { certno: makeCertno("530102", "19800101", i), name: "测", regionCode: TEST_REGION },
    "2026-01-01",
  );
  const e = await insertEnrolment(db, SYSTEM_ACTOR, {
    psnNo: p.psn_no,
    insutype: "310",
    psnType: "1101",
    regionCode: TEST_REGION,
    flexible: true,
    startDate: "2025-01-01",
  });
  persons.push({ id: p.id, enrolment: e.id });
}
for (let v = 0; v < VISITS; v += 25) {
  await db.transaction().execute(async (trx) => {
    const rows = await trx
      .insertInto("visits")
      .values(
        Array.from({ length: Math.min(25, VISITS - v) }, (_, k) => {
          const n = v + k;
          const p = persons[n % persons.length]!;
          const at = new Date(Date.UTC(2026, 4, 1 + (n % 28), 1, 0, n % 60));
          return {
            mdtrt_id: `B${n}`,
            person_id: p.id,
            enrolment_id: p.enrolment,
            insutype: "310",
            med_type: "11",
            institution_code: HOSPITAL,
            level: "3" as const,
            begntime: at,
            endtime: at,
            status: "settled" as const,
          };
        }),
      )
      .returning(["id", "begntime"])
      .execute();
    await trx
      .insertInto("fee_lines")
      .values(
        rows.flatMap((r, k) =>
          Array.from({ length: 20 }, (_, j) => ({
            visit_id: r.id,
            feedetl_sn: String(j + 1),
            code: codes[(k + j) % codes.length]!,
            class: "A" as const,
            price: 10_000_000n,
            quantity: 10_000n,
            amount: 1_000n,
            fee_time: r.begntime,
          })),
        ),
      )
      .execute();
  });
}
const job = await createAuditJob(db, SYSTEM_ACTOR, { from: "2026-05-01", to: "2026-05-31", kind: "audit" });
const started = process.hrtime.bigint();
const done = await runAuditJob(db, job.id, () => new Date());
const wall = Number(process.hrtime.bigint() - started) / 1e9;
const perMin = Math.round((Number(done.lines) / wall) * 60);
console.log(
  `audit job: ${done.visits} visits, ${done.lines} lines, ${done.findings} findings in ${wall.toFixed(1)} s: ${perMin.toLocaleString("en")} lines/min`,
);
await t.close();
