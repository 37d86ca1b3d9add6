import fc from "fast-check";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "../../db/database.ts";
import { openTestDb } from "../../test/test-db.ts";
import { insuredPerson, reverseOnce, settleOnce, setupRegion } from "./settlement.fixture.ts";

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
        const ledger = await sql<{ d: string; c: string; fund: string }>`
          select coalesce(sum(debit),0) as d, coalesce(sum(credit),0) as c,
                 coalesce(sum(case when account like 'fund:%' and account <> 'fund:310200' then debit - credit end),0) as fund
          from fund_ledger`.execute(h.db);
        const setl = await sql<{
          fund: string;
          acct: string;
        }>`select coalesce(sum(fund_pay),0) as fund, coalesce(sum(account_pay),0) as acct from settlements`.execute(
          h.db,
        );
        expect(ledger.rows[0]!.d).toBe(ledger.rows[0]!.c);
        expect(BigInt(ledger.rows[0]!.fund)).toBe(BigInt(setl.rows[0]!.fund));
        for (const p of persons) {
          const acc = await h.db
            .selectFrom("person_accumulators")
            .selectAll()
            .where("person_id", "=", p.id)
            .executeTakeFirstOrThrow();
          const sums = await sql<{ ded: string; pool: string; acct: string }>`
            select coalesce(sum(deductible),0) as ded, coalesce(sum(pool_pay),0) as pool, coalesce(sum(account_pay),0) as acct
            from settlements where person_id = ${p.id}`.execute(h.db);
          expect(acc.deductible_paid).toBe(BigInt(sums.rows[0]!.ded));
          expect(acc.pool_paid).toBe(BigInt(sums.rows[0]!.pool));
          expect(acc.deductible_paid <= 80_000n).toBe(true);
          expect(acc.pool_paid <= 400_000n).toBe(true);
          const bal = await sql<{
            b: string;
            l: string;
          }>`select a.balance as b, (select coalesce(sum(amount),0) from account_ledger l where l.person_id = a.person_id) as l from personal_accounts a where a.person_id = ${p.id}`.execute(
            h.db,
          );
          if (bal.rows[0]) expect(String(bal.rows[0].b)).toBe(String(bal.rows[0].l));
        }
      }),
      { numRuns: 12, seed: 42 },
    );
  });
});
