import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { aCursor, aTime, answer } from "../../test/answer-shapes.ts";
import { type TestApp, TEST_REGION, openTestApp } from "../../test/test-app.ts";
import { OUTPATIENT_POLICY } from "../settlement/settlement.fixture.ts";

/**
 * The full answer of every route of catalogue.routes.ts, property by property: with a response
 * schema Fastify writes only the properties it names, so a forgotten one would silently go missing.
 */
describe("catalogue and policy answers", () => {
  let t: TestApp;
  let agency: { authorization: string };
  const call = (method: "GET" | "POST", url: string, payload?: unknown) =>
    answer(t, { method, url, headers: agency, payload: payload as object });

  beforeAll(async () => {
    t = await openTestApp(() => new Date("2026-06-01T08:00:00Z"));
    agency = await t.auth("agency");
    await t.handle.db
      .insertInto("regions")
      .values({ code: "530102", name: "五华区", level: "county", parent_code: TEST_REGION })
      .execute();
  });
  afterAll(async () => t?.close());

  it("answers an import and the entries, with and without restrictions", async () => {
    const imported = await answer(t, {
      method: "POST",
      url: "/api/v1/catalogue/imports",
      headers: { ...agency, "content-type": "text/csv" },
      payload:
        "code,name,kind,chrgitm_type,class,valid_from,valid_to,self_pay_ratio,price_cap,sex,age_min,age_max,levels,setting,max_per_day\n" +
        "C1,阿莫西林胶囊,drug,09,A,2026-01-01,,,,,,,,,\n" +
        "C2,检查,service,02,B,2026-01-01,2026-12-31,0.1,25.50,2,18,60,2|3,inpatient,2\n",
    });
    expect(imported.body).toStrictEqual({ imported: 2 });
    const first = await call("GET", "/api/v1/catalogue?limit=1");
    expect(first.body).toStrictEqual({
      items: [
        {
          med_list_codg: "C1",
          name: "阿莫西林胶囊",
          kind: "drug",
          med_chrgitm_type: "09",
          chrgitm_lv: "01",
          selfpay_prop: "0.0000",
          pric_uplmt_amt: null,
          restrictions: {},
          valid_from: "2026-01-01",
          valid_to: null,
        },
      ],
      nextCursor: aCursor,
    });
    const found = await call("GET", "/api/v1/catalogue?q=检查&date=2026-05-01");
    expect(found.body).toStrictEqual({
      items: [
        {
          med_list_codg: "C2",
          name: "检查",
          kind: "service",
          med_chrgitm_type: "02",
          chrgitm_lv: "02",
          selfpay_prop: "0.1000",
          pric_uplmt_amt: "25.500000",
          restrictions: {
            sex: "2",
            ageMin: 18,
            ageMax: 60,
            levels: ["2", "3"],
            setting: "inpatient",
            maxPerDay: "2",
          },
          valid_from: "2026-01-01",
          valid_to: "2026-12-31",
        },
      ],
      nextCursor: null,
    });
  });

  it("answers a new policy version, the policy, and a policy inherited from the parent region", async () => {
    const stored = await call("POST", `/api/v1/policies/${TEST_REGION}/2026`, OUTPATIENT_POLICY);
    expect(stored).toMatchObject({ status: 201 });
    expect(stored.body).toStrictEqual({ version: 1 });
    const policy = await call("GET", `/api/v1/policies/${TEST_REGION}/2026/310/11`);
    expect(policy.body).toStrictEqual({
      region: TEST_REGION,
      year: 2026,
      version: 1,
      document: OUTPATIENT_POLICY,
      createdBy: expect.stringMatching(/^t_agency_/),
      createdAt: aTime,
    });
    const inherited = await call("GET", "/api/v1/policies/530102/2026/310/11");
    expect(inherited.body).toStrictEqual({ region: "530102", inherited: true });
  });
});
