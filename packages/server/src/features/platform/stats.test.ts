import { makeCertno, makeUscc } from "@yibao/core/registry";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "../../audit/audit.ts";
import { type TestApp, TEST_REGION, openTestApp } from "../../test/test-app.ts";
import { enrolNewborns, terminateEnrolments, transferPersons } from "../registry/bulk-enrolment.service.ts";
import { changeStatus, enrol, transfer } from "../registry/enrolment.service.ts";
import { createEmployer, createPerson } from "../registry/person.service.ts";
import { compactRegistryCounts, countedRegistry } from "./stats.repository.ts";

/**
 * The overview reads kept counts (migration 0935); after every kind of registry change (one at a
 * time and in bulk) they equal what counting the registry answers, before and after compaction.
 */
const TODAY = "2025-06-30";
const actor = { ...SYSTEM_ACTOR, login: "stats-test" };

describe("overview from kept counts", () => {
  let t: TestApp;
  let leader: { authorization: string };
  const uscc = makeUscc("530100", 91);

  beforeAll(async () => {
    t = await openTestApp(() => new Date("2025-06-30T08:00:00Z"));
    await t.handle.db
      .insertInto("regions")
      .values({ code: "510100", name: "成都市", level: "city", parent_code: null })
      .execute();
    leader = await t.auth("leader");
  });
  afterAll(async () => t?.close());

  /** The overview's figures and the counted ones, in the answer's form. */
  async function both() {
    const res = await t.app.inject({ method: "GET", url: "/api/v1/stats/overview", headers: leader });
    expect(res.statusCode).toBe(200);
    const o = res.json();
    const c = await countedRegistry(t.handle.db);
    return {
      answered: { persons: o.persons, employers: o.employers, enrolments: o.enrolments },
      counted: {
        persons: String(c.persons),
        employers: String(c.employers),
        enrolments: c.enrolments.map((e) => ({ insutype: e.insutype, status: e.status, count: String(e.n) })),
      },
    };
  }

  async function person(seq: number, insutype: string, psnType: string) {
    const p = await createPerson(
      t.handle.db,
      actor,
      { certno: makeCertno("530100", "19800101", seq), name: `统计${seq}`, regionCode: TEST_REGION },
      TODAY,
    );
    await enrol(t.handle.db, actor, {
      psnNo: p.psn_no,
      insutype,
      psnType,
      regionCode: TEST_REGION,
      startDate: "2024-01-01",
      ...(insutype === "310" ? { employerUscc: uscc } : {}),
    });
    const e = await t.handle.db
      .selectFrom("enrolments")
      .select("id")
      .where("person_id", "=", p.id)
      .executeTakeFirstOrThrow();
    return { ...p, enrolmentId: e.id };
  }

  it("equals the counted registry after enrolments, deaths, transfers and bulk changes", async () => {
    const empty = await both();
    expect(empty.answered).toStrictEqual({ persons: "0", employers: "0", enrolments: [] });
    expect(empty.answered).toStrictEqual(empty.counted);

    await createEmployer(t.handle.db, actor, { uscc, name: "统计科技有限公司", regionCode: TEST_REGION });
    const worker = await person(1, "310", "1101");
    const worker2 = await person(2, "310", "1101");
    const mother = await person(3, "390", "1501");
    const elder = await person(4, "390", "1501");
    const elder2 = await person(5, "390", "1501");
    let now = await both();
    expect(now.answered).toStrictEqual({
      persons: "5",
      employers: "1",
      enrolments: [
        { insutype: "310", status: "active", count: "2" },
        { insutype: "390", status: "active", count: "3" },
      ],
    });
    expect(now.answered).toStrictEqual(now.counted);

    // a death, a transfer (the old enrolment ends, a new one begins elsewhere)
    await changeStatus(t.handle.db, actor, elder.enrolmentId, "terminated", "2025-06-20", "death");
    await transfer(t.handle.db, actor, worker.psn_no, "510100", "2025-06-25");
    now = await both();
    expect(now.answered.enrolments).toContainEqual({ insutype: "390", status: "terminated", count: "1" });
    expect(now.answered.enrolments).toContainEqual({ insutype: "310", status: "terminated", count: "1" });
    expect(now.answered).toStrictEqual(now.counted);

    // the bulk paths: a birth, a death, a transfer, and one refused transfer that writes nothing
    await enrolNewborns(
      t.handle.db,
      actor,
      [
        {
          parentPsnNo: mother.psn_no,
          child: { certno: makeCertno("530100", "20250610", 6), name: "统计宝", startDate: "2025-06-10" },
        },
      ],
      TODAY,
    );
    await terminateEnrolments(t.handle.db, actor, [
      { enrolmentId: elder2.enrolmentId, effectiveDate: "2025-06-21", reason: "death" },
    ]);
    const moved = await transferPersons(t.handle.db, actor, [
      { psnNo: worker2.psn_no, toRegion: "510100", date: "2025-06-26" },
      { psnNo: mother.psn_no, toRegion: "999999", date: "2025-06-26" },
    ]);
    expect(moved.map((m) => m.ok)).toEqual([true, false]);
    now = await both();
    expect(now.answered.persons).toBe("6");
    expect(now.answered).toStrictEqual(now.counted);

    // a rolled-back change leaves the counts as they were
    await expect(
      t.handle.db.transaction().execute(async (trx) => {
        await sql`update enrolments set status = 'suspended' where status = 'active'`.execute(trx);
        throw new Error("rolled back");
      }),
    ).rejects.toThrow("rolled back");
    expect((await both()).answered).toStrictEqual(now.answered);

    // compaction folds the delta rows into one per group and changes no figure
    const rows = async () =>
      Number(
        (await sql<{ n: string }>`select count(*) as n from registry_counts`.execute(t.handle.db)).rows[0]!.n,
      );
    const before = await rows();
    await compactRegistryCounts(t.handle.db);
    const after = await rows();
    expect(after).toBeLessThan(before);
    expect(after).toBe(2 + now.answered.enrolments.length);
    const compacted = await both();
    expect(compacted.answered).toStrictEqual(now.answered);
    expect(compacted.answered).toStrictEqual(compacted.counted);
  });

  it("refuses a truncate of the registry, which would leave the counts wrong", async () => {
    await expect(sql`truncate enrolments cascade`.execute(t.handle.db)).rejects.toThrow(
      /TRUNCATE of enrolments refused/,
    );
  });
});
