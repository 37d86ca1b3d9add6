/**
 * The scratch database and data the settlement, gateway and in-process visit benchmarks share:
 * one city (530100) with its 2026 benefit policy, N level-2 hospitals (H530100000NN), 20 catalogue
 * drugs BENCH000-BENCH019 and 5,000 insured residents (390) imported from CSV. Same data in every
 * benchmark, so their figures compare.
 */
import { makeCertno } from "@yibao/core/registry";
import pg from "pg";
import { SYSTEM_ACTOR } from "../packages/server/src/audit/audit.ts";
import { openDb } from "../packages/server/src/db/database.ts";
import { migrateToLatest } from "../packages/server/src/db/migrate.ts";
import { insertPolicyVersion } from "../packages/server/src/features/catalogue/policy.repository.ts";
import { issueKey } from "../packages/server/src/features/nhsa/keys.service.ts";
import { assertImported, importCsv } from "../packages/server/src/features/registry/import.service.ts";
import { loadSecretBox } from "../packages/server/src/security/secret-key.ts";

export const adminUrl = process.env.BENCH_PG_URL ?? "postgres://postgres:yibao@127.0.0.1:5432/postgres";
export const DB_PREFIX = process.env.BENCH_DB ?? "yibao_bench";
export const PERSONS = 5000;
export const REGION = "530100";
export const CODES = Array.from({ length: 20 }, (_, i) => `BENCH${String(i).padStart(3, "0")}`);
/** The throwaway secret key the benchmarks' servers run with (HMAC keys are sealed with it). */
export const SECRET_KEY = Buffer.alloc(32, 1).toString("base64");

export const hospitalCode = (i: number) => `H530100000${String(i + 1).padStart(2, "0")}`;

export interface BenchHospital {
  code: string;
  region: string;
  key?: { accessKey: string; secret: string };
}

/** A new, empty database `name` on the benchmark's PostgreSQL server; its URL. */
export async function scratch(name: string) {
  const c = new pg.Client({ connectionString: adminUrl });
  await c.connect();
  await c.query(`drop database if exists ${name} with (force)`);
  await c.query(`create database ${name}`);
  await c.end();
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  return u.toString();
}

/** Migrates and fills the database; with `hmac`, every hospital gets a gateway key. */
export async function setupBench(url: string, o: { hospitals: number; hmac?: boolean }) {
  const h = await openDb({ databaseUrl: url });
  await migrateToLatest(h.db);
  await h.db
    .insertInto("regions")
    .values({ code: REGION, name: "昆明市", level: "city", parent_code: null })
    .execute();
  await insertPolicyVersion(
    h.db,
    REGION,
    2026,
    {
      insutype: "390",
      med_type: "11",
      deductible: { scope: "annual", byLevel: { "1": "100.00", "2": "200.00", "3": "300.00" } },
      pool: { ratioByLevel: { "1": "0.6000", "2": "0.5000", "3": "0.4000" }, annualCap: "3000.00" },
    },
    "bench",
  );
  const hospitals: BenchHospital[] = Array.from({ length: o.hospitals }, (_, i) => ({
    code: hospitalCode(i),
    region: REGION,
  }));
  await h.db
    .insertInto("institutions")
    .values(
      hospitals.map((x) => ({
        code: x.code,
        name: `基准医院${x.code}`,
        kind: "hospital" as const,
        level: "2" as const,
        region_code: REGION,
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
  // 50 birth years x 1,000 serials: unique ID numbers for up to 50,000 persons
  for (let i = 0; i < PERSONS; i++) {
    const certno = makeCertno("530102", `19${50 + (i % 50)}0101`, Math.floor(i / 50));
    certnos.push(certno);
    rows.push(`${certno},参保人${i},${REGION},390,1501,0,2025-01-01`);
  }
  assertImported(await importCsv(h.db, SYSTEM_ACTOR, "persons", rows.join("\n"), "2026-01-01"));
  await h.db.updateTable("enrolments").set({ benefit_start_date: "2025-01-01" }).execute();
  if (o.hmac) {
    process.env.YIBAO_SECRET_KEY = SECRET_KEY;
    const box = loadSecretBox({ secretKey: SECRET_KEY } as never);
    for (const x of hospitals) {
      const k = await issueKey(h.db, box, SYSTEM_ACTOR, x.code);
      x.key = { accessKey: k.accessKey, secret: k.secret };
    }
  }
  const psnNos = (await h.db.selectFrom("persons").select("psn_no").execute()).map((p) => p.psn_no);
  await h.close();
  return { certnos, psnNos, hospitals };
}

/**
 * After a run: at least `settled` settlements (kind settle) are stored and the fund ledger
 * balances; throws otherwise.
 */
export async function checkStored(dbUrl: string, settled: number) {
  const c = new pg.Client({ connectionString: dbUrl });
  await c.connect();
  const r = await c.query(
    `select (select count(*) from settlements where kind = 'settle') as n,
            (select coalesce(sum(debit), 0) - coalesce(sum(credit), 0) from fund_ledger) as imbalance`,
  );
  await c.end();
  const { n, imbalance } = r.rows[0] as { n: string; imbalance: string };
  if (Number(n) < settled || Number(imbalance) !== 0)
    throw new Error(
      `check failed: ${n} settlements stored for ${settled} acknowledged, imbalance ${imbalance}`,
    );
  console.log(`check: ${n} settlements stored (warm-up included), fund ledger balanced`);
}
