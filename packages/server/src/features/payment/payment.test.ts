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
  .map((l) => JSON.parse(l));

describe("DRG liquidation through the server", () => {
  let t: TestApp;
  let answers: ReturnType<typeof watchAnswers>;
  beforeAll(async () => {
    t = await openTestApp();
    answers = watchAnswers(t.app);
    // three DRG hospitals and one paid by DIP
    const hospitals = ["H53010000001", "H53010000002", "H53010000003", "H53010000004"];
    await t.handle.db
      .insertInto("institutions")
      .values(
        hospitals.map((code, i) => ({
          code,
          name: `医院${i}`,
          kind: "hospital" as const,
          level: String(3 - (i % 3)) as "1",
          payment_method: i === 3 ? ("dip" as const) : ("drg" as const),
          region_code: TEST_REGION,
          agreement_from: "2020-01-01",
        })),
      )
      .execute();
    // The conformance inputs, with costs, spread over two years and three hospitals.
    const cases: CaseJson[] = SOURCE.map((c, i) => {
      const year = i % 2 === 0 ? 2025 : 2026;
      const cost = 3000 + ((i * 7919) % 40000);
      const day = String(1 + (i % 27)).padStart(2, "0");
      return {
        ...c,
        id: `K${i}`,
        fixmedins_code: hospitals[Math.floor(i / 2) % 4]!,
        psn_no: `P${i % 150}`,
        admission: `${year}-03-${day}`,
        discharge: `${year}-04-${day}`,
        cost: `${cost}.00`,
        fundPaid: `${Math.floor(cost * 0.7)}.00`,
      };
    });
    await importCases(t.handle.db, cases);
  });
  afterAll(async () => t?.close());

  it("groups, weighs and liquidates a year; amounts sum exactly to the budget; re-running gives the same figures", async () => {
    const agency = await t.auth("agency");
    const run = async () => {
      const res = await t.app.inject({
        method: "POST",
        url: "/api/v1/payment/liquidations",
        headers: agency,
        payload: { region: TEST_REGION, year: 2026, budget: "3000000.00", dipBudget: "900000.00" },
      });
      expect(res.statusCode, res.body).toBe(201);
      answers.expectWhole(res); // the response schema names all of it
      return res.json();
    };
    const first = await run();
    expect(first.totals.drgAmount).toBe("3000000.00");
    expect(first.dip).toMatchObject({ hospitals: 1, totals: { drgAmount: "900000.00" } });
    const again = await run();
    expect(again.pointValue).toBe(first.pointValue);
    expect(again.totals).toEqual(first.totals);
    const read = await t.app.inject({
      method: "GET",
      url: `/api/v1/payment/liquidations/${first.runId}`,
      headers: await t.auth("leader"),
    });
    answers.expectWhole(read);
    const detail = read.json();
    expect(detail.statements).toHaveLength(3); // the DRG run
    const cents = detail.statements.reduce(
      (s: bigint, x: { drgAmount: string }) => s + BigInt(x.drgAmount.replace(".", "")),
      0n,
    );
    expect(cents).toBe(300_000_000n);
    const grouped = await t.handle.db
      .selectFrom("drg_cases")
      .select("drg")
      .where("drg", "is", null)
      .execute();
    expect(grouped).toHaveLength(0);
    const stored = await t.handle.db
      .selectFrom("liquidation_statements")
      .select("cases")
      .where("run_id", "=", BigInt(first.runId))
      .execute();
    expect(stored.reduce((n, s) => n + (s.cases as unknown[]).length, 0)).toBeGreaterThan(200);
  });

  it("learns a DIP catalogue from the history year", async () => {
    const res = await t.app.inject({
      method: "GET",
      url: "/api/v1/payment/dip-catalogue?year=2025&coreThreshold=3",
      headers: await t.auth("leader"),
    });
    expect(res.statusCode, res.body).toBe(200);
    answers.expectWhole(res);
    const body = res.json();
    expect(body.groups.some((g: { kind: string }) => g.kind === "comprehensive")).toBe(true);
    expect(body.groups.reduce((n: number, g: { cases: number }) => n + g.cases, 0)).toBe(300);
  });

  it("pays per diem and capitation hospitals and advances a month", async () => {
    const db = t.handle.db;
    await db
      .insertInto("institutions")
      .values([
        {
          code: "H53010000015",
          name: "精神卫生中心",
          kind: "hospital",
          level: "2",
          payment_method: "per_diem",
          region_code: TEST_REGION,
          agreement_from: "2020-01-01",
        },
        {
          code: "H53010000017",
          name: "社区卫生服务中心",
          kind: "primary",
          level: "1",
          payment_method: "capitation",
          region_code: TEST_REGION,
          agreement_from: "2020-01-01",
        },
      ])
      .execute();
    await importCases(db, [
      {
        ...SOURCE[0],
        id: "PD1",
        fixmedins_code: "H53010000015",
        psn_no: "P1",
        admission: "2026-01-01",
        discharge: "2026-01-31",
        los: 30,
        cost: "9000.00",
        fundPaid: "6000.00",
      },
    ]);
    const agency = await t.auth("agency");
    const res = await t.app.inject({
      method: "POST",
      url: "/api/v1/payment/liquidations",
      headers: agency,
      payload: { region: TEST_REGION, year: 2026, budget: "3000000.00" },
    });
    expect(res.statusCode, res.body).toBe(201);
    answers.expectWhole(res);
    expect(res.json().others).toEqual([
      expect.objectContaining({ hospitals: 1, payable: "10500.00" }), // 30 bed-days x 350.00
      expect.objectContaining({ hospitals: 1 }),
    ]);
    const adv = await t.app.inject({
      method: "POST",
      url: "/api/v1/payment/advances",
      headers: agency,
      payload: { region: TEST_REGION, month: "2026-04", annualBudget: "1200000.00" },
    });
    expect(adv.statusCode, adv.body).toBe(201);
    answers.expectWhole(adv);
    expect(adv.json().total).toBe("90000.00"); // 1,200,000 / 12 x 90%
  });

  it("refuses a year without cases", async () => {
    const res = await t.app.inject({
      method: "POST",
      url: "/api/v1/payment/liquidations",
      headers: await t.auth("agency"),
      payload: { region: TEST_REGION, year: 2030, budget: "1.00" },
    });
    expect(res.json().code).toBe("PAY_NO_CASES");
  });
});
