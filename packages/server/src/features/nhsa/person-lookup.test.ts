import { makeCertno } from "@yibao/core/registry";
import { nhsaAnswer } from "../../test/nhsa-answer.ts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TestApp, openTestApp } from "../../test/test-app.ts";
import { HOSPITAL, insuredPerson, setupRegion } from "../settlement/settlement.fixture.ts";

const OTHER = "H53010000002";
let clock = new Date("2026-05-01T01:30:00Z");
let serial = 0;

describe("1101 person lookup by credential", () => {
  let t: TestApp;
  let person: { id: bigint; psn_no: string; certno: string; card_no: string; card_sn: string | null };
  const lookup = (data: Record<string, unknown>, sender = HOSPITAL) =>
    t.app
      .inject({
        method: "POST",
        url: "/fsi/api/fsiPsnInfoService/queryPsnInfo",
        payload: {
          infno: "1101",
          msgid: `${sender}20260501093000${String(++serial).padStart(4, "0")}`,
          fixmedins_code: sender,
          inf_time: "2026-05-01 09:30:00",
          input: { data },
        },
      })
      .then((r) => nhsaAnswer(r));
  const accessLog = async (query: string, role: "auditor" | "supervisor" | "admin" = "auditor") =>
    (
      await t.app.inject({
        method: "GET",
        url: `/api/v1/person-access-log?${query}`,
        headers: await t.auth(role),
      })
    ).json();

  beforeAll(async () => {
    // 6 misses a minute: small enough to reach in a test
    t = await openTestApp(() => clock, { lookupsPerMinute: 12, missesPerMinute: 6 });
    await setupRegion(t.handle.db);
    await t.handle.db
      .insertInto("institutions")
      .values({
        code: OTHER,
        name: "另一医院",
        kind: "hospital",
        level: "3",
        region_code: "530100",
        agreement_from: "2020-01-01",
      })
      .execute();
    person = await insuredPerson(t.handle.db, 31);
  });
  afterAll(async () => t?.close());

  it("finds a person by ID card (02) and by social security card (03), card_sn checked when sent", async () => {
    const byId = await lookup({ mdtrt_cert_type: "02", mdtrt_cert_no: person.certno.toLowerCase() });
    expect(byId.infcode, byId.err_msg).toBe(0);
    expect(byId.output.baseinfo).toMatchObject({ psn_no: person.psn_no, certno: person.certno });
    expect(person.card_no).toMatch(/^Y[0-9A-HJ-NP-Z]{11}$/);
    const byCard = await lookup({ mdtrt_cert_type: "03", mdtrt_cert_no: person.card_no });
    expect(byCard.output.baseinfo.psn_no).toBe(person.psn_no);
    const withSn = await lookup({
      mdtrt_cert_type: "03",
      mdtrt_cert_no: person.card_no,
      card_sn: person.card_sn,
    });
    expect(withSn.infcode, withSn.err_msg).toBe(0);
  });

  it("never finds a person by person number alone, and answers every miss the same way", async () => {
    const answers = [
      await lookup({ mdtrt_cert_type: "02", mdtrt_cert_no: makeCertno("530102", "19800101", 999) }), // nobody's ID
      await lookup({ mdtrt_cert_type: "03", mdtrt_cert_no: "Y00000000000" }), // nobody's card
      await lookup({ mdtrt_cert_type: "03", mdtrt_cert_no: person.card_no, card_sn: "0".repeat(32) }), // wrong chip
      await lookup({ mdtrt_cert_type: "03", mdtrt_cert_no: person.psn_no }), // a person number is not a card number
    ];
    for (const a of answers) {
      expect(a).toMatchObject({
        infcode: -1,
        output: null,
        err_msg: "[NHSA_PERSON_NOT_FOUND] No insured person for this credential",
        details: { field: "input.data.mdtrt_cert_no" },
      });
    }
    const checksum = await lookup({
      mdtrt_cert_type: "02",
      mdtrt_cert_no: `${person.certno.slice(0, 17)}${person.certno[17] === "0" ? "1" : "0"}`,
    });
    expect(checksum).toMatchObject({ infcode: -1, details: { field: "input.data.mdtrt_cert_no" } });
    expect(checksum.err_msg).toMatch(/^\[REG_CERTNO_CHECKSUM\]/);
    expect((await lookup({ mdtrt_cert_type: "02", mdtrt_cert_no: person.psn_no })).err_msg).toMatch(
      /^\[REG_CERTNO_FORMAT\]/,
    );
  });

  it("refuses an e-voucher (01) token that is not one of ours, and unknown credential types", async () => {
    const r = await lookup({ mdtrt_cert_type: "01", mdtrt_cert_no: "a-qr-code-token-of-any-kind" }, OTHER);
    expect(r.err_msg).toMatch(/^\[NHSA_EVOUCHER_INVALID\]/);
    expect(r.details).toEqual({ field: "input.data.mdtrt_cert_no" });
    expect((await lookup({ mdtrt_cert_type: "09", mdtrt_cert_no: "x" }, OTHER)).err_msg).toMatch(
      /NHSA_CERT_TYPE_UNSUPPORTED/,
    );
  });

  it("limits misses per institution, then all its lookups until the budget refills; others are unaffected", async () => {
    // HOSPITAL missed 6 times above (4 not found, 2 malformed): its 6 a minute are spent
    const limited = await lookup({ mdtrt_cert_type: "02", mdtrt_cert_no: person.certno });
    expect(limited).toMatchObject({ infcode: -1, details: { retryAfter: expect.any(Number) } });
    expect(limited.err_msg).toMatch(/^\[NHSA_RATE_LIMITED\]/);
    expect(limited.details.retryAfter).toBeGreaterThan(0);
    expect(limited.details.retryAfter).toBeLessThanOrEqual(60);
    expect((await lookup({ mdtrt_cert_type: "02", mdtrt_cert_no: person.certno }, OTHER)).infcode).toBe(0);
    clock = new Date(clock.getTime() + limited.details.retryAfter * 1000);
    expect((await lookup({ mdtrt_cert_type: "02", mdtrt_cert_no: person.certno })).infcode).toBe(0);
    // and all lookups: 12 a minute, found or not
    clock = new Date(clock.getTime() + 120_000);
    const results = [];
    for (let i = 0; i < 13; i++)
      results.push((await lookup({ mdtrt_cert_type: "02", mdtrt_cert_no: person.certno }, OTHER)).infcode);
    expect(results.slice(0, 12).every((c) => c === 0)).toBe(true);
    expect(results[12]).toBe(-1);
  });

  it("records every lookup in the access log, masked, for auditors with filters and paging", async () => {
    const rows = await t.handle.db.selectFrom("person_access_log").selectAll().orderBy("id").execute();
    expect(rows.length).toBeGreaterThan(20);
    const text = JSON.stringify(rows, (_k, v) => (typeof v === "bigint" ? String(v) : v));
    expect(text).not.toContain(person.certno);
    expect(text).not.toContain(person.card_no);
    expect(rows[0]).toMatchObject({
      channel: "nhsa",
      fixmedins_code: HOSPITAL,
      person_id: person.id,
      credential_type: "02",
      credential_masked: `${person.certno.slice(0, 6)}********${person.certno.slice(-4)}`,
      result: "found",
      request_id: expect.stringMatching(/^H53010000001\d{18}$/),
    });
    const results = new Set(rows.map((r) => r.result));
    expect([...results].sort()).toEqual(["found", "invalid", "not_found", "rate_limited"]);

    const page1 = await accessLog(`fixmedinsCode=${HOSPITAL}&result=not_found&limit=2`);
    expect(page1.items).toHaveLength(2);
    expect(
      page1.items.every(
        (r: { result: string; fixmedins_code: string }) =>
          r.result === "not_found" && r.fixmedins_code === HOSPITAL,
      ),
    ).toBe(true);
    const page2 = await accessLog(
      `fixmedinsCode=${HOSPITAL}&result=not_found&limit=2&cursor=${page1.nextCursor}`,
    );
    expect(page2.items).toHaveLength(2);
    expect(page2.nextCursor).toBeNull();
    expect(Number(page2.items[0].id)).toBeLessThan(Number(page1.items[1].id));
    const byPerson = await accessLog(`psnNo=${person.psn_no}&credentialType=03`, "supervisor");
    expect(byPerson.items.length).toBe(2);
    expect(byPerson.items[0]).toMatchObject({
      psn_no: person.psn_no,
      credential: `********${person.card_no.slice(-4)}`,
    });
    const day = await accessLog("from=2026-05-01&to=2026-05-01&limit=1000", "admin");
    expect(day.items.length).toBe(rows.length);
    expect((await accessLog("from=2026-05-02")).items).toHaveLength(0);
    expect((await accessLog("from=2026-02-30")).code).toBe("DATE_INVALID");
    for (const role of ["agency", "leader", "institution"] as const) {
      const res = await t.app.inject({
        method: "GET",
        url: "/api/v1/person-access-log",
        headers: await t.auth(role),
      });
      expect(res.statusCode).toBe(403);
    }
  });

  it("records staff lookups of a person and searches by ID number", async () => {
    const agency = await t.auth("agency");
    await t.app.inject({ method: "GET", url: `/api/v1/persons/${person.psn_no}`, headers: agency });
    await t.app.inject({ method: "GET", url: "/api/v1/persons/5301009999999999", headers: agency });
    await t.app.inject({ method: "GET", url: `/api/v1/persons?certno=${person.certno}`, headers: agency });
    await t.app.inject({ method: "GET", url: "/api/v1/persons?limit=5", headers: agency }); // a list is no lookup
    const staff = (await accessLog("channel=rest")).items;
    expect(
      staff.map((r: { credential_type: string; result: string }) => [r.credential_type, r.result]),
    ).toEqual([
      ["certno", "found"],
      ["psn_no", "not_found"],
      ["psn_no", "found"],
    ]);
    expect(staff[0]).toMatchObject({
      operator_login: expect.stringMatching(/^t_agency/),
      psn_no: person.psn_no,
      request_id: expect.any(String),
    });
    expect(staff[2].credential).toBe(`************${person.psn_no.slice(-4)}`);
  });
});

