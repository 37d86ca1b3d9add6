import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TestApp, TEST_REGION, openTestApp } from "../../test/test-app.ts";

describe("catalogue and policies", () => {
  let t: TestApp;
  let agency: { authorization: string };
  const csv = (lines: string[]) =>
    ["code,name,kind,chrgitm_type,class,self_pay_ratio,price_cap,valid_from,valid_to,setting", ...lines].join(
      "\n",
    );
  const upload = (body: string) =>
    t.app.inject({
      method: "POST",
      url: "/api/v1/catalogue/imports",
      payload: body,
      headers: { ...agency, "content-type": "text/csv" },
    });

  beforeAll(async () => {
    t = await openTestApp(() => new Date("2026-06-01T00:00:00Z"));
    agency = await t.auth("agency");
  });
  afterAll(async () => t?.close());

  it("imports versions; a bill date picks the version in force", async () => {
    expect(
      (
        await upload(
          csv([
            "XA01,阿莫西林胶囊,drug,09,A,,,2025-01-01,,",
            "XB02,依那普利片,drug,09,B,0.1000,15.00,2025-01-01,,outpatient",
          ]),
        )
      ).json(),
    ).toEqual({ imported: 2 });
    expect((await upload(csv(["XA01,阿莫西林胶囊,drug,09,B,0.0500,,2026-03-01,,"]))).json()).toEqual({
      imported: 1,
    });
    const old = (
      await t.app.inject({ method: "GET", url: "/api/v1/catalogue?q=XA01&date=2026-01-15", headers: agency })
    ).json();
    const now = (
      await t.app.inject({ method: "GET", url: "/api/v1/catalogue?q=XA01", headers: agency })
    ).json();
    expect(old.items).toEqual([expect.objectContaining({ chrgitm_lv: "01", valid_to: "2026-02-28" })]);
    expect(now.items).toEqual([expect.objectContaining({ chrgitm_lv: "02", selfpay_prop: "0.0500" })]);
  });

  it("refuses bad rows naming the field, writing nothing", async () => {
    const res = await upload(
      csv([
        "XC03,x,drug,09,D,,,2025-01-01,,",
        "XC04,y,drug,99,A,,,2025-01-01,,",
        "XC05,z,drug,09,A,,-1,2025-01-01,,",
      ]),
    );
    expect(res.statusCode).toBe(400);
    expect(
      res.json().details.errors.map((e: { row: number; field: string }) => `${e.row}:${e.field}`),
    ).toEqual(["2:class", "3:chrgitm_type", "4:price_cap"]);
    expect(
      (await t.app.inject({ method: "GET", url: "/api/v1/catalogue?q=XC03", headers: agency })).json().items,
    ).toEqual([]);
  });

  it("stores policy versions and refuses an invalid one with its field", async () => {
    const policy = {
      insutype: "390",
      med_type: "11",
      deductible: { scope: "annual", byLevel: { "1": "0.00", "2": "100.00", "3": "200.00" } },
      pool: { ratioByLevel: { "1": "0.6000", "2": "0.5000", "3": "0.4000" }, annualCap: "600.00" },
    };
    const ok = await t.app.inject({
      method: "POST",
      url: `/api/v1/policies/${TEST_REGION}/2026`,
      payload: policy,
      headers: agency,
    });
    expect(ok.statusCode, ok.body).toBe(201);
    const bad = await t.app.inject({
      method: "POST",
      url: `/api/v1/policies/${TEST_REGION}/2026`,
      payload: {
        ...policy,
        pool: { ...policy.pool, ratioByLevel: { "1": "1.5000", "2": "0.5", "3": "0.4" } },
      },
      headers: agency,
    });
    expect(bad.json()).toMatchObject({
      code: "POLICY_RATIO_RANGE",
      details: { field: "policy.pool.ratioByLevel.1" },
    });
    const got = (
      await t.app.inject({
        method: "GET",
        url: `/api/v1/policies/${TEST_REGION}/2026/390/11`,
        headers: agency,
      })
    ).json();
    expect(got).toMatchObject({ version: 1, document: policy });
  });

  it("lists a region's policies of a year, every version, the latest in force", async () => {
    const policy = {
      insutype: "310",
      med_type: "11",
      deductible: { scope: "annual", byLevel: { "1": "0.00", "2": "100.00", "3": "200.00" } },
      pool: { ratioByLevel: { "1": "0.8000", "2": "0.7000", "3": "0.6000" }, annualCap: "3000.00" },
    };
    const second = { ...policy, pool: { ...policy.pool, annualCap: "4000.00" } };
    for (const doc of [policy, second]) {
      const r = await t.app.inject({
        method: "POST",
        url: `/api/v1/policies/${TEST_REGION}/2027`,
        payload: doc,
        headers: agency,
      });
      expect(r.statusCode, r.body).toBe(201);
    }
    const res = await t.app.inject({
      method: "GET",
      url: `/api/v1/policies/${TEST_REGION}/2027`,
      headers: await t.auth("leader"),
    });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ region: TEST_REGION, year: 2027 });
    expect(
      body.items.map((i: Record<string, unknown>) => [i.insutype, i.medType, i.version, i.inForce]),
    ).toEqual([
      ["310", "11", 2, true],
      ["310", "11", 1, false],
    ]);
    expect(body.items[0].document).toMatchObject({ pool: { annualCap: "4000.00" } });
    expect(body.items[1].document).toMatchObject({ pool: { annualCap: "3000.00" } });
    expect(body.items[0].createdBy).toBeTruthy();
    // another year: none of its own
    const none = await t.app.inject({
      method: "GET",
      url: `/api/v1/policies/${TEST_REGION}/2030`,
      headers: agency,
    });
    expect(none.json().items).toEqual([]);
  });
});
