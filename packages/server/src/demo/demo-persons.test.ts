import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "../db/database.ts";
import { serverContext } from "../features/settlement/context.ts";
import { simulate } from "../features/simulation/simulate.ts";
import { silentProgress } from "../features/simulation/world.ts";
import { openTestDb } from "../test/test-db.ts";
import { DEMO_SIMULATION, demoCredentials, demoHospitals } from "./demo-region.ts";

/**
 * his-sim meets the demo's patients and plays its hospitals by what the simulator draws (pure):
 * the persons and institutions the demo's simulation registers (its first month is enough).
 */
describe("the demo's persons and hospitals as his-sim knows them", () => {
  let h: DbHandle;
  beforeAll(async () => {
    h = await openTestDb();
    await simulate(
      h.db,
      serverContext(),
      { ...DEMO_SIMULATION, months: 1 },
      silentProgress,
      () => new Date(),
    );
  }, 180_000);
  afterAll(async () => h?.close());

  it("are registered persons, ID number and card, the insured at the start less those who die or leave", async () => {
    const seeded = await h.db
      .selectFrom("persons")
      .select(["certno", "card_no"])
      .where("region_code", "like", "5301%")
      .execute();
    const byCertno = new Map(seeded.map((p) => [p.certno, p.card_no]));
    const creds = demoCredentials();
    expect(creds.length).toBeGreaterThan(DEMO_SIMULATION.insured * 0.95);
    expect(creds.length).toBeLessThanOrEqual(DEMO_SIMULATION.insured);
    for (const c of creds) expect(byCertno.get(c.certno), c.certno).toBe(c.cardNo);
  });

  it("are the region's hospitals, every one not a pharmacy", async () => {
    const rows = await h.db
      .selectFrom("institutions")
      .select("code")
      .where("region_code", "like", "5301%")
      .where("kind", "<>", "pharmacy")
      .orderBy("code")
      .execute();
    expect(demoHospitals()).toEqual(rows.map((r) => r.code));
  });
});