describe("1101 answer: enrolments, account and assistance read in one statement", () => {
  let t: TestApp;
  afterAll(async () => t?.close());

  it("answers every enrolment in order with its employer, the balance on 310 only, assistance by start", async () => {
    t = await openTestApp(() => new Date("2026-05-01T01:30:00Z"));
    await setupRegion(t.handle.db);
    const db = t.handle.db;
    const person = await insuredPerson(db, 41, 12_345n);
    const employer = await db
      .insertInto("employers")
      .values({ uscc: "91530100MA6K000001", name: "昆明某厂", region_code: "530100" })
      .returning("id")
      .executeTakeFirstOrThrow();
    // An older, ended resident enrolment with an employer (inserted after the active one: the
    // answer follows the enrolments' ids), and a critical-illness one that has no balance.
    await db
      .insertInto("enrolments")
      .values([
        {
          person_id: person.id,
          insutype: "390",
          psn_type: "1202",
          region_code: "530100",
          employer_id: employer.id,
          start_date: "2020-03-01",
          end_date: "2024-12-31",
          status: "terminated",
        },
        {
          person_id: person.id,
          insutype: "320",
          psn_type: "1101",
          region_code: "530100",
          start_date: "2025-01-01",
          status: "suspended",
        },
      ])
      .execute();
    await db
      .insertInto("assistance_categories")
      .values([
        { person_id: person.id, category: "jc", valid_from: "2026-02-01" },
        { person_id: person.id, category: "db", valid_from: "2025-06-01", valid_to: "2025-12-31" },
      ])
      .execute();
    const res = await t.app.inject({
      method: "POST",
      url: "/fsi/api/fsiPsnInfoService/queryPsnInfo",
      payload: {
        infno: "1101",
        msgid: `${HOSPITAL}202605010930000001`,
        fixmedins_code: HOSPITAL,
        inf_time: "2026-05-01 09:30:00",
        input: { data: { mdtrt_cert_type: "02", mdtrt_cert_no: person.certno } },
      },
    });
    const a = nhsaAnswer(res);
    expect(a.infcode, a.err_msg).toBe(0);
    const insu = (over: Record<string, unknown>) => ({
      balc: "0.00",
      insutype: "310",
      psn_type: "1101",
      psn_insu_stas: "1",
      psn_insu_date: "2025-01-01",
      paus_insu_date: null,
      cvlserv_flag: "0",
      insuplc_admdvs: "530100",
      emp_name: "",
      ...over,
    });
    // Compared as text: the keys' order is part of the answer too.
    expect(JSON.stringify(a.output)).toBe(
      JSON.stringify({
        baseinfo: {
          psn_no: person.psn_no,
          psn_cert_type: "01",
          certno: person.certno,
          psn_name: "测试",
          gend: "1",
          naty: "01",
          brdy: "1980-01-01",
          age: "46", // a number on the wire, read back as its digits (nhsaAnswer)
        },
        insuinfo: [
          insu({ balc: "123.45" }),
          insu({
            insutype: "390",
            psn_type: "1202",
            psn_insu_stas: "4",
            psn_insu_date: "2020-03-01",
            paus_insu_date: "2024-12-31",
            cvlserv_flag: "1",
            emp_name: "昆明某厂",
          }),
          insu({ insutype: "320", psn_insu_stas: "2" }),
        ],
        idetinfo: [
          {
            psn_idet_type: "2302",
            psn_type_lv: "db",
            begntime: "2025-06-01 00:00:00",
            endtime: "2025-12-31 23:59:59",
          },
          { psn_idet_type: "2303", psn_type_lv: "jc", begntime: "2026-02-01 00:00:00", endtime: null },
        ],
      }),
    );
  });
});
