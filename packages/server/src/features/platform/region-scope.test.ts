import { makeCertno, makeUscc } from "@yibao/core/registry";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "../../audit/audit.ts";
import { type TestApp, openTestApp } from "../../test/test-app.ts";
import { insertEnrolment } from "../registry/enrolment.service.ts";
import { insertPerson } from "../registry/person.service.ts";
import { HOSPITAL, settleOnce, setupRegion } from "../settlement/settlement.fixture.ts";
import { regionScope } from "./region-scope.ts";

const WUHUA = "530102"; // 五华区, a county of the city 530100
const PANLONG = "530103"; // 盘龙区

describe("operators see and change only their region's rows", () => {
  let t: TestApp;
  let county: { authorization: string };
  let city: { authorization: string };
  const persons: Record<string, { psn_no: string; id: bigint; enrolmentId: bigint }> = {};
  const get = (url: string, headers: { authorization: string }) =>
    t.app
      .inject({ method: "GET", url: `/api/v1${url}`, headers })
      .then((r) => ({ status: r.statusCode, body: r.json() }));
  const post = (url: string, payload: unknown, headers = county, method: "POST" | "PATCH" = "POST") =>
    t.app
      .inject({ method, url: `/api/v1${url}`, headers, payload: payload as object })
      .then((r) => ({ status: r.statusCode, body: r.json() }));
  const psnNos = (body: { items: { psn_no: string }[] }) => body.items.map((p) => p.psn_no).sort();

  beforeAll(async () => {
    t = await openTestApp(() => new Date("2026-05-01T01:30:00Z"));
    await setupRegion(t.handle.db);
    await t.handle.db
      .insertInto("regions")
      .values([
        { code: WUHUA, name: "五华区", level: "county", parent_code: "530100" },
        { code: PANLONG, name: "盘龙区", level: "county", parent_code: "530100" },
      ])
      .execute();
    let seq = 0;
    for (const [key, region] of [
      ["wuhua", WUHUA],
      ["panlong", PANLONG],
      ["city", "530100"],
    ] as const) {
      persons[key] = await t.handle.db.transaction().execute(async (trx) => {
        const p = await insertPerson(
          trx,
          SYSTEM_ACTOR,
          { certno: makeCertno(region, "19800101", ++seq), name: "测试", regionCode: region },
          "2026-01-01",
        );
        const e = await insertEnrolment(trx, SYSTEM_ACTOR, {
          psnNo: p.psn_no,
          insutype: "310",
          psnType: "1101",
          flexible: true,
          regionCode: region,
          startDate: "2025-01-01",
        });
        await trx
          .updateTable("enrolments")
          .set({ benefit_start_date: "2025-01-01" })
          .where("id", "=", e.id)
          .execute();
        await trx
          .insertInto("contribution_assessments")
          .values({
            enrolment_id: e.id,
            person_id: p.id,
            employer_id: null,
            kind: "employee",
            period: "2026",
            base: 0n,
            employer_amount: 0n,
            individual_amount: 40_000n,
            assistance_amount: 0n,
            government_subsidy: 0n,
            total: 40_000n,
            account_credit: 0n,
            coverage_start: "2026-01-01",
          })
          .execute();
        return { psn_no: p.psn_no, id: p.id, enrolmentId: e.id };
      });
    }
    await t.handle.db
      .insertInto("employers")
      .values([
        { uscc: makeUscc(WUHUA, 1), name: "五华公司", region_code: WUHUA },
        { uscc: makeUscc(PANLONG, 2), name: "盘龙公司", region_code: PANLONG },
      ])
      .execute();
    await t.handle.db
      .insertInto("institutions")
      .values([
        {
          code: "H53010200001",
          name: "五华医院",
          kind: "hospital",
          level: "2",
          region_code: WUHUA,
          agreement_from: "2020-01-01",
        },
        {
          code: "H53010300001",
          name: "盘龙医院",
          kind: "hospital",
          level: "2",
          region_code: PANLONG,
          agreement_from: "2020-01-01",
        },
      ])
      .execute();
    county = await t.auth("agency", { regionCode: WUHUA });
    city = await t.auth("agency", { regionCode: "530100" });
  });
  afterAll(async () => t?.close());

  it("computes scopes: a county itself, a city with its counties, everything for the system and a region-less admin", async () => {
    const actor = (role: "agency" | "admin" | "auditor", regionCode: string | null) => ({
      ...SYSTEM_ACTOR,
      role,
      regionCode,
    });
    expect([...(await regionScope(t.handle.db, actor("agency", WUHUA)))!]).toEqual([WUHUA]);
    expect([...(await regionScope(t.handle.db, actor("agency", "530100")))!].sort()).toEqual([
      "530100",
      WUHUA,
      PANLONG,
    ]);
    expect(await regionScope(t.handle.db, actor("admin", null))).toBeNull();
    expect(await regionScope(t.handle.db, SYSTEM_ACTOR)).toBeNull();
    expect((await regionScope(t.handle.db, actor("auditor", null)))!.size).toBe(0); // deny by default
  });

  it("lists persons, employers, institutions, arrears and settlements of the county only; a city sees all", async () => {
    await settleOnce(t.handle.db, persons.wuhua!.psn_no, "100.00");
    await settleOnce(t.handle.db, persons.panlong!.psn_no, "100.00");
    expect(psnNos((await get("/persons", county)).body)).toEqual([persons.wuhua!.psn_no]);
    expect(psnNos((await get("/persons", city)).body)).toHaveLength(3);
    expect(
      (await get("/employers", county)).body.items.map((e: { region_code: string }) => e.region_code),
    ).toEqual([WUHUA]);
    expect((await get("/employers", city)).body.items).toHaveLength(2);
    expect((await get("/institutions", county)).body.map((i: { code: string }) => i.code)).toEqual([
      "H53010200001",
    ]);
    expect((await get("/institutions", city)).body.map((i: { code: string }) => i.code)).toContain(HOSPITAL);
    expect(psnNos((await get("/contributions/arrears", county)).body)).toEqual([persons.wuhua!.psn_no]);
    expect(psnNos((await get("/contributions/arrears", city)).body)).toHaveLength(3);
    expect(psnNos((await get("/settlements", county)).body)).toEqual([persons.wuhua!.psn_no]);
    expect(psnNos((await get("/settlements", city)).body)).toHaveLength(2);
    const admin = await t.auth("admin", { regionCode: null });
    expect(psnNos((await get("/persons", admin)).body)).toHaveLength(3);
    const leader = await t.auth("leader", { regionCode: PANLONG });
    expect(psnNos((await get("/persons", leader)).body)).toEqual([persons.panlong!.psn_no]);
  });

  it("answers another county's person as unknown, in every route that reads or changes one", async () => {
    const other = persons.panlong!.psn_no;
    for (const url of [
      `/persons/${other}`,
      `/persons/${other}/account`,
      `/persons/${persons.city!.psn_no}`,
    ]) {
      expect((await get(url, county)).body, url).toMatchObject({ code: "REG_PERSON_UNKNOWN" });
    }
    expect((await get(`/persons/${other}`, city)).status).toBe(200);
    expect((await get(`/persons/${persons.wuhua!.psn_no}/account`, county)).status).toBe(200);
    expect(
      (await get(`/persons?certno=${makeCertno(PANLONG, "19800101", 2)}`, county)).body.items,
    ).toHaveLength(0);
    const refused = [
      await post(`/persons/${other}/contact`, { phone: "13800000000" }, county, "PATCH"),
      await post(`/persons/${other}/transfer`, { toRegion: WUHUA, date: "2026-05-01" }),
      await post(`/persons/${other}/newborns`, {
        certno: makeCertno(PANLONG, "20260401", 5),
        name: "宝宝",
        startDate: "2026-04-01",
      }),
      await post("/enrolments", {
        psnNo: other,
        insutype: "390",
        psnType: "1501",
        regionCode: WUHUA,
        startDate: "2026-01-01",
      }),
    ];
    for (const r of refused) expect(r.body.code).toBe("REG_PERSON_UNKNOWN");
    const status = await post(`/enrolments/${persons.panlong!.enrolmentId}/status`, {
      status: "suspended",
      effectiveDate: "2026-05-01",
    });
    expect(status.body.code).toBe("REG_ENROLMENT_UNKNOWN");
    const log = await t.handle.db
      .selectFrom("person_access_log")
      .selectAll()
      .where("result", "=", "out_of_scope")
      .execute();
    expect(log.map((l) => l.person_id)).toEqual(
      expect.arrayContaining([persons.panlong!.id, persons.city!.id]),
    );
    expect(log.map((l) => l.credential_type)).toEqual(expect.arrayContaining(["psn_no", "certno"]));
  });

  it("refuses writes naming a region outside the county, and takes those inside it", async () => {
    const outside = [
      await post("/persons", {
        certno: makeCertno(PANLONG, "19900101", 7),
        name: "张三",
        regionCode: PANLONG,
      }),
      await post("/employers", { uscc: makeUscc(PANLONG, 9), name: "新公司", regionCode: PANLONG }),
      await post("/institutions", {
        code: "H53010300009",
        name: "新医院",
        kind: "hospital",
        level: "1",
        regionCode: PANLONG,
        agreementFrom: "2026-01-01",
      }),
      await post("/enrolments", {
        psnNo: persons.wuhua!.psn_no,
        insutype: "390",
        psnType: "1501",
        regionCode: PANLONG,
        startDate: "2026-01-01",
      }),
    ];
    for (const r of outside)
      expect(r).toMatchObject({
        status: 403,
        body: { code: "REGION_OUT_OF_SCOPE", details: { field: "regionCode" } },
      });
    expect(
      (await post("/persons", { certno: makeCertno(WUHUA, "19900101", 8), name: "李四", regionCode: WUHUA }))
        .status,
    ).toBe(201);
    expect(
      (await post(`/persons/${persons.wuhua!.psn_no}/contact`, { phone: "13800000000" }, county, "PATCH"))
        .status,
    ).toBe(200);
    // a transfer out of the county is the county's to make
    const out = await post(`/persons/${persons.wuhua!.psn_no}/transfer`, {
      toRegion: PANLONG,
      date: "2026-05-01",
    });
    expect(out.status, JSON.stringify(out.body)).toBe(200);
  });

  it("checks every row of an import against the county", async () => {
    const csv = (rows: string[]) =>
      t.app.inject({
        method: "POST",
        url: "/api/v1/imports/persons",
        headers: { ...county, "content-type": "text/csv" },
        payload: ["certno,name,region_code", ...rows].join("\n"),
      });
    const res = (
      await csv([
        `${makeCertno(WUHUA, "19910101", 1)},王五,${WUHUA}`,
        `${makeCertno(PANLONG, "19910101", 2)},赵六,${PANLONG}`,
      ])
    ).json();
    expect(res.code).toBe("REG_IMPORT_ROWS_INVALID");
    expect(res.details.errors).toEqual([
      expect.objectContaining({ row: 3, field: "region_code", code: "REGION_OUT_OF_SCOPE" }),
    ]);
    const assistance = await t.app.inject({
      method: "POST",
      url: "/api/v1/imports/assistance",
      headers: { ...county, "content-type": "text/csv" },
      payload: `certno,category,valid_from\n${makeCertno(PANLONG, "19800101", 2)},db,2026-01-01`,
    });
    expect(assistance.json().details.errors).toEqual([
      expect.objectContaining({ row: 2, code: "REG_PERSON_UNKNOWN" }),
    ]);
  });
});
