import { connect } from "node:net";
import { ERROR_CODES } from "@yibao/core/errors";
import { makeCertno } from "@yibao/core/registry";
import type { InjectOptions } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HOSPITAL, setupRegion } from "../features/settlement/settlement.fixture.ts";
import { type TestApp, TEST_REGION, openTestApp } from "../test/test-app.ts";

/** Every refusal is a documented 4xx {code, message, details}; nothing is written. */
describe("bad input", () => {
  let t: TestApp;
  let agency: { authorization: string };
  const certno = makeCertno("530102", "19800101", 7);

  const inject = (opts: InjectOptions) => t.app.inject(opts);
  const refused = (
    res: { statusCode: number; json(): unknown },
    status: number,
    code: string,
    field?: string,
  ) => {
    expect(res.statusCode, JSON.stringify(res.json())).toBe(status);
    const body = res.json() as { code: string; message: string; details: Record<string, unknown> };
    expect(Object.keys(body).sort()).toEqual(["code", "details", "message"]);
    expect(body.code).toBe(code);
    expect(ERROR_CODES[code as keyof typeof ERROR_CODES]?.http).toBe(status);
    if (field !== undefined) expect(body.details.field).toBe(field);
    return body;
  };
  const persons = async () =>
    Number(
      (
        await t.handle.db
          .selectFrom("persons")
          .select(({ fn }) => fn.countAll().as("n"))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const postPerson = (payload: unknown, headers: Record<string, string> = {}) =>
    inject({
      method: "POST",
      url: "/api/v1/persons",
      headers: { ...agency, "content-type": "application/json", ...headers },
      payload: typeof payload === "string" ? payload : JSON.stringify(payload),
    });

  beforeAll(async () => {
    t = await openTestApp(() => new Date("2026-06-01T08:00:00Z"));
    agency = await t.auth("agency");
    await setupRegion(t.handle.db);
  });
  afterAll(async () => t?.close());

  it("answers malformed JSON, empty bodies and wrong content types with documented codes", async () => {
    const bad = refused(
      await postPerson(`{"certno": "${certno}", "name": 张三`),
      400,
      "JSON_MALFORMED",
      "body",
    );
    // the parser's message would quote the body, personal data and all
    expect(bad.message).not.toContain(certno);
    refused(await postPerson(""), 400, "JSON_MALFORMED", "body");
    refused(
      await inject({
        method: "POST",
        url: "/api/v1/persons",
        headers: { ...agency, "content-type": "application/x-www-form-urlencoded" },
        payload: "certno=1",
      }),
      415,
      "MEDIA_TYPE_UNSUPPORTED",
      "content-type",
    );
    refused(await postPerson('{"__proto__": {"admin": true}, "certno": "1"}'), 400, "JSON_MALFORMED", "body");
    expect(await persons()).toBe(0);
  });

  it("refuses NUL characters and lone surrogates in bodies, queries and paths by field", async () => {
    const person = { certno, name: "张三", regionCode: TEST_REGION };
    refused(await postPerson({ ...person, name: "张\u0000三" }), 400, "TEXT_INVALID", "name");
    refused(await postPerson({ ...person, name: "张\ud800" }), 400, "TEXT_INVALID", "name");
    refused(await postPerson({ ...person, address: "\udc00路" }), 400, "TEXT_INVALID", "address");
    refused(await postPerson({ ...person, ["ke\u0000y"]: 1 }), 400, "TEXT_INVALID");
    const staff = await t.auth("auditor");
    refused(
      await inject({ method: "GET", url: "/api/v1/persons?householdNo=%00", headers: staff }),
      400,
      "TEXT_INVALID",
      "householdNo",
    );
    refused(
      await inject({ method: "GET", url: "/api/v1/persons/%00", headers: staff }),
      400,
      "TEXT_INVALID",
      "psnNo",
    );
    refused(
      await inject({ method: "GET", url: "/api/v1/persons/%ED%A0%80x", headers: staff }),
      400,
      "REQUEST_INVALID",
    );
    refused(
      await inject({
        method: "POST",
        url: "/api/v1/imports/persons",
        headers: { ...agency, "content-type": "text/csv" },
        payload: `certno,name,region_code\n${certno},张\u0000三,${TEST_REGION}\n`,
      }),
      400,
      "TEXT_INVALID",
      "file",
    );
    expect(await persons()).toBe(0);
  });

  it("refuses impossible dates instead of rolling them into the next month", async () => {
    const p = await postPerson({ certno, name: "张三", regionCode: TEST_REGION });
    expect(p.statusCode, p.body).toBe(201);
    const enrol = (startDate: string) =>
      inject({
        method: "POST",
        url: "/api/v1/enrolments",
        headers: agency,
        payload: {
          psnNo: p.json().psn_no,
          insutype: "390",
          psnType: "1501",
          regionCode: TEST_REGION,
          startDate,
        },
      });
    refused(await enrol("2026-02-30"), 400, "DATE_INVALID", "startDate");
    refused(await enrol("2026-02-29"), 400, "DATE_INVALID", "startDate");
    refused(await enrol("2026-13-01"), 400, "DATE_INVALID", "startDate");
    refused(
      await inject({
        method: "POST",
        url: "/api/v1/payment/advances",
        headers: agency,
        payload: { region: TEST_REGION, month: "2026-13", annualBudget: "1.00" },
      }),
      400,
      "DATE_INVALID",
      "month",
    );
    const none = await t.handle.db.selectFrom("enrolments").select("id").execute();
    expect(none).toEqual([]);
    expect((await enrol("2028-02-29")).statusCode).toBe(201);
  });

  it("refuses over-long text, objects for strings, deep nesting and numbers beyond int8", async () => {
    const long = refused(
      await postPerson({ certno, name: "张".repeat(51), regionCode: TEST_REGION }),
      400,
      "TEXT_TOO_LONG",
      "name",
    );
    expect(long.details.maxLength).toBe(50);
    refused(
      await postPerson({ certno: { $gt: "" }, name: "张三", regionCode: TEST_REGION }),
      400,
      "VALIDATION_FAILED",
      "certno",
    );
    let deep: unknown = { insutype: "310" };
    for (let i = 0; i < 100; i++) deep = { nested: deep };
    refused(
      await inject({
        method: "POST",
        url: `/api/v1/policies/${TEST_REGION}/2026`,
        headers: agency,
        payload: deep as object,
      }),
      400,
      "NESTING_TOO_DEEP",
    );
    refused(
      await inject({
        method: "POST",
        url: "/api/v1/contributions/payments",
        headers: agency,
        payload: {
          assessmentId: "99999999999999999999",
          amount: "1.00",
          channel: "bank",
          paidOn: "2026-05-01",
        },
      }),
      400,
      "TEXT_TOO_LONG",
      "assessmentId",
    );
    refused(
      await inject({
        method: "POST",
        url: "/api/v1/contributions/payments",
        headers: agency,
        payload: {
          assessmentId: "1",
          amount: "99999999999999999999.00",
          channel: "bank",
          paidOn: "2026-05-01",
        },
      }),
      400,
      "TEXT_TOO_LONG",
      "amount",
    );
    const cursor = Buffer.from("id:9999999999999999999").toString("base64url");
    refused(
      await inject({ method: "GET", url: `/api/v1/persons?cursor=${cursor}`, headers: agency }),
      400,
      "CURSOR_INVALID",
      "cursor",
    );
    refused(
      await inject({ method: "GET", url: "/api/v1/persons?limit=1e400", headers: agency }),
      400,
      "NUMBER_OUT_OF_RANGE",
      "limit",
    );
    refused(
      await inject({
        method: "POST",
        url: "/api/v1/contributions/assessments/residents",
        headers: { ...agency, "content-type": "application/json" },
        payload: `{"regionCode": "${TEST_REGION}", "year": 1e400}`,
      }),
      400,
      "NUMBER_OUT_OF_RANGE",
      "year",
    );
    refused(
      await postPerson(
        { certno, name: "张三", regionCode: TEST_REGION },
        { "idempotency-key": "x".repeat(200) },
      ),
      400,
      "FIELD_INVALID",
      "Idempotency-Key",
    );
  });

  it("refuses a 10 MB body with 413, on REST and on the gateway", async () => {
    const big = JSON.stringify({
      certno,
      name: "张三",
      regionCode: TEST_REGION,
      pad: "x".repeat(10 * 1024 * 1024),
    });
    refused(await postPerson(big), 413, "BODY_TOO_LARGE", "body");
    const nhsa = await inject({
      method: "POST",
      url: "/fsi/api/rsfComIfsService/callService",
      headers: { "content-type": "application/json" },
      payload: big,
    });
    expect(nhsa.statusCode).toBe(200);
    expect(nhsa.json()).toMatchObject({ infcode: -1, details: { field: "body" } });
    expect(nhsa.json().err_msg).toMatch(/^\[BODY_TOO_LARGE\] /);
  });

  it("answers 404 and 405 with the error body", async () => {
    const missing = refused(await inject({ method: "GET", url: "/api/v1/nothing-here" }), 404, "NOT_FOUND");
    expect(missing.message).toContain("/api/v1/nothing-here");
    const res = await inject({ method: "DELETE", url: "/api/v1/persons", headers: agency });
    const body = refused(res, 405, "METHOD_NOT_ALLOWED");
    expect(body.details.allowed).toEqual(expect.arrayContaining(["GET", "POST"]));
    expect(res.headers.allow).toContain("POST");
    refused(
      await inject({ method: "PUT", url: "/api/v1/persons/5301000000000001" }),
      405,
      "METHOD_NOT_ALLOWED",
    );
  });

  it("answers the gateway's malformed bodies with an envelope and a well-formed inf_refmsgid", async () => {
    const call = (payload: string, contentType = "application/json") =>
      inject({
        method: "POST",
        url: "/fsi/api/rsfComIfsService/callService",
        headers: { "content-type": contentType },
        payload,
      });
    const cases: [string, string, string][] = [
      ['{"infno": "1101", "msgid": ', "application/json", "JSON_MALFORMED"],
      ["infno=1101", "application/x-www-form-urlencoded", "MEDIA_TYPE_UNSUPPORTED"],
      ['["not", "an", "object"]', "application/json", "NHSA_ENVELOPE_INVALID"],
      [
        JSON.stringify({ infno: "1101", mdtrtarea_admvs: { evil: 1 }, fixmedins_code: HOSPITAL, input: {} }),
        "application/json",
        "NHSA_ENVELOPE_INVALID",
      ],
      [
        JSON.stringify({ infno: "1101", mdtrtarea_admvs: "abc", msgid: "x\u0000", fixmedins_code: HOSPITAL }),
        "application/json",
        "TEXT_INVALID",
      ],
    ];
    for (const [payload, type, code] of cases) {
      const res = await call(payload, type);
      expect(res.statusCode).toBe(200);
      const env = res.json();
      expect(env.infcode, payload).toBe(-1);
      expect(env.err_msg, payload).toMatch(new RegExp(`^\\[${code}\\] `));
      expect(env.inf_refmsgid).toMatch(/^\d{30}$/);
      expect(env.details.field, payload).toBeTruthy();
    }
  });

  it("answers a request Node cannot parse with the error body", async () => {
    const address = await t.app.listen({ port: 0, host: "127.0.0.1" });
    const port = Number(new URL(address).port);
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect(port, "127.0.0.1", () =>
        socket.write("GET /api/v1/health HTTP/1.1\r\nHost\r\n\r\n"),
      );
      let text = "";
      socket.on("data", (d) => {
        text += d.toString();
      });
      socket.on("end", () => resolve(text));
      socket.on("error", reject);
    });
    expect(answer).toMatch(/^HTTP\/1\.1 400/);
    expect(JSON.parse(answer.slice(answer.indexOf("\r\n\r\n") + 4))).toMatchObject({
      code: "REQUEST_INVALID",
    });
  });
});
