import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TestApp, openTestApp } from "../../test/test-app.ts";

describe("operators, sessions and the audit log", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await openTestApp();
  });
  afterAll(async () => t?.close());

  it("refuses anonymous and wrong-role requests", async () => {
    const anon = await t.app.inject({ method: "GET", url: "/api/v1/audit-log" });
    expect(anon.statusCode).toBe(401);
    expect(anon.json().code).toBe("AUTH_REQUIRED");
    const agency = await t.app.inject({
      method: "GET",
      url: "/api/v1/audit-log",
      headers: await t.auth("agency"),
    });
    expect(agency.statusCode).toBe(403);
    expect(agency.json().code).toBe("FORBIDDEN");
  });

  it("logs in, creates an operator and records it in the audit log", async () => {
    const admin = await t.auth("admin");
    const created = await t.app.inject({
      method: "POST",
      url: "/api/v1/operators",
      headers: admin,
      payload: {
        login: "li.auditor",
        displayName: "李审核",
        role: "auditor",
        password: "a-long-password",
        regionCode: "530100",
      },
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).not.toHaveProperty("password_hash");

    const bad = await t.app.inject({
      method: "POST",
      url: "/api/v1/auth/login",
      payload: { login: "li.auditor", password: "wrong-password" },
    });
    expect(bad.statusCode).toBe(401);
    const ok = await t.app.inject({
      method: "POST",
      url: "/api/v1/auth/login",
      payload: { login: "li.auditor", password: "a-long-password" },
    });
    expect(ok.statusCode).toBe(200);
    const me = await t.app.inject({
      method: "GET",
      url: "/api/v1/auth/me",
      headers: { authorization: `Bearer ${ok.json().token}` },
    });
    expect(me.json().role).toBe("auditor");

    const log = await t.app.inject({
      method: "GET",
      url: "/api/v1/audit-log?entity=operators",
      headers: admin,
    });
    const rows = log.json().items as { action: string; after: { login: string } }[];
    expect(rows.some((r) => r.action === "operator.create" && r.after.login === "li.auditor")).toBe(true);
  });

  it("refuses duplicates and weak passwords with codes naming the field", async () => {
    const admin = await t.auth("admin");
    const payload = { login: "dup", displayName: "x", role: "agency", password: "short" };
    const weak = await t.app.inject({ method: "POST", url: "/api/v1/operators", headers: admin, payload });
    expect(weak.json()).toMatchObject({ code: "PASSWORD_WEAK", details: { field: "password" } });
    const missing = await t.app.inject({
      method: "POST",
      url: "/api/v1/operators",
      headers: admin,
      payload: { login: "x" },
    });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().code).toBe("FIELD_REQUIRED");
  });

  it("serves the OpenAPI document", async () => {
    const res = await t.app.inject({ method: "GET", url: "/docs/json" });
    expect(res.statusCode).toBe(200);
    expect(res.json().paths).toHaveProperty("/api/v1/operators");
  });
});
