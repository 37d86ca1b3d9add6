import { makeCertno } from "@yibao/core/registry";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "../../audit/audit.ts";
import { insertPerson } from "../../features/registry/person.service.ts";
import { openTestDb } from "../../test/test-db.ts";
import type { DbHandle } from "../database.ts";
import { down, up } from "./0910_one_filings.ts";

/** The move of the online applications' filings (out_of_region_filings) into the one filings table. */
describe("migration 0910: one filings table", () => {
  let h: DbHandle;
  beforeAll(async () => {
    h = await openTestDb();
    await h.db
      .insertInto("regions")
      .values([
        { code: "530100", name: "昆明市", level: "city", parent_code: null },
        { code: "530400", name: "玉溪市", level: "city", parent_code: null },
      ])
      .execute();
  });
  afterAll(async () => h?.close());

  it("moves active and revoked filings with their kind and insurance type; drops pending and rejected ones and the table", async () => {
    const migrationDb = h.db as unknown as Parameters<typeof up>[0];
    await down(migrationDb);
    const p = await insertPerson(
      h.db,
      SYSTEM_ACTOR,
      { certno: makeCertno("530102", "19700101", 1), name: "参保人", regionCode: "530100" },
      "2026-01-01",
    );
    await h.db
      .insertInto("enrolments")
      .values({
        person_id: p.id,
        insutype: "310",
        psn_type: "1101",
        region_code: "530100",
        employer_id: null,
        flexible: true,
        start_date: "2025-01-01",
        status: "active",
      })
      .execute();
    const at = "2026-05-01T02:00:00Z";
    await sql`insert into out_of_region_filings (person_id, insured_region, treatment_region, filing_type,
        valid_from, valid_to, commitment_due, status, created_at) values
      (${p.id}, '530100', '530400', 'long_term_resident', '2026-05-01', null, null, 'active', ${at}),
      (${p.id}, '530100', '530400', 'commitment', '2026-06-01', '2026-06-30', '2026-11-28', 'revoked', ${at}),
      (${p.id}, '530100', '530400', 'temporary', '2026-07-01', '2026-07-31', null, 'pending', ${at}),
      (${p.id}, '530100', '530400', 'referral', '2026-08-01', null, null, 'rejected', ${at})`.execute(h.db);
    await up(migrationDb);
    const rows = await h.db
      .selectFrom("filings")
      .select(["filing_no", "insutype", "kind", "valid_from", "commitment_due", "status", "application_id"])
      .orderBy("id")
      .execute();
    expect(rows.map((r) => [r.insutype, r.kind, r.valid_from, r.commitment_due, r.status])).toEqual([
      ["310", "resident", "2026-05-01", null, "active"],
      ["310", "commitment", "2026-06-01", "2026-11-28", "revoked"],
    ]);
    expect(rows[0]!.filing_no).toMatch(/^BA530100\d{10}$/);
    const left = await sql<{ n: string }>`select count(*) as n from information_schema.tables
      where table_name = 'out_of_region_filings'`.execute(h.db);
    expect(Number(left.rows[0]!.n)).toBe(0);
  });
});
