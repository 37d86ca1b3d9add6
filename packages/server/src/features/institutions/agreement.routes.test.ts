import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { nhsaAnswer } from "../../test/nhsa-answer.ts";
import { expectNhsaRefusal, expectRefusal, rowCounts } from "../../test/refusal.ts";
import { type TestApp, openTestApp } from "../../test/test-app.ts";
import { HOSPITAL, insuredPerson, setupRegion } from "../settlement/settlement.fixture.ts";

const MAY = new Date("2026-05-01T01:00:00Z");
let clock = MAY;

/**
 * Service agreements (服务协议): signed, renewed and terminated by the agency, append-only, and
 * the days the gateway settles on follow them.
 */
describe("institution agreements", () => {
  let t: TestApp;
  let psnNo = "";
  let serial = 0;
  beforeAll(async () => {
    t = await openTestApp(() => clock);
    await setupRegion(t.handle.db);
    psnNo = (await insuredPerson(t.handle.db, 881)).psn_no;
    await t.handle.db
      .insertInto("regions")
      .values({ code: "530400", name: "玉溪市", level: "city", parent_code: "530000" })
      .execute();
  });
  afterAll(async () => t?.close());

  const url = `/api/v1/institutions/${HOSPITAL}`;
  const agency = () => t.auth("agency");
  const sign = async (payload: object, headers?: Record<string, string>) =>
    t.app.inject({ method: "POST", url: `${url}/agreements`, headers: headers ?? (await agency()), payload });
  const terminate = async (no: string, payload: object) =>
    t.app.inject({
      method: "POST",
      url: `${url}/agreements/${no}/terminate`,
      headers: await agency(),
      payload,
    });
  const register = async (day = "2026-05-01") => {
    const res = await t.app.inject({
      method: "POST",
      url: "/fsi/api/rsfComIfsService/callService",
      payload: {
        infno: "2201",
        msgid: `AGR${++serial}`,
        fixmedins_code: HOSPITAL,
        inf_time: `${day} 09:00:00`,
        input: {
          data: { psn_no: psnNo, insutype: "310", begntime: `${day} 09:00:00`, mdtrt_cert_type: "02" },
        },
      },
    });
    return nhsaAnswer(res);
  };

  it("renews: the first agreement ended, the next one joined to it without a gap", async () => {
    const before = await t.app.inject({ method: "GET", url, headers: await agency() });
    expect(before.statusCode, before.body).toBe(200);
    expect(before.json()).toMatchObject({
      code: HOSPITAL,
      agreement_from: "2020-01-01",
      agreement_to: null,
      agreements: [],
    });
    // open-ended: a renewal overlaps it until it is given an end
    const clash = expectRefusal(
      await sign({ agreementNo: "XY-2026-07", validFrom: "2026-07-01" }),
      "REG_AGREEMENT_OVERLAP",
      "validFrom",
    );
    expect(clash.details.agreementNo).toBe(`XY${HOSPITAL}20200101`);
    const ended = await terminate(`XY${HOSPITAL}20200101`, {
      lastDay: "2026-06-30",
      reason: "协议到期，重新签订",
    });
    expect(ended.statusCode, ended.body).toBe(200);
    expect(ended.json()).toMatchObject({ agreementFrom: "2020-01-01", agreementTo: "2026-06-30" });
    const renewed = await sign({
      agreementNo: "XY-2026-07",
      validFrom: "2026-07-01",
      validTo: "2027-06-30",
      scope: "门诊、住院",
    });
    expect(renewed.statusCode, renewed.body).toBe(201);
    const w = renewed.json();
    expect(w).toMatchObject({ agreementFrom: "2020-01-01", agreementTo: "2027-06-30" });
    expect(
      w.agreements.map((a: { agreement_no: string; last_day: string | null }) => [
        a.agreement_no,
        a.last_day,
      ]),
    ).toEqual([
      [`XY${HOSPITAL}20200101`, "2026-06-30"],
      ["XY-2026-07", null],
    ]);
    const row = await t.handle.db
      .selectFrom("institutions")
      .selectAll()
      .where("code", "=", HOSPITAL)
      .executeTakeFirstOrThrow();
    expect([row.agreement_from, row.agreement_to]).toEqual(["2020-01-01", "2027-06-30"]);
    const audit = await t.handle.db
      .selectFrom("audit_log")
      .select("action")
      .where("action", "like", "institution.agreement.%")
      .execute();
    expect(audit.map((a) => a.action)).toEqual([
      "institution.agreement.terminate",
      "institution.agreement.sign",
    ]);
  });

  it("refuses bad agreements by field and code, writing nothing", async () => {
    const yuxi = await t.auth("agency", { regionCode: "530400" });
    const hospital = await t.auth("institution", { fixmedinsCode: HOSPITAL });
    await agency();
    const tables = ["institution_agreements", "agreement_terminations", "audit_log"];
    const before = await rowCounts(t.handle.db, tables);
    expectRefusal(
      await sign({ agreementNo: "XY-2026-07", validFrom: "2028-01-01" }),
      "REG_AGREEMENT_EXISTS",
      "agreementNo",
    );
    expectRefusal(
      await sign({ agreementNo: "XY-X", validFrom: "2027-06-30" }),
      "REG_AGREEMENT_OVERLAP",
      "validFrom",
    );
    expectRefusal(
      await sign({ agreementNo: "XY-Y", validFrom: "2029-01-01", validTo: "2028-12-31" }),
      "REG_DATE_ORDER",
      "validTo",
    );
    expectRefusal(await sign({ agreementNo: " ", validFrom: "2029-01-01" }), "FIELD_INVALID", "agreementNo");
    expectRefusal(await sign({ agreementNo: "XY-Z", validFrom: "2029-02-30" }), "DATE_INVALID");
    expectRefusal(
      await terminate("NOPE", { lastDay: "2026-08-01", reason: "x" }),
      "REG_AGREEMENT_UNKNOWN",
      "agreementNo",
    );
    expectRefusal(
      await terminate(`XY${HOSPITAL}20200101`, { lastDay: "2026-05-31", reason: "x" }),
      "REG_AGREEMENT_TERMINATED",
    );
    expectRefusal(
      await terminate("XY-2026-07", { lastDay: "2027-07-01", reason: "x" }),
      "REG_DATE_ORDER",
      "lastDay",
    );
    expectRefusal(
      await terminate("XY-2026-07", { lastDay: "2026-08-01", reason: "  " }),
      "FIELD_REQUIRED",
      "reason",
    );
    // another region's agency: as if the institution did not exist; the institution itself: not its business
    expectRefusal(
      await sign({ agreementNo: "XY-Q", validFrom: "2030-01-01" }, yuxi),
      "REG_INSTITUTION_UNKNOWN",
    );
    expectRefusal(await t.app.inject({ method: "GET", url, headers: yuxi }), "REG_INSTITUTION_UNKNOWN");
    expect((await sign({ agreementNo: "XY-Q", validFrom: "2030-01-01" }, hospital)).statusCode).toBe(403);
    expect(await rowCounts(t.handle.db, tables)).toEqual(before);
  });

  it("stops the gateway on the day after a terminated agreement's last day", async () => {
    const ok = await register();
    expect(ok.infcode, ok.err_msg).toBe(0);
    const end = await terminate("XY-2026-07", { lastDay: "2026-06-30", reason: "违规解除协议" });
    expect(end.statusCode, end.body).toBe(200);
    // terminated the day before it began: in force on no day; the first one ends on 2026-06-30
    expect(end.json()).toMatchObject({ agreementFrom: "2020-01-01", agreementTo: "2026-06-30" });
    clock = new Date("2026-07-02T01:00:00Z");
    try {
      expectNhsaRefusal(await register("2026-07-02"), "SETL_INSTITUTION_UNKNOWN", "fixmedins_code");
    } finally {
      clock = MAY;
    }
  });

  it("gives a new institution its first agreement", async () => {
    const res = await t.app.inject({
      method: "POST",
      url: "/api/v1/institutions",
      headers: await agency(),
      payload: {
        code: "H53010000777",
        name: "新医院",
        kind: "hospital",
        level: "2",
        regionCode: "530100",
        agreementFrom: "2026-03-01",
        agreementTo: "2027-02-28",
        agreementNo: "KM-2026-777",
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    const one = await t.app.inject({
      method: "GET",
      url: "/api/v1/institutions/H53010000777",
      headers: await agency(),
    });
    expect(one.json().agreements).toMatchObject([
      { agreement_no: "KM-2026-777", valid_from: "2026-03-01", valid_to: "2027-02-28", last_day: null },
    ]);
  });
});
