import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TestApp, openTestApp } from "../test/test-app.ts";

/**
 * TEMPORARY: routes of part B of issue 9 (settlement, NHSA, payment, institutions, gateway keys)
 * whose answers are not yet in the API document. Remove the list once those routes have their
 * response schemas; an entry whose route has one fails the test, so the list only shrinks.
 */
const NOT_YET_DOCUMENTED = [
  "POST /api/v1/payment/liquidations",
  "POST /api/v1/payment/advances",
  "GET /api/v1/payment/dip-catalogue",
  "GET /api/v1/payment/liquidations/{id}",
  "GET /api/v1/institution-keys",
  "POST /api/v1/institutions/{code}/keys",
  "POST /api/v1/institutions/{code}/keys/{id}/rotate",
  "POST /api/v1/institutions/{code}/keys/{id}/revoke",
  "POST /fsi/*",
];
const allowed = (op: string) =>
  NOT_YET_DOCUMENTED.some((a) => (a.endsWith("/*") ? op.startsWith(a.slice(0, -1)) : op === a));

interface Operation {
  responses?: Record<string, { content?: Record<string, { schema?: { required?: string[] } }> }>;
}

/** The API document at /docs/json shows what every route answers on success. */
describe("the API document", () => {
  let t: TestApp;
  let paths: Record<string, Record<string, Operation>>;
  beforeAll(async () => {
    t = await openTestApp();
    const res = await t.app.inject({ method: "GET", url: "/docs/json" });
    expect(res.statusCode).toBe(200);
    paths = res.json().paths;
  });
  afterAll(async () => t?.close());

  /** Every operation of the document, and whether a 2xx answer of it has a JSON schema. */
  const operations = () =>
    Object.entries(paths).flatMap(([path, ops]) =>
      Object.entries(ops).map(([method, op]) => ({
        op: `${method.toUpperCase()} ${path}`,
        documented: Object.entries(op.responses ?? {}).some(
          ([status, r]) => /^2\d\d$/.test(status) && r.content?.["application/json"]?.schema !== undefined,
        ),
      })),
    );

  it("has every route", () => {
    const ops = operations().map((o) => o.op);
    expect(ops.length).toBeGreaterThan(60);
    for (const op of ["GET /api/v1/persons/{psnNo}", "PUT /api/v1/contributions/params/{region}/{year}"])
      expect(ops).toContain(op);
  });

  it("gives a response schema for the success status of every route", () => {
    const missing = operations().filter((o) => !o.documented && !allowed(o.op));
    expect(missing.map((o) => o.op)).toStrictEqual([]);
  });

  it("keeps no route on the temporary list once it is documented", () => {
    const stale = operations().filter((o) => o.documented && allowed(o.op));
    expect(stale.map((o) => o.op)).toStrictEqual([]);
  });

  it("documents the refusal body with the answers of the registry, contributions, platform and catalogue", () => {
    const ours = Object.entries(paths).filter(([path]) =>
      /^\/api\/v1\/(persons|employers|enrolments|imports|contributions|auth|operators|audit-log|person-access-log|regions|stats|catalogue|policies)/.test(
        path,
      ),
    );
    expect(ours.length).toBeGreaterThan(30);
    for (const [path, ops] of ours)
      for (const [method, op] of Object.entries(ops)) {
        const refusal = op.responses?.["4XX"]?.content?.["application/json"]?.schema;
        expect(refusal?.required, `${method} ${path}`).toStrictEqual(["code", "message", "details"]);
      }
  });
});
