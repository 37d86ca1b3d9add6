import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "../../db/database.ts";
import { openTestDb } from "../../test/test-db.ts";
import {
  expectInvariants,
  insuredPerson,
  reverseOnce,
  settleOnce,
  setupRegion,
} from "./settlement.fixture.ts";

describe("settlement service", () => {
  let h: DbHandle;
  beforeAll(async () => {
    h = await openTestDb();
    await setupRegion(h.db);
  });
  afterAll(async () => h?.close());

  it("serialises concurrent settlements of one person: the deductible is used once", async () => {
    const p = await insuredPerson(h.db, 1);
    const results = await Promise.all(Array.from({ length: 6 }, () => settleOnce(h.db, p.psn_no, "500.00")));
    const deductibles = results.map((r) => BigInt(r.body.deductible));
    expect(deductibles.reduce((a, b) => a + b, 0n)).toBe(80_000n); // 800.00 yuan, once
    const acc = await h.db
      .selectFrom("person_accumulators")
      .selectAll()
      .where("person_id", "=", p.id)
      .executeTakeFirstOrThrow();
    expect(acc.deductible_paid).toBe(80_000n);
    expect(acc.pool_paid).toBe(results.reduce((s, r) => s + BigInt(r.body.pool), 0n));
  });

  it("answers a replayed msgid with the first answer and refuses a changed one", async () => {
    const p = await insuredPerson(h.db, 2);
    const first = await settleOnce(h.db, p.psn_no, "100.00", false, "REPLAY1");
    const again = await settleOnce(h.db, p.psn_no, "100.00", false, "REPLAY1");
    expect(again.replayed).toBe(true);
    expect(again.body).toEqual(first.body);
    await expect(settleOnce(h.db, p.psn_no, "999.00", false, "REPLAY1")).rejects.toMatchObject({
      code: "IDEMPOTENCY_KEY_REUSED",
    });
    const n = await h.db
      .selectFrom("settlements")
      .select(({ fn }) => fn.countAll().as("n"))
      .where("person_id", "=", p.id)
      .executeTakeFirstOrThrow();
    expect(Number(n.n)).toBe(1);
  });

  it("refuses a second reversal", async () => {
    const p = await insuredPerson(h.db, 3);
    const s = await settleOnce(h.db, p.psn_no, "100.00");
    await reverseOnce(h.db, s.body.setlId);
    await expect(reverseOnce(h.db, s.body.setlId)).rejects.toMatchObject({ code: "SETL_ALREADY_REVERSED" });
  });

  it("keeps the fund ledger balanced and equal to the settlements under concurrent settle/reverse", async () => {
    const persons = [
      await insuredPerson(h.db, 10, 30_000n),
      await insuredPerson(h.db, 11, 0n),
      await insuredPerson(h.db, 12, 100_000n),
    ];
    const op = fc.record({
      who: fc.nat(2),
      amount: fc.integer({ min: 1, max: 300_000 }),
      acct: fc.boolean(),
      reverse: fc.boolean(),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 8 }), async (ops) => {
        // Each op is a client: settle, then maybe reverse; all clients run at once.
        await Promise.all(
          ops.map(async (o) => {
            const yuan = `${Math.floor(o.amount / 100)}.${String(o.amount % 100).padStart(2, "0")}`;
            const s = await settleOnce(h.db, persons[o.who]!.psn_no, yuan, o.acct);
            if (o.reverse) await reverseOnce(h.db, s.body.setlId);
          }),
        );
        await expectInvariants(h.db, persons);
      }),
      { numRuns: 12, seed: 42 },
    );
  });
});
