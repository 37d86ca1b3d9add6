import type { ErrorCode } from "@yibao/core/errors";
import { makeCertno, makeUscc } from "@yibao/core/registry";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectRefusal, rowCounts } from "../../test/refusal.ts";
import { type TestApp, TEST_REGION, openTestApp } from "../../test/test-app.ts";

/** The registry's refusals through the API, each with the field it names, each writing nothing. */
describe("registry refusals", () => {
  let t: TestApp;
  let agency: { authorization: string };
  const uscc = makeUscc("530102", 61);
  const post = (url: string, payload: unknown) =>
    t.app.inject({ method: "POST", url, payload: payload as object, headers: agency });
  const csv = (kind: string, text: string) =>
    t.app.inject({
      method: "POST",
      url: `/api/v1/imports/${kind}`,
      payload: text,
      headers: { ...agency, "content-type": "text/csv" },
    });
  let seq = 0;
  const person = async () => {
    const res = await post("/api/v1/persons", {
      certno: makeCertno("530102", "19800101", ++seq),
      name: "王五",
      regionCode: TEST_REGION,
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().psn_no as string;
  };
  const enrolment = { insutype: "390", psnType: "1501", regionCode: TEST_REGION, startDate: "2026-01-01" };
  const TABLES = ["persons", "employers", "institutions", "enrolments", "enrolment_status_history"];
  /** Sends a request that must be refused with `code` naming `field`, and checks nothing was written. */
  const refused = async (send: () => ReturnType<typeof post>, code: ErrorCode, field: string) => {
    const before = await rowCounts(t.handle.db, TABLES);
    const body = expectRefusal(await send(), code, field);
    expect(await rowCounts(t.handle.db, TABLES)).toEqual(before);
    return body;
  };

  beforeAll(async () => {
    t = await openTestApp(() => new Date("2026-06-01T08:00:00Z"));
    agency = await t.auth("agency");
    await t.handle.db
      .insertInto("regions")
      .values({ code: "530400", name: "玉溪市", level: "city", parent_code: "530000" })
      .execute();
    const emp = await post("/api/v1/employers", { uscc, name: "滇池制药有限公司", regionCode: TEST_REGION });
    expect(emp.statusCode, emp.body).toBe(201);
  });
  afterAll(async () => t?.close());

  it("refuses an insurance type that cannot be enrolled in directly (REG_INSUTYPE_UNKNOWN)", async () => {
    const psnNo = await person();
    await refused(
      () => post("/api/v1/enrolments", { ...enrolment, psnNo, insutype: "320", psnType: "1101" }),
      "REG_INSUTYPE_UNKNOWN",
      "insutype",
    );
  });

  it("needs an employer for an employee who is not flexible, and a registered one", async () => {
    const psnNo = await person();
    const employee = { ...enrolment, psnNo, insutype: "310", psnType: "1101" };
    await refused(() => post("/api/v1/enrolments", employee), "REG_EMPLOYER_REQUIRED", "employerUscc");
    await refused(
      () => post("/api/v1/enrolments", { ...employee, employerUscc: makeUscc("530102", 62) }),
      "REG_EMPLOYER_UNKNOWN",
      "employerUscc",
    );
    const ok = await post("/api/v1/enrolments", { ...employee, employerUscc: uscc });
    expect(ok.statusCode, ok.body).toBe(201);
  });

  it("refuses a second employer with the same credit code (REG_EMPLOYER_EXISTS)", async () => {
    await refused(
      () => post("/api/v1/employers", { uscc, name: "另一家公司", regionCode: TEST_REGION }),
      "REG_EMPLOYER_EXISTS",
      "uscc",
    );
  });

  it("refuses a second institution with the same code, and an agreement ending before it starts", async () => {
    const institution = {
      code: "H53010000077",
      name: "第七人民医院",
      kind: "hospital",
      level: "2",
      regionCode: TEST_REGION,
      agreementFrom: "2026-01-01",
    };
    expect((await post("/api/v1/institutions", institution)).statusCode).toBe(201);
    await refused(() => post("/api/v1/institutions", institution), "REG_INSTITUTION_EXISTS", "code");
    await refused(
      () => post("/api/v1/institutions", { ...institution, code: "H53010000078", agreementTo: "2025-12-31" }),
      "REG_DATE_ORDER",
      "agreementTo",
    );
  });

  it("refuses a status change dated before the enrolment started (REG_DATE_ORDER)", async () => {
    const psnNo = await person();
    const e = await post("/api/v1/enrolments", { ...enrolment, psnNo });
    expect(e.statusCode, e.body).toBe(201);
    await refused(
      () =>
        post(`/api/v1/enrolments/${e.json().id}/status`, {
          status: "suspended",
          effectiveDate: "2025-12-31",
        }),
      "REG_DATE_ORDER",
      "effectiveDate",
    );
  });

  it("transfers only a live enrolment, and only to another region", async () => {
    const unenrolled = await person();
    await refused(
      () => post(`/api/v1/persons/${unenrolled}/transfer`, { toRegion: "530400", date: "2026-05-01" }),
      "REG_NO_LIVE_ENROLMENT",
      "psnNo",
    );
    const psnNo = await person();
    expect((await post("/api/v1/enrolments", { ...enrolment, psnNo })).statusCode).toBe(201);
    await refused(
      () => post(`/api/v1/persons/${psnNo}/transfer`, { toRegion: TEST_REGION, date: "2026-05-01" }),
      "REG_TRANSFER_SAME_REGION",
      "toRegion",
    );
  });

  it("refuses an imported card number twice in a file or already issued (REG_CARD_EXISTS)", async () => {
    const row = (n: number, card: string) =>
      `${makeCertno("530102", "19900101", 500 + n)},赵六,${TEST_REGION},${card}`;
    const header = "certno,name,region_code,card_no";
    const twice = await refused(
      () => csv("persons", [header, row(1, "KM0000000001"), row(2, "KM0000000001")].join("\n")),
      "REG_IMPORT_ROWS_INVALID",
      "file",
    );
    expect(twice.details.errors).toEqual([
      expect.objectContaining({ row: 3, field: "card_no", code: "REG_CARD_EXISTS" }),
    ]);
    const first = await csv("persons", [header, row(3, "KM0000000002")].join("\n"));
    expect(first.statusCode, first.body).toBe(200);
    const issued = await refused(
      () => csv("persons", [header, row(4, "KM0000000002")].join("\n")),
      "REG_IMPORT_ROWS_INVALID",
      "file",
    );
    expect(issued.details.errors).toEqual([
      expect.objectContaining({ row: 2, field: "card_no", code: "REG_CARD_EXISTS" }),
    ]);
  });
});
