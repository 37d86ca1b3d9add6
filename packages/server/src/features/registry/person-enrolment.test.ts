import { makeCertno, makeUscc } from "@yibao/core/registry";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectRefusal, rowCounts } from "../../test/refusal.ts";
import { type TestApp, TEST_REGION, openTestApp } from "../../test/test-app.ts";

/** POST /person-enrolments: 参保登记 of a new person, person and enrolment in one transaction. */
describe("person-enrolments API", () => {
  let t: TestApp;
  let agency: { authorization: string };
  const uscc = makeUscc("530102", 71);
  const post = (payload: object, headers = agency) =>
    t.app.inject({ method: "POST", url: "/api/v1/person-enrolments", payload, headers });
  const TABLES = ["persons", "enrolments", "enrolment_status_history", "personal_accounts"];
  const body = (seq: number, extra: object = {}) => ({
    certno: makeCertno("530102", "19850315", seq),
    name: "王五",
    phone: "13812345678",
    householdNo: "HH-1",
    regionCode: TEST_REGION,
    insutype: "310",
    psnType: "1101",
    employerUscc: uscc,
    startDate: "2026-03-01",
    ...extra,
  });

  beforeAll(async () => {
    t = await openTestApp(() => new Date("2026-06-01T08:00:00Z"));
    agency = await t.auth("agency");
    const emp = await t.app.inject({
      method: "POST",
      url: "/api/v1/employers",
      payload: { uscc, name: "滇池科技有限公司", regionCode: TEST_REGION },
      headers: agency,
    });
    expect(emp.statusCode, emp.body).toBe(201);
  });
  afterAll(async () => t?.close());

  it("registers and enrols in one request: the person page shows the enrolment, both are audited", async () => {
    const res = await post(body(11));
    expect(res.statusCode, res.body).toBe(201);
    const r = res.json() as {
      person: { psn_no: string; gender: string; birth_date: string };
      enrolment: { insutype: string; psn_type: string; status: string; person_id: string };
    };
    // gender and birth date come from the ID number (seq 011: odd, male)
    expect(r.person).toMatchObject({ gender: "1", birth_date: "1985-03-15" });
    expect(r.enrolment).toMatchObject({ insutype: "310", psn_type: "1101", status: "active" });
    const detail = await t.app.inject({ url: `/api/v1/persons/${r.person.psn_no}`, headers: agency });
    expect(detail.json().enrolments.map((e: { id: string }) => e.id)).toEqual([
      (r.enrolment as unknown as { id: string }).id,
    ]);
    expect(detail.json().accountBalance).toBe("0.00"); // 310 opens the personal account
    const audit = await t.handle.db
      .selectFrom("audit_log")
      .select(["action", "entity_id"])
      .where("action", "in", ["person.create", "enrolment.create"])
      .orderBy("id")
      .execute();
    expect(audit.map((a) => a.action)).toEqual(["person.create", "enrolment.create"]);
  });

  it("a refused enrolment leaves no person behind, and names the body's field", async () => {
    const before = await rowCounts(t.handle.db, TABLES);
    // a 1985-born person is not a student (1403, 5-20 years): the person part alone would pass
    expectRefusal(await post(body(13, { insutype: "390", psnType: "1403" })), "REG_PSN_TYPE_AGE", "psnType");
    expectRefusal(await post(body(13, { psnType: "1501" })), "REG_PSN_TYPE_MISMATCH", "psnType");
    expectRefusal(await post(body(13, { insutype: "320" })), "REG_INSUTYPE_UNKNOWN", "insutype");
    expectRefusal(await post(body(13, { employerUscc: undefined })), "REG_EMPLOYER_REQUIRED", "employerUscc");
    expectRefusal(
      await post(body(13, { employerUscc: makeUscc("530102", 72) })),
      "REG_EMPLOYER_UNKNOWN",
      "employerUscc",
    );
    expectRefusal(await post(body(13, { startDate: "2026-02-30" })), "DATE_INVALID", "startDate");
    expect(await rowCounts(t.handle.db, TABLES)).toEqual(before);
  });

  it("refuses a bad or registered ID number and an unknown region, writing nothing", async () => {
    const before = await rowCounts(t.handle.db, TABLES);
    const good = body(15).certno;
    const bad = good.slice(0, 17) + (good[17] === "0" ? "1" : "0");
    expectRefusal(await post(body(15, { certno: bad })), "REG_CERTNO_CHECKSUM", "certno");
    expectRefusal(await post(body(15, { regionCode: "999999" })), "REG_REGION_UNKNOWN", "regionCode");
    expectRefusal(await post(body(15, { name: " " })), "FIELD_INVALID", "name");
    expect(await rowCounts(t.handle.db, TABLES)).toEqual(before);
    // a resident, flexible: no employer needed
    const ok = await post(body(15, { insutype: "390", psnType: "1501", employerUscc: undefined }));
    expect(ok.statusCode, ok.body).toBe(201);
    expectRefusal(await post(body(15)), "REG_PERSON_EXISTS", "certno");
  });

  it("an operator of another region may not enrol here", async () => {
    await t.handle.db
      .insertInto("regions")
      .values({ code: "530400", name: "玉溪市", level: "city", parent_code: "530000" })
      .execute();
    const yuxi = await t.auth("agency", { regionCode: "530400", fresh: true });
    expectRefusal(await post(body(17), yuxi), "REGION_OUT_OF_SCOPE");
  });
});
