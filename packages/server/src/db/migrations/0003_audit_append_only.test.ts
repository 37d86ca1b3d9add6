import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SYSTEM_ACTOR, recordAudit } from "../../audit/audit.ts";
import type { DbHandle } from "../database.ts";
import { openTestDb } from "../../test/test-db.ts";

/** The audit log and the person access log refuse changes in the database itself, on both engines. */
describe("append-only logs", () => {
  let h: DbHandle;
  beforeAll(async () => {
    h = await openTestDb();
    await recordAudit(h.db, SYSTEM_ACTOR, { action: "test.write", entity: "tests", entityId: "1" });
    await h.db
      .insertInto("person_access_log")
      .values({
        at: new Date(),
        channel: "nhsa",
        credential_type: "02",
        credential_masked: "x",
        result: "not_found",
        person_id: null,
      })
      .execute();
  });
  afterAll(async () => h?.close());

  for (const table of ["audit_log", "person_access_log"]) {
    it(`refuses UPDATE, DELETE and TRUNCATE of ${table}`, async () => {
      const count = async () =>
        Number(
          (await sql<{ n: string }>`select count(*) as n from ${sql.table(table)}`.execute(h.db)).rows[0]!.n,
        );
      const before = await count();
      expect(before).toBe(1);
      await expect(sql`update ${sql.table(table)} set id = id`.execute(h.db)).rejects.toThrow(
        /append-only: UPDATE refused/,
      );
      await expect(sql`delete from ${sql.table(table)}`.execute(h.db)).rejects.toThrow(
        /append-only: DELETE refused/,
      );
      await expect(sql`truncate ${sql.table(table)}`.execute(h.db)).rejects.toThrow(
        /append-only: TRUNCATE refused/,
      );
      expect(await count()).toBe(before);
      // appending still works
      if (table === "audit_log")
        await recordAudit(h.db, SYSTEM_ACTOR, { action: "test.again", entity: "tests" });
      else
        await h.db
          .insertInto("person_access_log")
          .values({
            at: new Date(),
            channel: "rest",
            credential_type: "psn_no",
            credential_masked: "y",
            result: "found",
            person_id: null,
          })
          .execute();
      expect(await count()).toBe(before + 1);
    });
  }
});
