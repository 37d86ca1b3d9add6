import { makeCertno, makeUscc } from "@yibao/core/registry";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { aCursor, aTime, anId, answer } from "../../test/answer-shapes.ts";
import { type TestApp, TEST_REGION, openTestApp } from "../../test/test-app.ts";
import { postAccountEntry } from "./account.repository.ts";

/**
 * The full answer of every registry route of registry.routes.ts (the institution routes are
 * features/institutions'), property by property: with a response schema Fastify writes only the
 * properties it names, so a forgotten one would silently go missing.
 */
describe("registry answers", () => {
  let t: TestApp;
  let agency: { authorization: string };
  let psnNo: string;
  let enrolmentId: string;
  const uscc = makeUscc("530102", 42);
  const certno = makeCertno("530102", "19800101", 1);
  const call = (method: "GET" | "POST" | "PATCH", url: string, payload?: unknown, headers = agency) =>
    answer(t, { method, url, headers, payload: payload as object });
  const csv = (kind: string, text: string) =>
    answer(t, {
      method: "POST",
      url: `/api/v1/imports/${kind}`,
      headers: { ...agency, "content-type": "text/csv" },
      payload: text,
    });
  const person = (over: Record<string, unknown>) => ({
    psn_no: expect.stringMatching(/^530100\d{10}$/),
    certno,
    name: "张三",
    gender: "1",
    birth_date: "1980-01-01",
    phone: "13812345678",
    address: "昆明市",
    household_no: "H1",
    card_no: expect.stringMatching(/^Y[0-9A-Z]{11}$/),
    region_code: TEST_REGION,
    created_at: aTime,
    ...over,
  });
  const enrolment = (over: Record<string, unknown>) => ({
    id: anId,
    person_id: anId,
    insutype: "310",
    psn_type: "1101",
    region_code: TEST_REGION,
    employer_id: anId,
    flexible: false,
    start_date: "2026-01-01",
    end_date: null,
    benefit_start_date: null,
    status: "active",
    carried_months: 0,
    created_at: aTime,
    ...over,
  });

  beforeAll(async () => {
    t = await openTestApp(() => new Date("2026-06-01T08:00:00Z"));
    agency = await t.auth("agency");
    await t.handle.db
      .insertInto("regions")
      .values({ code: "530400", name: "玉溪市", level: "city", parent_code: "530000" })
      .execute();
  });
  afterAll(async () => t?.close());

  it("answers employers", async () => {
    const made = await call("POST", "/api/v1/employers", { uscc, name: "滇池公司", regionCode: TEST_REGION });
    const employer = { id: anId, uscc, name: "滇池公司", region_code: TEST_REGION, created_at: aTime };
    expect(made).toStrictEqual({ status: 201, body: employer, raw: expect.any(String) });
    const list = await call("GET", "/api/v1/employers");
    expect(list.body).toStrictEqual({ items: [employer], nextCursor: null });
  });

  it("answers persons, clear and masked, with nulls where nothing is known", async () => {
    const made = await call("POST", "/api/v1/persons", {
      certno,
      name: "张三",
      phone: "13812345678",
      address: "昆明市",
      householdNo: "H1",
      regionCode: TEST_REGION,
    });
    expect(made.status).toBe(201);
    expect(made.body).toStrictEqual(person({}));
    psnNo = made.body.psn_no;
    const bare = await call("POST", "/api/v1/persons", {
      certno: makeCertno("530102", "19900101", 2),
      name: "李四",
      regionCode: TEST_REGION,
    });
    expect(bare.body).toStrictEqual(
      person({
        certno: makeCertno("530102", "19900101", 2),
        name: "李四",
        gender: "2",
        birth_date: "1990-01-01",
        phone: null,
        address: null,
        household_no: null,
      }),
    );
    const page = await call("GET", "/api/v1/persons?limit=1");
    expect(page.body).toStrictEqual({ items: [person({ psn_no: psnNo })], nextCursor: aCursor });
    const masked = await call("GET", `/api/v1/persons?certno=${certno}`, undefined, await t.auth("auditor"));
    expect(masked.body).toStrictEqual({
      items: [
        person({
          psn_no: psnNo,
          certno: "530102********0015",
          name: "张*",
          birth_date: null,
          phone: "138****5678",
          address: null,
          card_no: expect.stringMatching(/^\*+[0-9A-Z]{4}$/),
        }),
      ],
      nextCursor: null,
    });
    const contact = await call("PATCH", `/api/v1/persons/${psnNo}/contact`, { phone: "13900000000" });
    expect(contact.body).toStrictEqual(person({ psn_no: psnNo, phone: "13900000000" }));
  });

  it("answers enrolments and status changes", async () => {
    const made = await call("POST", "/api/v1/enrolments", {
      psnNo,
      insutype: "310",
      psnType: "1101",
      regionCode: TEST_REGION,
      employerUscc: uscc,
      startDate: "2026-01-01",
    });
    expect(made.status).toBe(201);
    expect(made.body).toStrictEqual(enrolment({}));
    enrolmentId = made.body.id;
    const url = `/api/v1/enrolments/${enrolmentId}/status`;
    const suspended = await call("POST", url, { status: "suspended", effectiveDate: "2026-03-01" });
    expect(suspended.body).toStrictEqual(enrolment({ id: enrolmentId, status: "suspended" }));
    const back = await call("POST", url, { status: "active", effectiveDate: "2026-04-01", reason: "paid" });
    expect(back.body).toStrictEqual(enrolment({ id: enrolmentId }));
  });

  it("answers a person's detail: enrolments with history, assistance, account", async () => {
    await csv("assistance", `certno,category,valid_from,valid_to\n${certno},db,2026-01-01,2026-12-31\n`);
    const row = await t.handle.db
      .selectFrom("persons")
      .select("id")
      .where("psn_no", "=", psnNo)
      .executeTakeFirstOrThrow();
    await t.handle.db
      .transaction()
      .execute((trx) => postAccountEntry(trx, { personId: row.id, amount: 12345n, kind: "opening" }));
    const detail = await call("GET", `/api/v1/persons/${psnNo}`);
    const history = (status: string, effective: string, reason: string | null) => ({
      status,
      effective_date: effective,
      reason,
      recorded_at: aTime,
    });
    expect(detail.body).toStrictEqual({
      ...person({ psn_no: psnNo, phone: "13900000000" }),
      enrolments: [
        {
          ...enrolment({ id: enrolmentId }),
          history: [
            history("active", "2026-01-01", "enrolment"),
            history("suspended", "2026-03-01", null),
            history("active", "2026-04-01", "paid"),
          ],
        },
      ],
      assistance: [{ category: "db", valid_from: "2026-01-01", valid_to: "2026-12-31" }],
      accountBalance: "123.45",
    });
    const bare = await call("GET", "/api/v1/persons?certno=" + makeCertno("530102", "19900101", 2));
    const none = await call("GET", `/api/v1/persons/${bare.body.items[0].psn_no}`);
    expect(none.body).toMatchObject({ enrolments: [], assistance: [], accountBalance: null });
  });

  it("answers newborns and transfers", async () => {
    const born = await call("POST", `/api/v1/persons/${psnNo}/newborns`, {
      certno: makeCertno("530102", "20260301", 77),
      name: "小明",
      startDate: "2026-03-01",
    });
    expect(born.status).toBe(201);
    expect(born.body).toStrictEqual({
      person: person({
        certno: makeCertno("530102", "20260301", 77),
        name: "小明",
        birth_date: "2026-03-01",
        gender: expect.stringMatching(/^[12]$/),
        phone: null,
        address: null,
      }),
      enrolmentId: anId,
    });
    const moved = await call("POST", `/api/v1/persons/${psnNo}/transfer`, {
      toRegion: "530400",
      date: "2026-06-01",
    });
    expect(moved.body).toStrictEqual({
      terminatedEnrolmentId: enrolmentId,
      enrolmentId: anId,
      carriedMonths: 5,
    });
  });

  it("answers every import kind with its report", async () => {
    const report = (kind: string, rows: number) => ({
      id: expect.stringMatching(/^\d+$/),
      kind,
      rows,
      imported: rows,
      errors: [],
    });
    const persons = `certno,name,region_code\n${makeCertno("530102", "19700101", 11)},王五,${TEST_REGION}\n`;
    expect((await csv("persons", persons)).body).toStrictEqual(report("persons", 1));
    const employers = `uscc,name,region_code\n${makeUscc("530102", 43)},公司二,${TEST_REGION}\n`;
    expect((await csv("employers", employers)).body).toStrictEqual(report("employers", 1));
    const enrolments = `certno,insutype,psn_type,region_code,start_date\n${makeCertno("530102", "19700101", 11)},390,1501,${TEST_REGION},2026-01-01\n`;
    expect((await csv("enrolments", enrolments)).body).toStrictEqual(report("enrolments", 1));
    const assistance = `certno,category,valid_from\n${makeCertno("530102", "19700101", 11)},tk,2026-01-01\n`;
    expect((await csv("assistance", assistance)).body).toStrictEqual(report("assistance", 1));
    const refused = await csv("assistance", "certno,category,valid_from\nnobody,xx,2026-01-01\n");
    expect(refused.status).toBe(400);
    expect(refused.body).toStrictEqual({
      code: "REG_IMPORT_ROWS_INVALID",
      message: expect.any(String),
      details: {
        field: "file",
        importId: expect.stringMatching(/^\d+$/),
        refusedRows: 2,
        errors: [
          { row: 2, field: "certno", code: "REG_PERSON_UNKNOWN", message: expect.any(String) },
          { row: 2, field: "category", code: "FIELD_INVALID", message: expect.any(String) },
        ],
      },
    });
  });
});
