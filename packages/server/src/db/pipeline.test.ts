import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serverContext } from "../features/settlement/context.ts";
import { oncePlanned } from "../idempotency/idempotency.ts";
import { settleVisit } from "../features/settlement/settle.service.ts";
import { HOSPITAL, insuredPerson, setupRegion } from "../features/settlement/settlement.fixture.ts";
import { planRegistration, registerVisit, uploadFeeLines } from "../features/settlement/visit.service.ts";
import { openTestDb } from "../test/test-db.ts";
import type { DbHandle } from "./database.ts";
import { pipelinedPools } from "./pipeline.ts";
import { skipUnlessPostgres } from "../test/engine-only.ts";

const offPostgres = skipUnlessPostgres(
  "pipelined statements and group commit",
  "the shared pipelined connection exists on PostgreSQL only",
);
const NOW = new Date("2026-05-01T01:00:00Z");

/**
 * The hot statements share one pipelined connection (db/pipeline.ts). A statement that has to wait
 * for a lock held by some transaction must not hold up the others queued behind it: it gives up
 * after 100 ms and waits on a connection of its own.
 */
describe.skipIf(offPostgres).each([
  { mode: "statements on their own", groups: undefined },
  { mode: "writes in groups", groups: 1 },
])("pipelined statements and locks ($mode)", ({ groups }) => {
  let h: DbHandle;
  beforeAll(async () => {
    h = await openTestDb({ pipelinedGroups: groups });
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

/**
 * Group commit (db/pipeline.ts): writes queued while a group is on the wire commit together. A
 * statement of a group that fails must fail alone: the group rolls back and its other statements
 * land on their own.
 */
describe.skipIf(offPostgres)("group commit on the pipelined connection", () => {
  let h: DbHandle;
  beforeAll(async () => {
    h = await openTestDb({ pipelinedGroups: 1 }); // one group at a time: the rest queue and group
    await setupRegion(h.db);
  });
  afterAll(async () => h?.close());

  it("commits queued writes together, and a failing one alone", async () => {
    const ctx = serverContext();
    const persons = [];
    for (let i = 0; i < 6; i++) persons.push(await insuredPerson(h.db, 20 + i));
    const register = (psnNo: string, key: string) =>
      oncePlanned(h.db, "test", key, { psnNo }, () =>
        planRegistration(h.db, ctx, {
          psnNo,
          insutype: "310",
          medType: "11",
          institutionCode: HOSPITAL,
          begntime: NOW,
        }),
      );
    // warm the process's caches (institution, a block of ids), so that the registrations below
    // need no read first and their writes arrive together
    await register((await insuredPerson(h.db, 30)).psn_no, "warm");
    const stats = pipelinedPools.get(h.db)!.stats;
    // All at once: the first goes alone, the others queue behind it and commit as a group.
    const before = { ...stats };
    const first = await Promise.all(persons.slice(0, 3).map((p, i) => register(p.psn_no, `K${i}`)));
    expect(stats.groups).toBeGreaterThan(before.groups);
    expect(stats.groupedWrites - before.groupedWrites).toBeGreaterThanOrEqual(2);
    expect(first.every((a) => !a.replayed)).toBe(true);
    // Again, one of them with a msgid already used: its record collides, its group rolls back and
    // the others land on their own; it gets the first answer.
    const rolledBack = stats.groupsRolledBack;
    const second = await Promise.all([
      ...persons.slice(3).map((p, i) => register(p.psn_no, `K${3 + i}`)),
      register(persons[0]!.psn_no, "K0"),
    ]);
    expect(stats.groupsRolledBack).toBeGreaterThan(rolledBack);
    expect(second.filter((a) => a.replayed)).toHaveLength(1);
    expect(second[3]!.body.mdtrt_id).toBe(first[0]!.body.mdtrt_id);
    const visits = await h.db
      .selectFrom("visits")
      .select(({ fn }) => fn.countAll().as("n"))
      .where(
        "person_id",
        "in",
        persons.map((p) => p.id),
      )
      .executeTakeFirstOrThrow();
    expect(Number(visits.n)).toBe(6);
  });
});
