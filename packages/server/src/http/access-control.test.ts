import { existsSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Role } from "../features/platform/platform.table.ts";
import { TRANSACTION_PATHS } from "../features/nhsa/transactions.ts";
import { HOSPITAL, setupRegion } from "../features/settlement/settlement.fixture.ts";
import { type TestApp, openTestApp } from "../test/test-app.ts";
import { citizenAuth } from "../test/citizen-auth.ts";
import { CONSOLE_DIST } from "./console.ts";
import { type RouteEntry, routeTable } from "./route-guard.ts";

/**
 * Who may do what, route by route: every route of the app (read from Fastify's route table, so a
 * new route cannot hide) is called by nobody, by a stale token and by an operator of every role.
 * Deny by default: a route under /api that is not in this table, or has no role guard, or lets
 * a role through that the table does not list, fails. Admin may always (requireRole).
 * The NHSA gateway (/fsi/api) authenticates institutions itself (gateway-auth.test.ts).
 */
const STAFF: Role[] = ["agency", "auditor", "supervisor", "leader"];
const ANY: Role[] = [...STAFF, "institution"];
const ADMIN_ONLY: Role[] = [];
const AGENCY: Role[] = ["agency"];

type Citizens = { citizen: ("insured" | "employer")[] };
const INSURED: Citizens = { citizen: ["insured"] };
const EMPLOYER: Citizens = { citizen: ["employer"] };
const CITIZEN: Citizens = { citizen: ["insured", "employer"] };

