import { divisionListProblems } from "@yibao/core/regions";
import { makeCertno } from "@yibao/core/registry";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { nhsaAnswer } from "../../test/nhsa-answer.ts";
import { type TestApp, openTestApp } from "../../test/test-app.ts";
import { HOSPITAL, insuredPerson, setupRegion } from "../settlement/settlement.fixture.ts";
import { readDivisionFile } from "./divisions.ts";

describe("the national division list (行政区划)", () => {
  it("holds the 31 provinces and their prefecture-level divisions, soundly", () => {
    const list = readDivisionFile();
    expect(divisionListProblems(list)).toEqual([]);
    const provinces = list.filter((d) => d.level === "province");
    expect(provinces).toHaveLength(31);
    expect(list).toHaveLength(373);
    for (const p of provinces)
      expect(
        list.some((d) => d.parent_code === p.code),
        p.name,
      ).toBe(true);
    const name = (code: string) => list.find((d) => d.code === code)?.name;
    expect([name("530000"), name("530100"), name("440300"), name("500200"), name("659000")]).toEqual([
      "云南省",
      "昆明市",
      "深圳市",
      "县",
      "自治区直辖县级行政区划",
    ]);
    // not pooled by the mainland's insurance; abolished codes are gone
    for (const code of ["710000", "810000", "820000", "371200"]) expect(name(code), code).toBeUndefined();
  });
});

describe("division codes at the NHSA edge and GET /divisions", () => {
  let t: TestApp;
  let person: { psn_no: string; certno: string };
  let serial = 0;
  const lookup = (envelope: Record<string, unknown>, certno: string) =>
    t.app
      .inject({
        method: "POST",
        url: "/fsi/api/fsiPsnInfoService/queryPsnInfo",
        payload: {
          infno: "1101",
          msgid: `${HOSPITAL}20260501093000${String(++serial).padStart(4, "0")}`,
          fixmedins_code: HOSPITAL,
          inf_time: "2026-05-01 09:30:00",
          ...envelope,
          input: { data: { mdtrt_cert_type: "02", mdtrt_cert_no: certno } },
        },
      })
      .then((r) => nhsaAnswer(r));

  beforeAll(async () => {
    t = await openTestApp(() => new Date("2026-05-01T01:30:00Z"));
    await setupRegion(t.handle.db);
    person = await insuredPerson(t.handle.db, 41);
  });
  afterAll(async () => t?.close());

  it("refuses an unknown province or prefecture by field, before anything else", async () => {
    const cases = [
      [{ mdtrtarea_admvs: "990000" }, "mdtrtarea_admvs", "province 990000"],
      [{ mdtrtarea_admvs: "530102", insuplc_admdvs: "539900" }, "insuplc_admdvs", "prefecture 539900"],
      [{ insuplc_admdvs: "719901" }, "insuplc_admdvs", "province 710000"],
      [{ mdtrtarea_admvs: "530001" }, "mdtrtarea_admvs", "prefecture 530000"],
    ] as const;
    for (const [envelope, field, part] of cases) {
      const a = await lookup(envelope, person.certno);
      expect(a.infcode, JSON.stringify(envelope)).toBe(-1);
      expect(a.err_msg).toMatch(/^\[NHSA_ADMDVS_UNKNOWN\] /);
      expect(a.err_msg).toContain(`${part} is not in the national division list`);
      expect(a.details).toMatchObject({ field });
    }
  });

  it("accepts a listed division this deployment does not host; who pays stays the registry's", async () => {
    // treated in a county of Kunming, insured (says the HIS) in Shenzhen, which is not hosted here
    const found = await lookup({ mdtrtarea_admvs: "530102", insuplc_admdvs: "440300" }, person.certno);
    expect(found.infcode, found.err_msg).toBe(0);
    expect(found.output.insuinfo[0]).toMatchObject({ insuplc_admdvs: "530100" });
    // a person insured there is not in this registry: the lookup's usual miss
    const stranger = await lookup({ insuplc_admdvs: "440300" }, makeCertno("440305", "19800101", 7));
    expect(stranger.err_msg).toMatch(/^\[NHSA_PERSON_NOT_FOUND\] /);
    // an empty code is still "not sent"
    expect((await lookup({ mdtrtarea_admvs: "", insuplc_admdvs: "" }, person.certno)).infcode).toBe(0);
  });

  it("lists the divisions for every operator, by level and province", async () => {
    const get = async (url: string, role: "institution" | "leader" = "institution") =>
      t.app.inject({
        method: "GET",
        url,
        headers: await t.auth(role, role === "institution" ? { fixmedinsCode: HOSPITAL } : {}),
      });
    const all = (await get("/api/v1/divisions")).json();
    expect(all).toHaveLength(373);
    expect(all[0]).toStrictEqual({ code: "110000", name: "北京市", level: "province", parent_code: null });
    const provinces = (await get("/api/v1/divisions?level=province", "leader")).json();
    expect(provinces).toHaveLength(31);
    const yunnan = (await get("/api/v1/divisions?parent=530000")).json();
    expect(yunnan).toHaveLength(16);
    expect(yunnan[0]).toStrictEqual({
      code: "530100",
      name: "昆明市",
      level: "prefecture",
      parent_code: "530000",
    });
    expect((await get("/api/v1/divisions?level=province&parent=530000")).json()).toEqual([]);
    const bad = await get("/api/v1/divisions?parent=53");
    expect(bad.statusCode).toBe(400);
    expect(bad.json().details).toMatchObject({ field: "parent" });
    expect((await t.app.inject({ method: "GET", url: "/api/v1/divisions" })).statusCode).toBe(401);
  });
});
