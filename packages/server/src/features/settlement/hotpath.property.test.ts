import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "../../db/database.ts";
import { openTestDb } from "../../test/test-db.ts";
import { serverContext } from "./context.ts";
import { reverseSettlement, settleVisit } from "./settle.service.ts";
import { HOSPITAL, expectInvariants, insuredPerson, setupRegion } from "./settlement.fixture.ts";
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
        await expectInvariants(h.db, persons);
      }),
      { numRuns: 10, seed: 7 },
    );
  });
});
