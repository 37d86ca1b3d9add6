import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TestApp, openTestApp } from "../../test/test-app.ts";
import { expectRefusal } from "../../test/refusal.ts";
import { ULTRASOUND, XRAY, settledVisit, supervisionRegion } from "./supervision.fixture.ts";

/** 高额医疗费用预警: assistance recipients whose personal cost of the year reaches a threshold. */
describe("early warning for assistance recipients", () => {
  let t: TestApp;
  let psn: string[] = [];
  beforeAll(async () => {
    t = await openTestApp(() => new Date("2026-06-01T02:00:00Z"));
    const persons = await supervisionRegion(t.handle.db, 3);
    psn = persons.map((p) => p.psn_no);
    for (const [i, p] of persons.entries()) {
      await settledVisit(t.handle.db, p.psn_no, "2026-03-01", ULTRASOUND, "120.00");
      await settledVisit(t.handle.db, p.psn_no, "2026-04-01", XRAY, `${100 + i}.00`);
    }
    // the first two receive assistance (低保, 特困); the third does not
    await t.handle.db
      .insertInto("assistance_categories")
      .values([
        { person_id: persons[0]!.id, category: "db", valid_from: "2025-01-01" },
        { person_id: persons[1]!.id, category: "tk", valid_from: "2026-02-01" },
        { person_id: persons[2]!.id, category: "db", valid_from: "2027-01-01" },
      ])
      .execute();
  });
  afterAll(async () => t?.close());

  const warnings = async (query: string) =>
    t.app.inject({
      method: "GET",
      url: `/api/v1/supervision/early-warnings?${query}`,
      headers: await t.auth("agency"),
    });

  it("lists recipients at or above the lowest threshold, with the highest reached and their settlements", async () => {
    const res = await warnings("year=2026&thresholds=220.50,200.00");
    expect(res.statusCode, res.body).toBe(200);
    const list = res.json();
    expect(list.map((w: { psnNo: string }) => w.psnNo)).toEqual([psn[1], psn[0]]);
    expect(list[0]).toMatchObject({ categories: ["tk"], personalCost: "221.00", threshold: "220.50" });
    expect(list[1]).toMatchObject({ categories: ["db"], personalCost: "220.00", threshold: "200.00" });
    expect(list[0].settlements.map((s: { medfee: string }) => s.medfee)).toEqual(["120.00", "101.00"]);
    expect(list[0].name).not.toBe("测试");
    expect((await warnings("year=2026&thresholds=221.01")).json()).toEqual([]);
  });

  it("refuses a threshold of zero", async () => {
    expectRefusal(await warnings("year=2026&thresholds=0.00"), "FIELD_INVALID", "thresholds");
  });
});
