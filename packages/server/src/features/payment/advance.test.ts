import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { watchAnswers } from "../../test/answer-shape.ts";
import { type TestApp, TEST_REGION, openTestApp } from "../../test/test-app.ts";
import { type CaseJson, importCases } from "./cases.import.ts";

const SOURCE = readFileSync(
  fileURLToPath(new URL("../../../../../conformance/drg/chs-drg-1.1.jsonl", import.meta.url)),
  "utf8",
)
  .trim()
  .split("\n")
  .slice(0, 160)
  .map((l) => JSON.parse(l));
const COUNTY = "530102";
// two DRG hospitals of the city, one of a county of it
const HOSPITALS: [string, string, "1" | "2" | "3"][] = [
  ["H53010000001", TEST_REGION, "3"],
  ["H53010000002", TEST_REGION, "2"],
  ["H53010000009", COUNTY, "2"],
];

/** Monthly DRG advances (月度预结算): once per hospital and month, and subtracted at year end. */
describe("monthly DRG advances", () => {
  let t: TestApp;
  let agency: { authorization: string };
  let shapes: ReturnType<typeof watchAnswers>;
  const advance = (month: string, annualBudget = "1200000.00", region = TEST_REGION) =>
    t.app.inject({
      method: "POST",
      url: "/api/v1/payment/advances",
      headers: agency,
      payload: { region, month, annualBudget },
    });

  beforeAll(async () => {
    t = await openTestApp();
    shapes = watchAnswers(t.app);
    agency = await t.auth("agency");
    const db = t.handle.db;
    await db
      .insertInto("regions")
      .values({ code: COUNTY, name: "五华区", level: "county", parent_code: TEST_REGION })
      .execute();
    await db
      .insertInto("institutions")
      .values(
        HOSPITALS.map(([code, region, level]) => ({
          code,
          name: code,
          kind: "hospital" as const,
          level,
          payment_method: "drg" as const,
          region_code: region,
          agreement_from: "2020-01-01",
        })),
      )
      .execute();
    // 2025 for the weights; 2026 discharged in March and April
    const cases: CaseJson[] = SOURCE.map((c, i) => {
      const year = i % 2 === 0 ? 2025 : 2026;
      const month = i % 4 < 2 ? "03" : "04";
      const day = String(1 + (i % 27)).padStart(2, "0");
      const cost = 3000 + ((i * 7919) % 20000);
      return {
        ...c,
        id: `A${i}`,
        fixmedins_code: HOSPITALS[i % 3]![0],
        psn_no: `P${i}`,
        admission: `${year}-${month}-${day}`,
        discharge: `${year}-${month}-${day}`,
        cost: `${cost}.00`,
        fundPaid: `${Math.floor(cost * 0.7)}.00`,
      };
    });
    await importCases(db, cases);
  });
  afterAll(async () => t?.close());

  it("advances a month once: a repeat answers the first, other budgets and overlapping regions are refused", async () => {
    const first = await advance("2026-03");
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json()).toMatchObject({ total: "90000.00", replayed: false }); // 1,200,000 / 12 x 90%
    expect(first.json().hospitals.map((h: { fixmedins_code: string }) => h.fixmedins_code)).toEqual(
      HOSPITALS.map(([code]) => code),
    );
    const again = await advance("2026-03");
    expect(again.statusCode).toBe(200);
    shapes.expectWhole(first);
    shapes.expectWhole(again);
    expect(again.json()).toEqual({ ...first.json(), replayed: true });
    const other = await advance("2026-03", "2400000.00");
    expect(other.statusCode).toBe(409);
    expect(other.json()).toMatchObject({
      code: "PAY_ADVANCE_EXISTS",
      details: { field: "annualBudget", runId: first.json().runId },
    });
    // the county's hospital had its March advance with the city's
    const county = await advance("2026-03", "100000.00", COUNTY);
    expect(county.json()).toMatchObject({
      code: "PAY_ADVANCE_EXISTS",
      details: { field: "region", fixmedins_code: "H53010000009" },
    });
    expect((await advance("2026-07")).json()).toMatchObject({
      code: "PAY_NO_CASES",
      details: { field: "month" },
    });
  });

  it("pays a month once when copies of the request arrive at once", async () => {
    const answers = await Promise.all(Array.from({ length: 8 }, () => advance("2026-04")));
    expect(answers.filter((r) => r.statusCode === 201)).toHaveLength(1);
    for (const r of answers) expect(r.json().runId, JSON.stringify(r.json())).toBe(answers[0]!.json().runId);
    const runs = await t.handle.db
      .selectFrom("liquidation_runs")
      .select("id")
      .where("method", "=", "advance")
      .where("period", "=", "2026-04")
      .execute();
    expect(runs).toHaveLength(1);
    const rows = await t.handle.db
      .selectFrom("drg_advances")
      .selectAll()
      .where("month", "=", "2026-04")
      .execute();
    expect(rows.reduce((s, r) => s + r.amount, 0n)).toBe(9_000_000n);
  });

  it("subtracts the advances paid from what the liquidation owes each hospital", async () => {
    const advanced = new Map<string, bigint>();
    for (const r of await t.handle.db.selectFrom("drg_advances").selectAll().execute())
      advanced.set(r.institution_code, (advanced.get(r.institution_code) ?? 0n) + r.amount);
    const res = await t.app.inject({
      method: "POST",
      url: "/api/v1/payment/liquidations",
      headers: agency,
      payload: { region: TEST_REGION, year: 2026, budget: "3000000.00" },
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().totals.advances).toBe("180000.00"); // two months of 90,000.00
    const detail = await t.app.inject({
      method: "GET",
      url: `/api/v1/payment/liquidations/${res.json().runId}`,
      headers: agency,
    });
    const fen = (yuan: string) => BigInt(yuan.replace(".", ""));
    for (const s of detail.json().statements as {
      fixmedins_code: string;
      payable: string;
      advances: string;
      balanceDue: string;
    }[]) {
      expect(fen(s.advances)).toBe(advanced.get(s.fixmedins_code));
      expect(fen(s.balanceDue)).toBe(fen(s.payable) - fen(s.advances));
    }
    expect(detail.json().statements).toHaveLength(3);
  });
});
