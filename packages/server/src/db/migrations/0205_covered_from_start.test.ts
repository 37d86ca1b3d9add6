import { makeCertno } from "@yibao/core/registry";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "../../audit/audit.ts";
import { insertPerson } from "../../features/registry/person.service.ts";
import { openTestDb } from "../../test/test-db.ts";
import type { DbHandle } from "../database.ts";
import { up } from "./0205_covered_from_start.ts";

/** The repair of enrolments imported before the import applied coveredFromStart. */
describe("migration 0205: retirees and newborns covered from the enrolment", () => {
  let h: DbHandle;
  beforeAll(async () => {
    h = await openTestDb();
    await h.db
      .insertInto("regions")
      .values({ code: "530100", name: "昆明市", level: "city", parent_code: null })
      .execute();
  });
  afterAll(async () => h?.close());

  it("starts the benefits of waiting retirees and newborns, and of nobody else", async () => {
    const rows: [string, string, string, "active" | "terminated"][] = [
      ["19500303", "310", "1201", "active"],
      ["19400404", "310", "1300", "active"],
      ["20251201", "390", "1401", "active"],
      ["19850101", "310", "1101", "active"],
      ["19500505", "310", "1202", "terminated"],
    ];
    const ids: bigint[] = [];
    for (const [i, [birth, insutype, psnType, status]] of rows.entries()) {
      const p = await insertPerson(
        h.db,
        SYSTEM_ACTOR,
        { certno: makeCertno("530102", birth, i + 1), name: "参保人", regionCode: "530100" },
        "2026-01-01",
      );
      const e = await h.db
        .insertInto("enrolments")
        .values({
          person_id: p.id,
          insutype,
          psn_type: psnType,
          region_code: "530100",
          employer_id: null,
          flexible: true,
          start_date: "2025-12-01",
          status,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      ids.push(e.id);
    }
    await up(h.db as unknown as Parameters<typeof up>[0]);
    const after = await h.db
      .selectFrom("enrolments")
      .select(["id", "benefit_start_date"])
      .orderBy("id")
      .execute();
    expect(after.map((e) => e.benefit_start_date)).toEqual([
      "2025-12-01",
      "2025-12-01",
      "2025-12-01",
      null,
      null,
    ]);
    expect(after.map((e) => e.id)).toEqual(ids);
  });
});
