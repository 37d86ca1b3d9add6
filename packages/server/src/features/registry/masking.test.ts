import { makeCertno } from "@yibao/core/registry";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { toJson } from "../../audit/audit.ts";
import type { Role } from "../platform/platform.table.ts";
import { setupRegion, settleOnce } from "../settlement/settlement.fixture.ts";
import { type TestApp, TEST_REGION, openTestApp } from "../../test/test-app.ts";

/**
 * Roles that see masked ID numbers get back none of the hidden parts anywhere: every route of the
 * app is called by each masked role, and no answer holds the full ID number, the birth date
 * (yyyyMMdd or yyyy-MM-dd), the full name, the phone or the address.
 */
const BIRTH = "19570314";
const CERTNO = makeCertno("530102", BIRTH, 11);
const NAME = "欧阳锋";
const PHONE = "13987654321";
const ADDRESS = "白驼山庄一号";
const MASKED_ROLES: Role[] = ["auditor", "supervisor", "leader"];

/** The hidden parts: none of them may appear in an answer to a masked role. */
function leaks(text: string): string[] {
  const secrets = [CERTNO, BIRTH, "1957-03-14", NAME, PHONE, ADDRESS, NAME.slice(1)];
  return secrets.filter((s) => text.includes(s));
}

describe("masking that cannot be undone", () => {
  let t: TestApp;
  let agency: { authorization: string };
  let psnNo: string;

  beforeAll(async () => {
    t = await openTestApp(() => new Date("2026-06-01T08:00:00Z"));
    agency = await t.auth("agency");
    await setupRegion(t.handle.db);
    const post = (url: string, payload: object) =>
      t.app.inject({ method: "POST", url, headers: agency, payload });
    const p = await post("/api/v1/persons", {
      certno: CERTNO,
      name: NAME,
      phone: PHONE,
      address: ADDRESS,
      regionCode: TEST_REGION,
    });
    expect(p.statusCode, p.body).toBe(201);
    psnNo = p.json().psn_no;
    const e = await post("/api/v1/enrolments", {
      psnNo,
      insutype: "310",
      psnType: "1101",
      flexible: true,
      regionCode: TEST_REGION,
      startDate: "2025-01-01",
    });
    expect(e.statusCode, e.body).toBe(201);
    await t.handle.db.updateTable("enrolments").set({ benefit_start_date: "2025-01-01" }).execute();
    const contact = await t.app.inject({
      method: "PATCH",
      url: `/api/v1/persons/${psnNo}/contact`,
      headers: agency,
      payload: { phone: PHONE, address: `${ADDRESS}东` },
    });
    expect(contact.statusCode, contact.body).toBe(200);
    await settleOnce(t.handle.db, psnNo, "120.00");
  });
  afterAll(async () => t?.close());

  const PARAMS: Record<string, string> = {
    psnNo: "",
    id: "1",
    region: TEST_REGION,
    year: "2026",
    insutype: "310",
    medType: "11",
    kind: "persons",
  };

  it("keeps every answer of every route free of the hidden parts, for every masked role", async () => {
    PARAMS.psnNo = psnNo;
    const routes = t.app.routeIndex
      .routes()
      // logging out would end the role's session in the middle of the walk
      .filter(
        (r) => (r.url.startsWith("/api/") || r.url.startsWith("/fsi/")) && r.url !== "/api/v1/auth/logout",
      );
    expect(routes.length).toBeGreaterThan(30);
    const seen: string[] = [];
    for (const role of MASKED_ROLES) {
      const headers = await t.auth(role);
      for (const route of routes) {
        const url = route.url.replace(/:(\w+)/g, (_m, name: string) => PARAMS[name] ?? "1");
        for (const method of route.methods.filter((m) => m !== "HEAD")) {
          const query = url === "/api/v1/persons" ? `?certno=${CERTNO}` : `?psnNo=${psnNo}`;
          const res = await t.app.inject({
            method: method as "GET",
            url: url + query,
            headers,
            ...(method === "GET" ? {} : { payload: { psnNo, certno: CERTNO, name: NAME } }),
          });
          expect(leaks(res.body), `${role} ${method} ${url}: ${res.body.slice(0, 300)}`).toEqual([]);
          if (res.statusCode === 200) seen.push(`${method} ${route.url}`);
        }
      }
    }
    // the test is not vacuous: the person-bearing reads answered, masked
    for (const r of ["GET /api/v1/persons", "GET /api/v1/persons/:psnNo", "GET /api/v1/settlements"])
      expect(seen).toContain(r);
    const list = await t.app.inject({
      method: "GET",
      url: `/api/v1/persons?certno=${CERTNO}`,
      headers: await t.auth("auditor"),
    });
    expect(list.json().items[0]).toMatchObject({
      certno: `${CERTNO.slice(0, 6)}********${CERTNO.slice(-4)}`,
      name: "欧**",
      phone: "139****4321",
      birth_date: null,
      address: null,
    });
  });

  it("masks persons inside audit-log before/after for masked roles, not for clear ones", async () => {
    const { maskPersonData } = await import("./person.view.ts");
    const rows = await t.handle.db
      .selectFrom("audit_log")
      .selectAll()
      .where("entity", "=", "persons")
      .execute();
    expect(rows.length).toBeGreaterThanOrEqual(2);
    const actor = (role: Role) => ({
      operatorId: null,
      login: "x",
      role,
      regionCode: null,
      fixmedinsCode: null,
    });
    const clear = toJson(rows.map((r) => maskPersonData(r, actor("admin")))) ?? "";
    expect(clear).toContain(CERTNO);
    for (const role of MASKED_ROLES)
      expect(leaks(toJson(rows.map((r) => maskPersonData(r, actor(role)))) ?? "")).toEqual([]);
  });

  it("keeps import error reports and refusals free of personal data, for every role", async () => {
    const csv = (text: string) =>
      t.app.inject({
        method: "POST",
        url: "/api/v1/imports/persons",
        headers: { ...agency, "content-type": "text/csv" },
        payload: text,
      });
    const dup = await csv(`certno,name,phone,region_code\n${CERTNO},${NAME},${PHONE},${TEST_REGION}\n`);
    expect(dup.json()).toMatchObject({ code: "REG_IMPORT_ROWS_INVALID" });
    const broken = await csv(`certno,name,phone,region_code\n${CERTNO},x"${NAME}",${PHONE},${TEST_REGION}\n`);
    expect(broken.json()).toMatchObject({ code: "CSV_MALFORMED" });
    const twice = await t.app.inject({
      method: "POST",
      url: "/api/v1/persons",
      headers: agency,
      payload: { certno: CERTNO, name: NAME, phone: PHONE, regionCode: TEST_REGION },
    });
    expect(twice.json()).toMatchObject({ code: "REG_PERSON_EXISTS" });
    for (const res of [dup, broken, twice]) expect(leaks(res.body), res.body).toEqual([]);
  });
});
