/**
 * Import speed: N persons with enrolments (one CSV, all-or-nothing) into PGlite and PostgreSQL.
 *   npx tsx bench/import-persons.ts [N]          (PostgreSQL when BENCH_PG_URL is set)
 */
import { makeCertno, makeUscc } from "@yibao/core/registry";
import pg from "pg";
import { SYSTEM_ACTOR } from "../packages/server/src/audit/audit.ts";
import { openDb } from "../packages/server/src/db/database.ts";
import { migrateToLatest } from "../packages/server/src/db/migrate.ts";
import { assertImported, importCsv } from "../packages/server/src/features/registry/import.service.ts";

const N = Number(process.argv[2] ?? 100_000);

function csv(n: number, usccs: string[]) {
  const lines = [
    "certno,name,phone,region_code,household_no,insutype,psn_type,employer_uscc,flexible,start_date",
  ];
  for (let i = 0; i < n; i++) {
    const county = ["530102", "530103", "530111", "530112"][i % 4]!;
    const year = 1950 + (i % 55);
    const id = makeCertno(
      county,
      `${year}${String((i % 12) + 1).padStart(2, "0")}${String((i % 28) + 1).padStart(2, "0")}`,
      Math.floor(i / 660) % 1000,
    );
    const adult = year <= 2006;
    const enrol = !adult
      ? "390,1403,,0"
      : i % 3 === 0
        ? `310,${year < 1966 ? "1201" : "1101"},${usccs[i % usccs.length]},0`
        : "390,1501,,0";
    lines.push(
      `${id},测试${i},138${String(i).padStart(8, "0")},530100,HH${Math.floor(i / 3)},${enrol},2025-01-01`,
    );
  }
  return lines.join("\n");
}

async function run(engine: string, url?: string) {
  const handle = await openDb(url ? { databaseUrl: url } : {});
  await migrateToLatest(handle.db);
  await handle.db
    .insertInto("regions")
    .values({ code: "530100", name: "昆明市", level: "city", parent_code: null })
    .execute();
  const usccs = Array.from({ length: 500 }, (_, i) => makeUscc("530102", i));
  assertImported(
    await importCsv(
      handle.db,
      SYSTEM_ACTOR,
      "employers",
      ["uscc,name,region_code", ...usccs.map((u, i) => `${u},单位${i},530100`)].join("\n"),
      "2026-01-01",
    ),
  );
  const text = csv(N, usccs);
  const t0 = performance.now();
  const report = await importCsv(handle.db, SYSTEM_ACTOR, "persons", text, "2026-01-01");
  const s = (performance.now() - t0) / 1000;
  assertImported(report);
  console.log(
    `${engine}: ${report.imported} persons with enrolments in ${s.toFixed(1)} s (${Math.round(report.imported / s)} rows/s)`,
  );
  await handle.close();
}

await run("pglite");
const pgUrl = process.env.BENCH_PG_URL;
if (pgUrl) {
  const admin = new pg.Client({ connectionString: pgUrl });
  await admin.connect();
  await admin.query("drop database if exists yibao_bench_import");
  await admin.query("create database yibao_bench_import");
  await admin.end();
  const url = new URL(pgUrl);
  url.pathname = "/yibao_bench_import";
  await run("postgres", url.toString());
}