const EXPECTED: Record<string, Role[] | "public" | Citizens> = {
  "GET /api/v1/health": "public",
  "POST /api/v1/auth/login": "public",
  "POST /api/v1/auth/logout": ANY,
  "GET /api/v1/auth/me": ANY,
  "POST /api/v1/auth/password": ANY,
  "GET /api/v1/regions": ANY,
  "GET /api/v1/divisions": ANY,
  "GET /api/v1/stats/overview": STAFF,
  "GET /api/v1/person-access-log": ["auditor", "supervisor"],
  "GET /api/v1/audit-log": ADMIN_ONLY,
  "GET /api/v1/operators": ADMIN_ONLY,
  "POST /api/v1/operators": ADMIN_ONLY,
  "POST /api/v1/operators/:id/deactivate": ADMIN_ONLY,
  "POST /api/v1/operators/:id/activate": ADMIN_ONLY,
  "POST /api/v1/operators/:id/password": ADMIN_ONLY,
  "POST /api/v1/operators/:id/unlock": ADMIN_ONLY,
  "GET /api/v1/institution-keys": ADMIN_ONLY,
  "POST /api/v1/institutions/:code/keys": ADMIN_ONLY,
  "PUT /api/v1/institutions/:code/crypto": ADMIN_ONLY,
  "POST /api/v1/institutions/:code/keys/:id/rotate": ADMIN_ONLY,
  "POST /api/v1/institutions/:code/keys/:id/revoke": ADMIN_ONLY,
  "POST /api/v1/persons": AGENCY,
  "GET /api/v1/persons": STAFF,
  "GET /api/v1/persons/:psnNo": STAFF,
  "PATCH /api/v1/persons/:psnNo/contact": AGENCY,
  "POST /api/v1/persons/:psnNo/e-voucher": AGENCY,
  "POST /api/v1/persons/:psnNo/newborns": AGENCY,
  "POST /api/v1/persons/:psnNo/transfer": AGENCY,
  "GET /api/v1/persons/:psnNo/account": STAFF,
  "POST /api/v1/employers": AGENCY,
  "GET /api/v1/employers": STAFF,
  "POST /api/v1/institutions": AGENCY,
  "GET /api/v1/institutions": STAFF,
  "GET /api/v1/institutions/:code": STAFF,
  "POST /api/v1/institutions/:code/agreements": AGENCY,
  "POST /api/v1/institutions/:code/agreements/:agreementNo/terminate": AGENCY,
  "POST /api/v1/enrolments": AGENCY,
  "POST /api/v1/person-enrolments": AGENCY,
  "POST /api/v1/enrolments/:id/status": AGENCY,
  "POST /api/v1/imports/:kind": AGENCY,
  "GET /api/v1/imports": AGENCY,
  "GET /api/v1/imports/:id": AGENCY,
  "PUT /api/v1/contributions/params/:region/:year": AGENCY,
  "GET /api/v1/contributions/params/:region/:year": STAFF,
  "POST /api/v1/contributions/assessments/employees": AGENCY,
  "POST /api/v1/contributions/assessments/residents": AGENCY,
  "POST /api/v1/contributions/payments": AGENCY,
  "POST /api/v1/contributions/payments/:id/reverse": AGENCY,
  "GET /api/v1/contributions/arrears": STAFF,
  "GET /api/v1/contributions/assessments": STAFF,
  "GET /api/v1/contributions/payments": STAFF,
  "GET /api/v1/catalogue": ANY,
  "POST /api/v1/catalogue/imports": AGENCY,
  "GET /api/v1/policies/:region/:year/:insutype/:medType": STAFF,
  "POST /api/v1/policies/:region/:year": AGENCY,
  "GET /api/v1/policies/:region/:year": STAFF,
  "POST /api/v1/manual-reimbursements": AGENCY,
  "GET /api/v1/settlements": ANY,
  "POST /api/v1/payment/liquidations": AGENCY,
  "POST /api/v1/payment/advances": AGENCY,
  "GET /api/v1/payment/dip-catalogue": STAFF,
  "GET /api/v1/payment/liquidations/:id": STAFF,
  "POST /api/v1/supervision/kb-versions": ["supervisor"],
  "GET /api/v1/supervision/kb-versions": ["auditor", "supervisor"],
  "POST /api/v1/supervision/kb-versions/:id/publish": ["supervisor"],
  "POST /api/v1/supervision/audit-jobs": ["auditor", "supervisor"],
  "GET /api/v1/supervision/audit-jobs/:id": ["auditor", "supervisor"],
  "GET /api/v1/supervision/findings": ["auditor", "supervisor"],
  "POST /api/v1/supervision/cases": ["auditor", "supervisor"],
  "POST /api/v1/supervision/reports": ["auditor", "supervisor"],
  "GET /api/v1/supervision/cases": ["auditor", "supervisor", "institution"],
  "GET /api/v1/supervision/cases/:id": ["auditor", "supervisor", "institution"],
  "POST /api/v1/supervision/cases/:id/review": ["auditor", "supervisor"],
  "POST /api/v1/supervision/cases/:id/answer": ["institution"],
  "POST /api/v1/supervision/cases/:id/decide": ["supervisor"],
  "GET /api/v1/supervision/early-warnings": ["agency", "auditor", "supervisor"],
  "GET /api/v1/supervision/credit/institutions": ["auditor", "supervisor"],
  "GET /api/v1/supervision/credit/persons": ["auditor", "supervisor"],
  "GET /api/v1/supervision/credit/doctors": ["auditor", "supervisor", "institution"],
  "POST /api/v1/supervision/inspections": ["supervisor"],
  "GET /api/v1/supervision/inspections": ["auditor", "supervisor"],
  "GET /api/v1/supervision/inspections/:id": ["auditor", "supervisor"],
  "POST /api/v1/supervision/inspections/:id/publish": ["supervisor"],
  "POST /api/v1/supervision/inspections/:id/results": ["auditor", "supervisor"],
  "POST /api/v1/supervision/cases/:id/disclosure": ["supervisor"],
  "GET /api/v1/public/inspections": "public",
  "GET /api/v1/public/disclosures": "public",
  // the console's supervision reads (supervision-read.routes.ts)
  "GET /api/v1/supervision/rule-catalog": ["auditor", "supervisor", "institution"],
  "GET /api/v1/supervision/kb-versions/:id": ["auditor", "supervisor"],
  "GET /api/v1/supervision/audit-jobs": ["auditor", "supervisor"],
  "GET /api/v1/supervision/findings/paged": ["auditor", "supervisor"],
  "PUT /api/v1/regions/:code/filing-rules": AGENCY,
  "GET /api/v1/regions/:code/filing-rules": STAFF,
  "POST /api/v1/filings": AGENCY,
  "GET /api/v1/filings": STAFF,
  "POST /api/v1/filings/:filingNo/proof": AGENCY,
  "POST /api/v1/filings/:filingNo/revoke": AGENCY,
  "POST /api/v1/clearing/statements": AGENCY,
  "GET /api/v1/clearing/statements": STAFF,
  "GET /api/v1/clearing/statements/:id": STAFF,
  "GET /api/v1/clearing/statements/:id/settlements": STAFF,
  "POST /api/v1/clearing/statements/:id/confirm": AGENCY,
  "POST /api/v1/clearing/statements/:id/paid": AGENCY,
  "GET /api/v1/reconciliation/daily": STAFF,
  "GET /api/v1/reconciliation/daily.csv": STAFF,
  "GET /api/v1/reconciliation/monthly": STAFF,
  "GET /api/v1/reconciliation/monthly.csv": STAFF,
  "GET /api/v1/fund": STAFF,
  "GET /api/v1/fund/liquidations": STAFF,
  "GET /api/v1/fund/entries": STAFF,
  "PUT /api/v1/fund/budgets/:region/:year": AGENCY,
  "POST /api/v1/fund/entries": AGENCY,
  "POST /api/v1/fund/transfers": AGENCY,
  "POST /api/v1/fund/entries/:id/reverse": AGENCY,
  "GET /api/v1/indicators": STAFF,
  "GET /api/v1/settlements/export": STAFF,
  "PUT /api/v1/indicators/population/:region/:year": AGENCY,
  "GET /api/v1/persons/search": STAFF,
  "GET /api/v1/enrolments": STAFF,
  "GET /api/v1/employers/:uscc": STAFF,
  "GET /api/v1/employers/:uscc/staff": STAFF,
  "GET /api/v1/employers/:uscc/contributions": STAFF,
  "GET /api/v1/persons/:psnNo/contributions": STAFF,
  "GET /api/v1/settlements/:setlId": ANY,
  "POST /api/v1/settlements/:setlId/reverse": AGENCY,
  "GET /api/v1/manual-reimbursements": STAFF,
  "POST /api/v1/manual-reimbursements/:id/review": AGENCY,
  "POST /api/v1/manual-reimbursements/:id/payment": AGENCY,
  "GET /api/v1/payment/liquidations": STAFF,
  "GET /api/v1/payment/liquidations/:id/statements": STAFF,
  "GET /api/v1/payment/liquidations/:id/statements/:code": STAFF,
  "GET /api/v1/payment/cases": STAFF,
  "GET /api/v1/payment/cases/:id": STAFF,
  "GET /api/v1/service-items": STAFF,
  "GET /api/v1/service-items/online-share": STAFF,
  "GET /api/v1/service-applications": STAFF,
  "GET /api/v1/service-applications/:id": STAFF,
  "POST /api/v1/service-applications/:id/decision": AGENCY,
  "GET /api/v1/service-applications/:id/attachments/:attachmentId": STAFF,
  "GET /api/v1/out-of-region-filings": STAFF,
  "POST /api/v1/selfservice/codes": "public",
  "POST /api/v1/selfservice/login": "public",
  "POST /api/v1/selfservice/logout": CITIZEN,
  "GET /api/v1/selfservice/me": INSURED,
  "GET /api/v1/selfservice/account": INSURED,
  "GET /api/v1/selfservice/items": CITIZEN,
  "GET /api/v1/selfservice/applications": CITIZEN,
  "POST /api/v1/selfservice/applications": CITIZEN,
  "GET /api/v1/selfservice/applications/:id": CITIZEN,
  "POST /api/v1/selfservice/applications/:id/rating": CITIZEN,
  "POST /api/v1/selfservice/applications/:id/attachments": CITIZEN,
  "GET /api/v1/selfservice/applications/:id/attachments/:attachmentId": CITIZEN,
  "GET /api/v1/selfservice/filings": INSURED,
  "POST /api/v1/selfservice/e-voucher": INSURED,
  "GET /api/v1/selfservice/employer": EMPLOYER,
  "GET /api/v1/selfservice/employer/staff": EMPLOYER,
  "GET /api/v1/selfservice/employer/contributions": EMPLOYER,
};
const isCitizens = (e: unknown): e is Citizens => typeof e === "object" && e !== null && "citizen" in e;

