import { readFileSync } from "node:fs";
import { ERROR_CODES, type ErrorCode, YibaoError } from "@yibao/core/errors";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { nhsaFailure } from "../features/nhsa/gateway.ts";
import { type TestApp, openTestApp } from "../test/test-app.ts";
import { ERRORS_DOC_PATH } from "./gen-docs.ts";

/** The codes and statuses docs/errors.md lists, read from its tables as a reader sees them. */
function documented(): [string, number][] {
  const doc = readFileSync(ERRORS_DOC_PATH, "utf8");
  return [...doc.matchAll(/^\| `([A-Z][A-Z0-9_]*)` \| (\d{3}) \|/gm)].map((m) => [m[1]!, Number(m[2])]);
}

/**
 * What docs/errors.md promises for every code, checked through the app's own error handling: over
 * REST the documented HTTP status with `{code, message, details}`, over the NHSA gateway an
 * envelope with infcode -1 and "[CODE] message".
 */
describe("every error code answers as docs/errors.md says", () => {
  let t: TestApp;
  const route = (code: string) => `/test/refusal/${code}`;

  beforeAll(async () => {
    t = await openTestApp();
    // One route per code that throws it, behind the app's refusal handling (http/refusals.ts).
    for (const code of Object.keys(ERROR_CODES) as ErrorCode[])
      t.app.get(route(code), async () => {
        throw new YibaoError(code, "refused for the test", { field: "x" });
      });
  });
  afterAll(async () => t?.close());

  it("lists every code of packages/core/src/errors/codes once, and no other", () => {
    const codes = documented().map(([code]) => code);
    expect(new Set(codes).size).toBe(codes.length);
    expect([...codes].sort()).toEqual(Object.keys(ERROR_CODES).sort());
  });

  it("answers each code over REST with its documented status", async () => {
    for (const [code, status] of documented()) {
      const res = await t.app.inject({ method: "GET", url: route(code) });
      expect(res.statusCode, code).toBe(status);
      const details =
        code === "INTERNAL" ? { field: "x", requestId: res.headers["x-request-id"] } : { field: "x" };
      expect(res.json(), code).toEqual({ code, message: "refused for the test", details });
    }
  });

  it("answers each code over the NHSA gateway as infcode -1 with the code in err_msg", () => {
    for (const [code] of documented()) {
      const envelope = JSON.parse(
        nhsaFailure(t.app.deps, { mdtrtarea_admvs: "530100" }, new YibaoError(code as ErrorCode, "refused")),
      );
      expect(envelope, code).toMatchObject({
        infcode: -1,
        err_msg: `[${code}] refused`,
        output: null,
        details: {},
      });
      expect(envelope.inf_refmsgid, code).toMatch(/^530100\d{24}$/);
    }
  });

  it("refuses a path parameter over the router's length (URL_TOO_LONG), before any role check", async () => {
    for (const url of [`/api/v1/persons/${"1".repeat(150)}`, `/api/v1/operators/${"1".repeat(150)}/unlock`]) {
      const res = await t.app.inject({ method: url.endsWith("unlock") ? "POST" : "GET", url });
      expect(res.statusCode, url).toBe(414);
      expect(res.json(), url).toEqual({
        code: "URL_TOO_LONG",
        message: "A path parameter is too long",
        details: { field: "url" },
      });
    }
  });
});
