import { makeCertno, makeUscc } from "@yibao/core/registry";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TestApp, TEST_REGION, openTestApp } from "../../test/test-app.ts";

describe("registry API", () => {
  let t: TestApp;
  let agency: { authorization: string };
  const uscc = makeUscc("530102", 42);
  const post = (url: string, payload: unknown, headers = agency) =>
    t.app.inject({ method: "POST", url, payload: payload as object, headers });

  beforeAll(async () => {
    t = await openTestApp(() => new Date("2026-06-01T08:00:00Z"));
    agency = await t.auth("agency");
    await t.handle.db
      .insertInto("regions")
      .values({ code: "530400", name: "玉溪市", level: "city", parent_code: "530000" })
      .execute();
    expect(
      (await post("/api/v1/employers", { uscc, name: "滇池科技有限公司", regionCode: TEST_REGION }))
        .statusCode,
    ).toBe(201);
  });
  afterAll(async () => t?.close());

  async function person(seq: number, birth = "19800101") {
    const res = await post("/api/v1/persons", {
      certno: makeCertno("530102", birth, seq),
      name: "张三",
      phone: "13812345678",
      regionCode: TEST_REGION,
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().psn_no as string;
  }

  it("refuses bad ID numbers, unknown regions and bad credit codes, naming the field", async () => {
    const bad = await post("/api/v1/persons", {
      certno: "530102198001010011",
      name: "李四",
      regionCode: TEST_REGION,
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ code: "REG_CERTNO_CHECKSUM", details: { field: "certno" } });
    const region = await post("/api/v1/persons", {
      certno: makeCertno("530102", "19800101", 900),
      name: "李四",
      regionCode: "999999",
    });
    expect(region.json()).toMatchObject({ code: "REG_REGION_UNKNOWN", details: { field: "regionCode" } });
    const emp = await post("/api/v1/employers", {
      uscc: uscc.slice(0, 17) + (uscc[17] === "0" ? "1" : "0"),
      name: "x",
      regionCode: TEST_REGION,
    });
    expect(emp.json()).toMatchObject({ code: "REG_USCC_CHECKSUM", details: { field: "uscc" } });
    const count = await t.handle.db
      .selectFrom("persons")
      .select(({ fn }) => fn.countAll().as("n"))
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(0);
  });

  it("enrols once and refuses a duplicate naming the existing enrolment", async () => {
    const psnNo = await person(1);
    const first = await post("/api/v1/enrolments", {
      psnNo,
      insutype: "310",
      psnType: "1101",
      regionCode: TEST_REGION,
      employerUscc: uscc,
      startDate: "2026-01-01",
    });
    expect(first.statusCode, first.body).toBe(201);
    const dup = await post("/api/v1/enrolments", {
      psnNo,
      insutype: "390",
      psnType: "1501",
      regionCode: TEST_REGION,
      startDate: "2026-02-01",
    });
    expect(dup.statusCode).toBe(409);
    expect(dup.json()).toMatchObject({
      code: "REG_DUPLICATE_ENROLMENT",
      details: { existingEnrolmentId: first.json().id },
    });
    const wrongType = await post("/api/v1/enrolments", {
      psnNo: await person(2),
      insutype: "390",
      psnType: "1101",
      regionCode: TEST_REGION,
      startDate: "2026-01-01",
    });
    expect(wrongType.json()).toMatchObject({ code: "REG_PSN_TYPE_MISMATCH", details: { field: "psn_type" } });
  });

  it("keeps the status history and transfers with carried months", async () => {
    const psnNo = await person(3);
    const e = (
      await post("/api/v1/enrolments", {
        psnNo,
        insutype: "310",
        psnType: "1103",
        flexible: true,
        regionCode: TEST_REGION,
        startDate: "2024-01-15",
      })
    ).json();
    expect(
      (await post(`/api/v1/enrolments/${e.id}/status`, { status: "suspended", effectiveDate: "2025-03-01" }))
        .statusCode,
    ).toBe(200);
    expect(
      (await post(`/api/v1/enrolments/${e.id}/status`, { status: "active", effectiveDate: "2025-05-01" }))
        .statusCode,
    ).toBe(200);
    const tr = await post(`/api/v1/persons/${psnNo}/transfer`, { toRegion: "530400", date: "2026-01-15" });
    expect(tr.statusCode, tr.body).toBe(200);
    expect(tr.json().carriedMonths).toBe(24);
    const again = await post(`/api/v1/enrolments/${e.id}/status`, {
      status: "active",
      effectiveDate: "2026-02-01",
    });
    expect(again.json().code).toBe("REG_STATUS_TRANSITION");
    const detail = (
      await t.app.inject({ method: "GET", url: `/api/v1/persons/${psnNo}`, headers: agency })
    ).json();
    const old = detail.enrolments.find((x: { id: string }) => x.id === e.id);
    expect(old.history.map((h: { status: string }) => h.status)).toEqual([
      "active",
      "suspended",
      "active",
      "terminated",
    ]);
    expect(detail.enrolments.find((x: { id: string }) => x.id !== e.id)).toMatchObject({
      region_code: "530400",
      carried_months: 24,
    });
  });

  it("enrols a newborn linked to a parent", async () => {
    const parent = await person(4, "19900505");
    const res = await post(`/api/v1/persons/${parent}/newborns`, {
      certno: makeCertno("530102", "20260420", 7),
      name: "张小宝",
      startDate: "2026-04-20",
    });
    expect(res.statusCode, res.body).toBe(201);
    const row = await t.handle.db
      .selectFrom("enrolments")
      .selectAll()
      .where("id", "=", BigInt(res.json().enrolmentId))
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ insutype: "390", psn_type: "1401" });
  });

  it("pages persons with a cursor and masks personal data for leaders", async () => {
    const p1 = await t.app.inject({ method: "GET", url: "/api/v1/persons?limit=2", headers: agency });
    const page1 = p1.json();
    expect(page1.items).toHaveLength(2);
    const page2 = (
      await t.app.inject({
        method: "GET",
        url: `/api/v1/persons?limit=2&cursor=${page1.nextCursor}`,
        headers: agency,
      })
    ).json();
    expect(page2.items[0].psn_no).not.toBe(page1.items[1].psn_no);
    const leader = (
      await t.app.inject({ method: "GET", url: "/api/v1/persons?limit=1", headers: await t.auth("leader") })
    ).json();
    expect(leader.items[0].certno).toMatch(/^530102\*{8}\d{3}[\dX]$/);
    expect(leader.items[0].name).toBe("张*");
    const badCursor = await t.app.inject({
      method: "GET",
      url: "/api/v1/persons?cursor=zzz",
      headers: agency,
    });
    expect(badCursor.json().code).toBe("CURSOR_INVALID");
  });

  it("imports CSV all-or-nothing with a per-row report", async () => {
    const good = makeCertno("530103", "19850303", 11);
    const csv = [
      "certno,name,region_code,insutype,psn_type,flexible,start_date",
      `${good},王五,${TEST_REGION},390,1501,0,2026-01-01`,
      `530103198503030120,赵六,${TEST_REGION},390,1501,0,2026-01-01`,
      `${makeCertno("530103", "19850303", 13)},钱七,123456,390,1501,0,2026-01-01`,
    ].join("\n");
    const res = await t.app.inject({
      method: "POST",
      url: "/api/v1/imports/persons",
      payload: csv,
      headers: { ...agency, "content-type": "text/csv" },
    });
    expect(res.statusCode).toBe(400);
    const body = res.json();
    expect(body.code).toBe("REG_IMPORT_ROWS_INVALID");
    expect(body.details.errors).toEqual([
      expect.objectContaining({ row: 3, field: "certno", code: "REG_CERTNO_CHECKSUM" }),
      expect.objectContaining({ row: 4, field: "region_code", code: "REG_REGION_UNKNOWN" }),
    ]);
    expect(
      await t.handle.db.selectFrom("persons").select("id").where("certno", "=", good).executeTakeFirst(),
    ).toBeUndefined();
    const malformed = await t.app.inject({
      method: "POST",
      url: "/api/v1/imports/persons",
      payload: "certno,name\n1,2,3",
      headers: { ...agency, "content-type": "text/csv" },
    });
    expect(malformed.json().code).toBe("CSV_MALFORMED");
    const ok = await t.app.inject({
      method: "POST",
      url: "/api/v1/imports/persons",
      payload: csv.split("\n").slice(0, 2).join("\n"),
      headers: { ...agency, "content-type": "text/csv" },
    });
    expect(ok.json()).toMatchObject({ imported: 1, errors: [] });
  });

  it("records staff writes in the audit log", async () => {
    const rows = await t.handle.db
      .selectFrom("audit_log")
      .select(["action", "operator_login"])
      .where("action", "like", "enrolment.%")
      .execute();
    expect(rows.length).toBeGreaterThan(3);
    expect(rows.every((r) => r.operator_login.startsWith("t_agency"))).toBe(true);
  });
});
