import fc from "fast-check";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "../../db/database.ts";
import { openTestDb } from "../../test/test-db.ts";
import { serverContext } from "./context.ts";
import { reverseSettlement, settleVisit } from "./settle.service.ts";
import { HOSPITAL, insuredPerson, setupRegion } from "./settlement.fixture.ts";
import { registerVisit, uploadFeeLines } from "./visit.service.ts";

const NOW = new Date("2026-05-01T01:00:00Z");

/**
 * The path the NHSA gateway takes, under random concurrent load: no transaction around a message,
 * visit sessions, guarded single statements, and (on PostgreSQL) the pipelined connection with
 * writes committed in groups. Whatever the interleaving, every settlement balances, the fund
 * ledger balances and equals the settlements, accumulators and accounts equal what the
 * settlements (and their reversals) moved, and no deductible or cap is used twice.
 */
describe("settlement invariants on the hot path, concurrent clients", () => {
  let h: DbHandle;
  beforeAll(async () => {
    h = await openTestDb({ pipelinedGroups: 1 });
    await setupRegion(h.db);
  });
  afterAll(async () => h?.close());

  it("hold after any interleaving of settlements and reversals", async () => {
    const ctx = serverContext();
    const persons = [
      await insuredPerson(h.db, 40, 30_000n),
      await insuredPerson(h.db, 41, 0n),
      await insuredPerson(h.db, 42, 100_000n),
    ];
    const op = fc.record({
      who: fc.nat(2),
      lines: fc.array(fc.integer({ min: 1, max: 200_000 }), { minLength: 1, maxLength: 4 }),
      acct: fc.boolean(),
      reverse: fc.boolean(),
    });
    const yuan = (fen: number) => `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, "0")}`;
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 10 }), async (ops) => {
        await Promise.all(
          ops.map(async (o) => {
            const v = await registerVisit(
              h.db,
              {
                psnNo: persons[o.who]!.psn_no,
                insutype: "310",
                medType: "11",
                institutionCode: HOSPITAL,
                begntime: NOW,
              },
              ctx,
            );
            await uploadFeeLines(
              h.db,
              v.mdtrt_id,
              o.lines.map((fen, i) => ({
                feedetlSn: String(i + 1),
                code: `X${i}`,
                pric: yuan(fen),
                cnt: "1",
                feeTime: NOW,
                catalogClass: "A" as const,
              })),
              ctx,
            );
            const s = await settleVisit(
              h.db,
              { mdtrtId: v.mdtrt_id, acctUsed: o.acct, msgid: null, now: NOW },
              ctx,
            );
            const a = s.result.amounts;
            expect(a.medfee).toBe(a.fundPay + a.personPart);
            expect(a.personPart).toBe(a.accountPay + a.cashPay);
            if (o.reverse) await reverseSettlement(h.db, { setlId: s.setlId!, msgid: null, now: NOW }, ctx);
          }),
        );
        const ledger = await sql<{ d: string; c: string; fund: string }>`
          select coalesce(sum(debit),0) as d, coalesce(sum(credit),0) as c,
                 coalesce(sum(case when account like 'fund:%' and account <> 'fund:310200' then debit - credit end),0) as fund
          from fund_ledger`.execute(h.db);
        const setl = await sql<{ fund: string; bad: string }>`
          select coalesce(sum(fund_pay),0) as fund,
                 count(*) filter (where medfee <> fund_pay + person_part or person_part <> account_pay + cash_pay) as bad
          from settlements`.execute(h.db);
        expect(ledger.rows[0]!.d).toBe(ledger.rows[0]!.c);
        expect(BigInt(ledger.rows[0]!.fund)).toBe(BigInt(setl.rows[0]!.fund));
        expect(Number(setl.rows[0]!.bad)).toBe(0);
        for (const p of persons) {
          const acc = await h.db
            .selectFrom("person_accumulators")
            .selectAll()
            .where("person_id", "=", p.id)
            .executeTakeFirstOrThrow();
          const sums = await sql<{ ded: string; pool: string }>`
            select coalesce(sum(deductible),0) as ded, coalesce(sum(pool_pay),0) as pool
            from settlements where person_id = ${p.id}`.execute(h.db);
          expect(acc.deductible_paid).toBe(BigInt(sums.rows[0]!.ded));
          expect(acc.pool_paid).toBe(BigInt(sums.rows[0]!.pool));
          expect(acc.deductible_paid <= 80_000n).toBe(true);
          expect(acc.pool_paid <= 400_000n).toBe(true);
          const bal = await sql<{ b: string; l: string }>`
            select a.balance as b, (select coalesce(sum(amount),0) from account_ledger l where l.person_id = a.person_id) as l
            from personal_accounts a where a.person_id = ${p.id}`.execute(h.db);
          expect(String(bal.rows[0]!.b)).toBe(String(bal.rows[0]!.l));
          expect(BigInt(bal.rows[0]!.b) >= 0n).toBe(true);
        }
      }),
      { numRuns: 10, seed: 7 },
    );
  });
});
