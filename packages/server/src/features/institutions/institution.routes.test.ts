import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { watchAnswers } from "../../test/answer-shape.ts";
import { type TestApp, TEST_REGION, openTestApp } from "../../test/test-app.ts";

describe("institution routes", () => {
  let t: TestApp;
  let answers: ReturnType<typeof watchAnswers>;
  beforeAll(async () => {
    t = await openTestApp(() => new Date("2026-05-01T01:00:00Z"));
    answers = watchAnswers(t.app);
    await t.handle.db
      .insertInto("regions")
      .values({ code: "530400", name: "玉溪市", level: "city", parent_code: "530000" })
      .execute();
  });
  afterAll(async () => t?.close());

  const create = async (code: string, regionCode: string, extra: object = {}) =>
    t.app.inject({
      method: "POST",
      url: "/api/v1/institutions",
      headers: await t.auth("agency", { regionCode: "530000" }),
      payload: {
        code,
        name: "昆明市第一人民医院",
        kind: "hospital",
        level: "3",
        regionCode,
        agreementFrom: "2026-01-01",
        ...extra,
      },
    });

  it("registers an institution and answers the whole stored row", async () => {
    const res = await create("H53010000101", TEST_REGION, {
      paymentMethod: "dip",
      agreementTo: "2028-12-31",
    });
    expect(res.statusCode, res.body).toBe(201);
    answers.expectWhole(res);
    const body = res.json();
    expect(Object.keys(body).sort()).toEqual(
      [
        "active",
        "agreement_from",
        "agreement_to",
        "code",
        "created_at",
        "kind",
        "level",
        "name",
        "payment_method",
        "region_code",
      ].sort(),
    );
    expect(body).toMatchObject({
      code: "H53010000101",
      kind: "hospital",
      level: "3",
      region_code: TEST_REGION,
      payment_method: "dip",
      agreement_from: "2026-01-01",
      agreement_to: "2028-12-31",
      active: true,
    });
    expect(Number.isNaN(Date.parse(body.created_at))).toBe(false);
    const audit = await t.handle.db
      .selectFrom("audit_log")
      .select("action")
      .where("entity_id", "=", "H53010000101")
      .execute();
    expect(audit.map((a) => a.action)).toEqual(["institution.create"]);
  });

  it("refuses a second registration of the code, and an agreement that ends before it starts", async () => {
    const again = await create("H53010000101", TEST_REGION);
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: "REG_INSTITUTION_EXISTS", details: { field: "code" } });
    const backwards = await create("H53010000102", TEST_REGION, { agreementTo: "2025-12-31" });
    expect(backwards.json()).toMatchObject({ code: "REG_DATE_ORDER", details: { field: "agreementTo" } });
    const n = await t.handle.db.selectFrom("institutions").select("code").execute();
    expect(n.map((r) => r.code)).toEqual(["H53010000101"]);
  });

  it("lists the institutions of the operator's regions, whole rows by code", async () => {
    expect((await create("H53040000001", "530400")).statusCode).toBe(201);
    const list = async (regionCode: string) =>
      t.app.inject({
        method: "GET",
        url: "/api/v1/institutions",
        headers: await t.auth("auditor", { regionCode }),
      });
    const all = await list("530000");
    answers.expectWhole(all);
    expect(all.json().map((i: { code: string }) => i.code)).toEqual(["H53010000101", "H53040000001"]);
    const kunming = await list(TEST_REGION);
    expect(kunming.json().map((i: { code: string }) => i.code)).toEqual(["H53010000101"]);
  });

  it("is known to the gateway at once", async () => {
    const res = await t.app.inject({
      method: "POST",
      url: "/fsi/api/rsfComIfsService/callService",
      payload: {
        infno: "9001",
        msgid: "H53040000001202605010930000001",
        fixmedins_code: "H53040000001",
        inf_time: "2026-05-01 09:30:00",
        input: { signIn: { opter_no: "001" } },
      },
    });
    expect(res.json()).toMatchObject({ infcode: 0 });
  });
});
