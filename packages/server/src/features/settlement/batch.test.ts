import { isYibaoError } from "@yibao/core/errors";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db, DbHandle } from "../../db/database.ts";
import { openTestDb } from "../../test/test-db.ts";
import { type BatchVisit, settleBatch } from "./batch.service.ts";
import { DIRECT } from "./context.ts";
import { reverseSettlement, settleVisit } from "./settle.service.ts";
import { HOSPITAL, expectInvariants, insuredPerson, setupRegion } from "./settlement.fixture.ts";
import { registerVisit, uploadFeeLines } from "./visit.service.ts";

const at = (day: number, hour = 9) => new Date(Date.UTC(2026, 4, day, hour));

/** The same visits for both paths: settled, reversed and settled again, refused at each step. */
function visitsOf(psn: string[]): BatchVisit[] {
  const visit = (
    who: string,
    day: number,
    lines: [string, string, string, ("A" | "B" | "C")?][],
    acctUsed: boolean,
    reversal = false,
    institutionCode = HOSPITAL,
  ): BatchVisit => ({
    visit: {
      psnNo: who,
      insutype: "310",
      medType: "11",
      institutionCode,
      begntime: at(day),
      iptOtpNo: `K${day}`,
    },
    lines: lines.map(([sn, pric, cnt, cls], i) => ({
      feedetlSn: sn,
      code: cls ? `X${i}` : "NOT-IN-CATALOGUE",
      pric,
      cnt,
      feeTime: at(day),
      ...(cls ? { catalogClass: cls } : {}),
    })),
    acctUsed,
    settleAt: at(day, 11),
    ...(reversal ? { reversal: { at: at(day, 12), resettleAt: at(day, 13) } } : {}),
  });
  const [p1, p2, p3] = psn as [string, string, string];
  return [
    visit(
      p1,
      1,
      [
        ["1", "250.00", "1", "A"],
        ["2", "12.50", "4", undefined],
      ],
      true,
    ),
    visit(p1, 2, [["1", "1000.00", "2", "B"]], true, true),
    visit(p2, 2, [["1", "500.00", "1", "A"]], false),
    visit("NO-SUCH-PERSON", 3, [["1", "10.00", "1", "A"]], false),
    visit(p3, 3, [["1", "0", "1", "A"]], true),
    visit(p3, 4, [["1", "200.00", "1", "A"]], true, true),
    visit(
      p1,
      5,
      [
        ["1", "3000.00", "1", "A"],
        ["2", "2000.00", "1", "B"],
      ],
      true,
    ),
    visit(p2, 6, [["1", "10.00", "1", "A"]], false, false, "H99999999999"),
    visit(
      p2,
      7,
      [
        ["1", "10.00", "1", "A"],
        ["1", "20.00", "1", "A"],
      ],
      false,
    ),
    visit(p2, 8, [["1", "800.00", "3", "A"]], false, true),
  ];
}

/** Each visit through the services one call at a time, as the simulator used to. */
async function oneAtATime(db: Db, visits: BatchVisit[]) {
  const codes: string[] = [];
  for (const b of visits) {
    try {
      const v = await registerVisit(db, b.visit, DIRECT);
      await uploadFeeLines(db, v.mdtrt_id, b.lines, DIRECT);
      const settle = (now: Date) =>
        settleVisit(db, { mdtrtId: v.mdtrt_id, acctUsed: b.acctUsed, msgid: null, now }, DIRECT);
      let s = await settle(b.settleAt);
      if (b.reversal) {
        await reverseSettlement(db, { setlId: s.setlId!, msgid: null, now: b.reversal.at }, DIRECT);
        s = await settle(b.reversal.resettleAt);
      }
      codes.push(`ok ${s.setlId}`);
    } catch (err) {
      if (!isYibaoError(err)) throw err;
      codes.push(err.code);
    }
  }
  return codes;
}

/** Every row the settlement writes, without the columns the wall clock fills. */
async function dump(db: Db) {
  const table = async (name: string, order: string, drop: string[] = []) => {
    const { rows } = await sql<
      Record<string, unknown>
    >`select * from ${sql.table(name)} order by ${sql.raw(order)}`.execute(db);
    return rows.map((r) => Object.fromEntries(Object.entries(r).filter(([k]) => !drop.includes(k))));
  };
  return {
    visits: await table("visits", "id", ["created_at"]),
    fee_lines: await table("fee_lines", "id"),
    settlements: await table("settlements", "id"),
    fund_ledger: await table("fund_ledger", "id", ["at"]),
    account_ledger: await table("account_ledger", "id", ["at"]),
    person_accumulators: await table("person_accumulators", "person_id, year"),
    personal_accounts: await table("personal_accounts", "person_id", ["updated_at"]),
  };
}

describe("batch settlement", () => {
  let one: DbHandle;
  let batch: DbHandle;
  let persons: { id: bigint; psn_no: string }[];
  beforeAll(async () => {
    one = await openTestDb();
    batch = await openTestDb();
    for (const h of [one, batch]) {
      await setupRegion(h.db);
      persons = [
        await insuredPerson(h.db, 1, 30_000n),
        await insuredPerson(h.db, 2, 0n),
        await insuredPerson(h.db, 3, 100_000n),
      ];
    }
  });
  afterAll(async () => {
    await one?.close();
    await batch?.close();
  });

  it("writes the same rows as the one-at-a-time path, and refuses the same visits with the same codes", async () => {
    const visits = visitsOf(persons.map((p) => p.psn_no));
    const expected = await oneAtATime(one.db, visits);
    const outcomes = await settleBatch(batch.db, DIRECT, visits);
    expect(outcomes.map((o) => (o.ok ? `ok ${o.setlId}` : o.error.code))).toEqual(expected);
    // the cases the test means to cover are there
    expect(expected).toEqual(
      expect.arrayContaining([
        "REG_PERSON_UNKNOWN",
        "SETL_BILL_NOT_POSITIVE",
        "SETL_INSTITUTION_UNKNOWN",
        "SETL_FEE_LINE_DUPLICATE",
      ]),
    );
    const a = await dump(one.db);
    const b = await dump(batch.db);
    expect(b.settlements.length).toBe(12); // 6 visits settled, 3 of them reversed and settled again
    expect(b.account_ledger.some((r) => r.kind === "settlement_reversal")).toBe(true);
    expect(b).toEqual(a);
    await expectInvariants(batch.db, persons);
    // the account's time is the last settlement it paid, on both paths
    const times = await Promise.all(
      [one, batch].map((h) =>
        h.db
          .selectFrom("personal_accounts")
          .select("updated_at")
          .where("person_id", "=", persons[2]!.id)
          .executeTakeFirstOrThrow(),
      ),
    );
    expect(times[1]!.updated_at).toEqual(at(4, 13));
    expect(times[1]).toEqual(times[0]);
  });

  it("writes nothing when the caller's step in the same transaction fails", async () => {
    const before = await dump(batch.db);
    const visits = visitsOf(persons.map((p) => p.psn_no));
    await expect(
      settleBatch(batch.db, DIRECT, visits, async () => {
        throw new Error("cursor not written");
      }),
    ).rejects.toThrow("cursor not written");
    expect(await dump(batch.db)).toEqual(before);
  });
});
