import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serverContext } from "../features/settlement/context.ts";
import { settleVisit } from "../features/settlement/settle.service.ts";
import { HOSPITAL, insuredPerson, setupRegion } from "../features/settlement/settlement.fixture.ts";
import { registerVisit, uploadFeeLines } from "../features/settlement/visit.service.ts";
import { openTestDb } from "../test/test-db.ts";
import type { DbHandle } from "./database.ts";
import { pipelinedPools } from "./pipeline.ts";

const onPostgres = process.env.YIBAO_TEST_ENGINE === "postgres";
const NOW = new Date("2026-05-01T01:00:00Z");

/**
 * The hot statements share one pipelined connection (db/pipeline.ts). A statement that has to wait
 * for a lock held by some transaction must not hold up the others queued behind it: it gives up
 * after 100 ms and waits on a connection of its own.
 */
describe.skipIf(!onPostgres)("pipelined statements and locks", () => {
  let h: DbHandle;
  beforeAll(async () => {
    h = await openTestDb();
    await setupRegion(h.db);
  });
  afterAll(async () => h?.close());

  it("serves other visits while one waits for a lock, then settles that one too", async () => {
    expect(pipelinedPools.has(h.db)).toBe(true);
    const ctx = serverContext();
    const visits: { p: { id: bigint }; v: { mdtrt_id: string } }[] = [];
    for (const seq of [1, 2]) {
      const p = await insuredPerson(h.db, seq);
      const v = await registerVisit(
        h.db,
        { psnNo: p.psn_no, insutype: "310", medType: "11", institutionCode: HOSPITAL, begntime: NOW },
        ctx,
      );
      await uploadFeeLines(
        h.db,
        v.mdtrt_id,
        [{ feedetlSn: "1", code: "X", pric: "100.00", cnt: "1", feeTime: NOW, catalogClass: "A" }],
        ctx,
      );
      visits.push({ p, v });
    }
    const [blocked, free] = visits as [(typeof visits)[number], (typeof visits)[number]];
    let release!: () => void;
    const held = new Promise<void>((r) => {
      release = r;
    });
    let locked!: () => void;
    const isLocked = new Promise<void>((r) => {
      locked = r;
    });
    // A long transaction (a registry correction, say) holds the first person's accumulators.
    const tx = h.db.transaction().execute(async (trx) => {
      await trx
        .selectFrom("person_accumulators")
        .select("person_id")
        .where("person_id", "=", blocked.p.id)
        .forUpdate()
        .execute();
      locked();
      await held;
    });
    await isLocked;
    const settle = (v: (typeof visits)[number]) =>
      settleVisit(h.db, { mdtrtId: v.v.mdtrt_id, acctUsed: false, msgid: null, now: NOW }, ctx);
    const waiting = settle(blocked);
    const t0 = performance.now();
    const other = await settle(free);
    const otherMs = performance.now() - t0;
    expect(other.setlId).toMatch(/^S/);
    // at most one lock timeout (100 ms) behind the waiting statement, not the whole transaction
    expect(otherMs).toBeLessThan(1000);
    let done = false;
    void waiting.then(() => {
      done = true;
    });
    await new Promise((r) => setTimeout(r, 1500));
    expect(done).toBe(false); // still waiting for the lock, on its own connection
    release();
    await tx;
    const s = await waiting;
    expect(s.setlId).toMatch(/^S/);
  });
});
