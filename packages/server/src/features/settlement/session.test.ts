import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "../../db/database.ts";
import { openTestDb } from "../../test/test-db.ts";
import { type SettlementContext, serverContext } from "./context.ts";
import { reverseSettlement, settleVisit } from "./settle.service.ts";
import { HOSPITAL, insuredPerson, setupRegion } from "./settlement.fixture.ts";
import { cancelFeeLines, registerVisit, uploadFeeLines } from "./visit.service.ts";

const NOW = new Date("2026-05-01T01:00:00Z");
const line = (sn: string, yuan: string) => ({
  feedetlSn: sn,
  code: `X${sn}`,
  pric: yuan,
  cnt: "1",
  feeTime: NOW,
  catalogClass: "A" as const,
});

/**
 * Visit sessions: two server processes on one database (two contexts), each keeping sessions of
 * the visits it opened. A process whose session went stale (another process changed the visit)
 * must notice through the write's guard and serve the message from the database.
 */
describe("visit sessions across processes", () => {
  let h: DbHandle;
  let a: SettlementContext;
  let b: SettlementContext;
  beforeAll(async () => {
    h = await openTestDb();
    await setupRegion(h.db);
    a = serverContext();
    b = serverContext();
  });
  afterAll(async () => h?.close());

  const open = async (ctx: SettlementContext, seq: number) => {
    const p = await insuredPerson(h.db, seq, 50_000n);
    const v = await registerVisit(
      h.db,
      { psnNo: p.psn_no, insutype: "310", medType: "11", institutionCode: HOSPITAL, begntime: NOW },
      ctx,
    );
    return { p, v };
  };

  /** Another visit of the same person, through process `ctx`, with one line, settled. */
  const otherVisit = async (ctx: SettlementContext, psnNo: string, yuan: string, acctUsed: boolean) => {
    const other = await registerVisit(
      h.db,
      { psnNo, insutype: "310", medType: "11", institutionCode: HOSPITAL, begntime: NOW },
      ctx,
    );
    await uploadFeeLines(h.db, other.mdtrt_id, [line("1", yuan)], ctx);
    return settleVisit(h.db, { mdtrtId: other.mdtrt_id, acctUsed, msgid: null, now: NOW }, ctx);
  };

  it("keeps a session for the visit it opened and drops it once settled", async () => {
    const { v } = await open(a, 1);
    expect(a.sessions!.get(v.mdtrt_id)?.visit.version).toBe(0);
    await uploadFeeLines(h.db, v.mdtrt_id, [line("1", "100.00")], a);
    expect(a.sessions!.get(v.mdtrt_id)?.lines).toHaveLength(1);
    expect(a.sessions!.get(v.mdtrt_id)?.visit.version).toBe(1);
    await settleVisit(h.db, { mdtrtId: v.mdtrt_id, acctUsed: false, msgid: null, now: NOW }, a);
    expect(a.sessions!.get(v.mdtrt_id)).toBeUndefined();
  });

  it("settles every line when another process uploaded some (stale session)", async () => {
    const { v } = await open(a, 2);
    await uploadFeeLines(h.db, v.mdtrt_id, [line("1", "100.00")], a);
    await uploadFeeLines(h.db, v.mdtrt_id, [line("2", "200.00")], b); // b has no session: reads
    // a's session still says version 1 with one line: its next write must notice and re-read
    await uploadFeeLines(h.db, v.mdtrt_id, [line("3", "300.00")], a);
    const s = await settleVisit(h.db, { mdtrtId: v.mdtrt_id, acctUsed: false, msgid: null, now: NOW }, a);
    expect(s.result.amounts.medfee).toBe(60_000n);
    const lines = await h.db
      .selectFrom("fee_lines as l")
      .innerJoin("visits as v", "v.id", "l.visit_id")
      .select("l.feedetl_sn")
      .where("v.mdtrt_id", "=", v.mdtrt_id)
      .orderBy("l.id")
      .execute();
    expect(lines.map((l) => l.feedetl_sn)).toEqual(["1", "2", "3"]);
  });

  it("settles without the lines another process cancelled", async () => {
    const { v } = await open(a, 3);
    await uploadFeeLines(h.db, v.mdtrt_id, [line("1", "100.00"), line("2", "50.00")], a);
    await h.db.transaction().execute((trx) => cancelFeeLines(trx, v.mdtrt_id, ["2"]));
    const s = await settleVisit(h.db, { mdtrtId: v.mdtrt_id, acctUsed: false, msgid: null, now: NOW }, a);
    expect(s.result.amounts.medfee).toBe(10_000n);
  });

  it("uses the accumulators as they are, not as the session saw them at registration", async () => {
    const { p, v } = await open(a, 4);
    await uploadFeeLines(h.db, v.mdtrt_id, [line("1", "500.00")], a);
    // meanwhile the person settles another visit through the other process: the deductible is used
    const first = await otherVisit(b, p.psn_no, "900.00", false);
    expect(first.result.amounts.deductible).toBe(80_000n);
    const second = await settleVisit(
      h.db,
      { mdtrtId: v.mdtrt_id, acctUsed: false, msgid: null, now: NOW },
      a,
    );
    expect(second.result.amounts.deductible).toBe(0n);
    const acc = await h.db
      .selectFrom("person_accumulators")
      .select("deductible_paid")
      .where("person_id", "=", p.id)
      .executeTakeFirstOrThrow();
    expect(acc.deductible_paid).toBe(80_000n);
  });

  it("uses the balance as it is after a reversal elsewhere", async () => {
    const { p, v } = await open(a, 5);
    await uploadFeeLines(h.db, v.mdtrt_id, [line("1", "100.00")], a);
    const paid = await otherVisit(b, p.psn_no, "100.00", true);
    expect(paid.result.amounts.accountPay).toBe(10_000n);
    await reverseSettlement(h.db, { setlId: paid.setlId!, msgid: null, now: NOW }, b);
    const s = await settleVisit(h.db, { mdtrtId: v.mdtrt_id, acctUsed: true, msgid: null, now: NOW }, a);
    expect(s.result.amounts.accountPay).toBe(10_000n);
    expect(s.result.amounts.balanceAfter).toBe(40_000n);
    const bal = await sql<{ b: string; l: string }>`
      select a.balance as b, (select sum(amount) from account_ledger l where l.person_id = a.person_id) as l
      from personal_accounts a where a.person_id = ${p.id}`.execute(h.db);
    expect(String(bal.rows[0]!.b)).toBe("40000");
    expect(String(bal.rows[0]!.l)).toBe("40000");
  });
});
