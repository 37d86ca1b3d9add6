import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "../db/database.ts";
import { openTestDb } from "../test/test-db.ts";
import { seed as platform } from "./0000_platform.seed.ts";
import { demoCredentials, seed as registry } from "./0100_registry.seed.ts";

/** his-sim meets the demo's patients by the credentials the registry seed draws: the same ones. */
describe("the demo's persons as his-sim knows them", () => {
  let h: DbHandle;
  beforeAll(async () => {
    h = await openTestDb();
    await platform(h.db);
    await registry(h.db);
  }, 180_000);
  afterAll(async () => h?.close());

  it("are the seeded persons, ID number and card", async () => {
    const seeded = await h.db.selectFrom("persons").select(["certno", "card_no"]).execute();
    const byCertno = new Map(seeded.map((p) => [p.certno, p.card_no]));
    const creds = demoCredentials();
    expect(creds).toHaveLength(seeded.length);
    for (const c of creds) expect(byCertno.get(c.certno), c.certno).toBe(c.cardNo);
  });
});