/** Path parameters that name nothing, so an admitted call changes nothing. */
const PARAMS: Record<string, string> = {
  id: "999999999999",
  psnNo: "5301009999999999",
  code: "X0000000000X",
  region: "999999",
  year: "2099",
  insutype: "310",
  medType: "11",
  kind: "persons",
  filingNo: "BA9999999999999999",
  uscc: "91530102MA0000000X",
  setlId: "S999999999999",
  attachmentId: "999999999999",
};
const ROLES: Role[] = ["admin", ...ANY];

/** Routes outside /api: API docs, the NHSA gateway, the console's files. */
function outsideApi(r: RouteEntry): "docs" | "gateway" | "console" | null {
  if (r.url === "/docs" || r.url.startsWith("/docs/")) return "docs";
  if (r.url.startsWith("/fsi/api/rsfComIfsService/callService") || r.url in TRANSACTION_PATHS)
    return "gateway";
  if (r.url === "/" || existsSync(join(CONSOLE_DIST, r.url))) return "console";
  return null;
}

/** Logging out ends the session used: those calls go last, the online services' very last. */
const lastness = (url: string) => (url.endsWith("/selfservice/logout") ? 1 : url.endsWith("/logout") ? 2 : 0);

describe("every route, every role", () => {
  let t: TestApp;
  const tokens = new Map<Role, { authorization: string }>();
  const citizens = new Map<"insured" | "employer", { authorization: string }>();
  let routes: { method: string; url: string; key: string }[] = [];

  beforeAll(async () => {
    t = await openTestApp(() => new Date("2026-05-01T01:30:00Z"));
    await setupRegion(t.handle.db);
    for (const role of ROLES)
      tokens.set(role, await t.auth(role, role === "institution" ? { fixmedinsCode: HOSPITAL } : {}));
    citizens.set("insured", (await citizenAuth(t, "insured", 990)).headers);
    citizens.set("employer", (await citizenAuth(t, "employer", 990)).headers);
    routes = routeTable(t.app)
      .filter((r) => r.url.startsWith("/api/"))
      .flatMap((r) =>
        r.methods.map((m) => ({ method: m, url: r.url, key: `${m === "HEAD" ? "GET" : m} ${r.url}` })),
      );
  });
  afterAll(async () => t?.close());

  it("knows every route: /api routes are all in the table, the others are docs, gateway or console", () => {
    const seen = new Set(routes.map((r) => r.key));
    expect(
      [...seen].filter((k) => !(k in EXPECTED)),
      "routes missing from EXPECTED",
    ).toEqual([]);
    expect(
      Object.keys(EXPECTED).filter((k) => !seen.has(k)),
      "EXPECTED routes that do not exist",
    ).toEqual([]);
    const strays = routeTable(t.app).filter((r) => !r.url.startsWith("/api/") && outsideApi(r) === null);
    expect(strays.map((r) => r.url)).toEqual([]);
  });

  it("guards every non-public route with exactly the roles of the table", () => {
    for (const r of routeTable(t.app).filter((x) => x.url.startsWith("/api/"))) {
      const expected = EXPECTED[`${r.methods[0] === "HEAD" ? "GET" : r.methods[0]} ${r.url}`];
      if (expected === "public") expect(r.roles, r.url).toBeNull();
      else if (isCitizens(expected)) {
        expect(r.roles, r.url).toEqual([]);
        expect([...(r.citizen ?? [])].sort(), r.url).toEqual([...expected.citizen].sort());
      } else expect([...(r.roles ?? [])].sort(), r.url).toEqual(["admin", ...(expected ?? [])].sort());
    }
  });

  it("refuses nobody and stale tokens (401), wrong roles (403), and admits the listed ones", async () => {
    const failures: string[] = [];
    // logging out ends the session used: those calls go last
    const ordered = [...routes].sort((a, b) => lastness(a.url) - lastness(b.url));
    for (const r of ordered) {
      const expected = EXPECTED[r.key];
      if (expected === "public" || expected === undefined) continue;
      const url = r.url.replace(/:(\w+)/g, (_m, p: string) => PARAMS[p] ?? "0");
      const call = (headers: Record<string, string> = {}) =>
        t.app.inject({
          method: r.method as "GET",
          url,
          headers,
          ...(["GET", "HEAD"].includes(r.method) ? {} : { payload: {} }),
        });
      const anonymous = await call();
      if (anonymous.statusCode !== 401)
        failures.push(`${r.method} ${r.url} anonymous: ${anonymous.statusCode}`);
      const stale = await call({ authorization: "Bearer not-a-session" });
      if (stale.statusCode !== 401) failures.push(`${r.method} ${r.url} stale token: ${stale.statusCode}`);
      // online-service sessions: admitted where listed, refused elsewhere (their logout ends them: last)
      const citizenCalls = async () => {
        for (const kind of ["insured", "employer"] as const) {
          const res = await call(citizens.get(kind)!);
          const admitted = isCitizens(expected) && expected.citizen.includes(kind);
          if (admitted && ([401, 403].includes(res.statusCode) || res.statusCode >= 500))
            failures.push(`${r.method} ${r.url} ${kind}: ${res.statusCode} ${res.body}`);
          if (!admitted && res.statusCode !== 403)
            failures.push(`${r.method} ${r.url} ${kind}: not refused (${res.statusCode})`);
        }
      };
      const citizensLast = r.url.endsWith("/selfservice/logout");
      if (!citizensLast) await citizenCalls();
      for (const role of ROLES) {
        const res = await call(tokens.get(role)!);
        const admitted = !isCitizens(expected) && (role === "admin" || expected.includes(role));
        if (admitted && [401, 403].includes(res.statusCode))
          failures.push(`${r.method} ${r.url} ${role}: refused ${res.statusCode} ${res.body}`);
        if (admitted && res.statusCode >= 500)
          failures.push(`${r.method} ${r.url} ${role}: ${res.statusCode} ${res.body}`);
        if (!admitted && (res.statusCode !== 403 || (r.method !== "HEAD" && res.json().code !== "FORBIDDEN")))
          failures.push(`${r.method} ${r.url} ${role}: not refused (${res.statusCode})`);
      }
      if (citizensLast) {
        await citizenCalls();
        // signed out: new sessions for the routes still to come
        citizens.set("insured", (await citizenAuth(t, "insured", 991)).headers);
        citizens.set("employer", (await citizenAuth(t, "employer", 991)).headers);
      }
    }
    expect(failures).toEqual([]);
  });
});
