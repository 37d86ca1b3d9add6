import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { toJson } from "../../audit/audit.ts";
import { type TestApp, openTestApp } from "../../test/test-app.ts";

let clock = new Date("2026-05-01T01:30:00Z");
const minutes = (n: number) => (clock = new Date(clock.getTime() + n * 60_000));
const PASSWORD = "the-right-password";

describe("logins: throttling, lockout, passwords, deactivation, sessions", () => {
  let t: TestApp;
  let admin: { authorization: string };
  const ids = new Map<string, string>();
  const loginAs = (login: string, password: string, remoteAddress = "10.0.0.1") =>
    t.app.inject({ method: "POST", url: "/api/v1/auth/login", payload: { login, password }, remoteAddress });
  const me = (token: string) =>
    t.app.inject({ method: "GET", url: "/api/v1/auth/me", headers: { authorization: `Bearer ${token}` } });
  const asAdmin = (url: string, payload?: object) =>
    t.app.inject({ method: "POST", url: `/api/v1${url}`, headers: admin, payload });
  async function operator(login: string) {
    const res = await asAdmin("/operators", {
      login,
      displayName: login,
      role: "agency",
      password: PASSWORD,
      regionCode: "530100",
    });
    expect(res.statusCode, res.body).toBe(201);
    ids.set(login, res.json().id);
  }

  beforeAll(async () => {
    t = await openTestApp(() => clock);
    admin = await t.auth("admin");
    for (const name of ["wang", "li", "zhao", "sun", "zhou", "wu"]) await operator(name);
  });
  afterAll(async () => t?.close());

  it("makes 30 wrong passwords in a row harmless: locked after 5, the right one refused until the lock ends", async () => {
    const codes: string[] = [];
    let lastLocked: Awaited<ReturnType<typeof loginAs>> | null = null;
    for (let i = 0; i < 30; i++) {
      const res = await loginAs("wang", `wrong-${i}`);
      codes.push(res.json().code);
      if (res.statusCode === 429) lastLocked = res;
    }
    expect(codes.slice(0, 5)).toEqual(Array(5).fill("AUTH_FAILED"));
    expect(codes.slice(5)).toEqual(Array(25).fill("AUTH_LOCKED"));
    expect(lastLocked!.json().details.retryAfter).toBe(15 * 60);
    expect(lastLocked!.headers["retry-after"]).toBe(String(15 * 60));
    const right = await loginAs("wang", PASSWORD, "10.0.0.2");
    expect(right.statusCode).toBe(429);
    expect(right.json().code).toBe("AUTH_LOCKED");
    minutes(14);
    expect((await loginAs("wang", PASSWORD, "10.0.0.2")).json().details.retryAfter).toBe(60);
    minutes(1);
    expect((await loginAs("wang", PASSWORD, "10.0.0.2")).statusCode).toBe(200);
  });

  it("answers names that are nobody's exactly like real ones, and lets an admin unlock an operator", async () => {
    const unknown: string[] = [];
    for (let i = 0; i < 6; i++)
      unknown.push((await loginAs("nobody-at-all", `x${i}`, "10.0.1.1")).json().code);
    expect(unknown).toEqual([...Array(5).fill("AUTH_FAILED"), "AUTH_LOCKED"]);
    for (let i = 0; i < 5; i++) await loginAs("li", `wrong-${i}`, "10.0.1.2");
    expect((await loginAs("li", PASSWORD, "10.0.1.2")).json().code).toBe("AUTH_LOCKED");
    const list = (
      await t.app.inject({ method: "GET", url: "/api/v1/operators?limit=100", headers: admin })
    ).json();
    const li = list.items.find((o: { login: string }) => o.login === "li");
    expect(li.lockedUntil).toBe(new Date(clock.getTime() + 15 * 60_000).toISOString());
    expect(list.items[0]).not.toHaveProperty("password_hash");
    expect((await asAdmin(`/operators/${ids.get("li")}/unlock`)).statusCode).toBe(200);
    expect((await loginAs("li", PASSWORD, "10.0.1.2")).statusCode).toBe(200);
  });

  it("locks an address after 20 failures, whatever the names", async () => {
    for (let i = 0; i < 20; i++) await loginAs(`guess-${i}`, "password123", "10.0.2.1");
    const res = await loginAs("zhao", PASSWORD, "10.0.2.1");
    expect(res.json().code).toBe("AUTH_LOCKED");
    // refused attempts count for nothing: the locked address does not lock the names it tries
    for (let i = 0; i < 10; i++)
      expect((await loginAs("zhao", `wrong-${i}`, "10.0.2.1")).statusCode).toBe(429);
    expect((await loginAs("zhao", PASSWORD, "10.0.2.2")).statusCode).toBe(200);
  });

  it("checks at most 5 passwords of a name even when 20 arrive at once", async () => {
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) => loginAs("sun", `parallel-${i}`, `10.0.3.${i}`)),
    );
    const codes = answers.map((a) => a.json().code);
    expect(codes.filter((c) => c === "AUTH_FAILED").length).toBeLessThanOrEqual(5);
    expect(codes.filter((c) => c === "AUTH_LOCKED").length).toBeGreaterThanOrEqual(15);
    minutes(16);
  });

  it("audits every login and failure with the address, never a password or an unknown name", async () => {
    const rows = await t.handle.db
      .selectFrom("audit_log")
      .selectAll()
      .where("action", "like", "auth.login%")
      .execute();
    const ok = rows.filter((r) => r.action === "auth.login");
    expect(ok.length).toBeGreaterThanOrEqual(3);
    expect(ok.find((r) => r.operator_login === "wang")).toMatchObject({
      after: { address: "10.0.0.2" },
      entity_id: ids.get("wang"),
    });
    const failed = rows.filter((r) => r.action === "auth.login_failed");
    const reasons = new Set(failed.map((r) => (r.after as { reason: string }).reason));
    expect([...reasons].sort()).toEqual(["locked", "unknown_login", "wrong_password"]);
    expect(failed.filter((r) => r.operator_login === "(unknown)").length).toBeGreaterThan(20);
    const text = toJson(rows)!;
    expect(text).not.toMatch(/wrong-\d|parallel-\d|password123|the-right-password|x\d"/);
    expect(text).not.toContain("nobody-at-all");
    expect(text).not.toContain("guess-");
  });

  it("changes one's own password: the old one checked, other sessions end, this one stays", async () => {
    const first = (await loginAs("zhou", PASSWORD)).json().token as string;
    const second = (await loginAs("zhou", PASSWORD)).json().token as string;
    const change = (payload: object) =>
      t.app.inject({
        method: "POST",
        url: "/api/v1/auth/password",
        headers: { authorization: `Bearer ${first}` },
        payload,
      });
    expect(
      (await change({ oldPassword: "not-it-at-all", newPassword: "a-new-long-password" })).json(),
    ).toMatchObject({
      code: "PASSWORD_WRONG",
      details: { field: "oldPassword" },
    });
    expect((await change({ oldPassword: PASSWORD, newPassword: "short" })).json().code).toBe("PASSWORD_WEAK");
    expect((await change({ oldPassword: PASSWORD, newPassword: PASSWORD })).json().code).toBe(
      "PASSWORD_UNCHANGED",
    );
    expect((await change({ oldPassword: PASSWORD, newPassword: "a-new-long-password" })).statusCode).toBe(
      200,
    );
    expect((await me(first)).statusCode).toBe(200);
    const ended = await me(second);
    expect(ended.statusCode).toBe(401);
    expect(ended.json().code).toBe("AUTH_SESSION_EXPIRED");
    expect((await loginAs("zhou", PASSWORD)).json().code).toBe("AUTH_FAILED");
    expect((await loginAs("zhou", "a-new-long-password")).statusCode).toBe(200);
    const audit = await t.handle.db
      .selectFrom("audit_log")
      .selectAll()
      .where("action", "like", "operator.password%")
      .execute();
    expect(audit.map((a) => a.action).sort()).toEqual([
      "operator.password_change",
      "operator.password_change_failed",
    ]);
    expect(toJson(audit)).not.toContain("a-new-long-password");
  });

  it("lets an admin reset a password (sessions end) and deactivate an operator at once", async () => {
    const token = (await loginAs("wu", PASSWORD)).json().token as string;
    expect(
      (await asAdmin(`/operators/${ids.get("wu")}/password`, { newPassword: "reset-by-admin-1" })).statusCode,
    ).toBe(200);
    expect((await me(token)).json().code).toBe("AUTH_SESSION_EXPIRED");
    const again = (await loginAs("wu", "reset-by-admin-1")).json().token as string;
    expect((await me(again)).statusCode).toBe(200);
    const off = await asAdmin(`/operators/${ids.get("wu")}/deactivate`);
    expect(off.json()).toMatchObject({ login: "wu", active: false });
    expect((await me(again)).json().code).toBe("AUTH_SESSION_EXPIRED");
    expect((await loginAs("wu", "reset-by-admin-1")).json().code).toBe("AUTH_FAILED");
    const adminId = (await t.app.inject({ method: "GET", url: "/api/v1/auth/me", headers: admin })).json().id;
    expect((await asAdmin(`/operators/${adminId}/deactivate`)).json().code).toBe("OPERATOR_SELF");
    expect((await asAdmin("/operators/999999/deactivate")).json().code).toBe("OPERATOR_UNKNOWN");
    expect((await asAdmin(`/operators/${ids.get("wu")}/activate`)).json().active).toBe(true);
    expect((await loginAs("wu", "reset-by-admin-1")).statusCode).toBe(200);
    const actions = (
      await t.handle.db
        .selectFrom("audit_log")
        .select("action")
        .where("entity_id", "=", ids.get("wu")!)
        .execute()
    ).map((a) => a.action);
    expect(actions).toEqual(
      expect.arrayContaining(["operator.password_reset", "operator.deactivate", "operator.activate"]),
    );
  });

  it("requires a region for regional staff operators", async () => {
    const res = await asAdmin("/operators", {
      login: "noregion",
      displayName: "x",
      role: "auditor",
      password: PASSWORD,
    });
    expect(res.json()).toMatchObject({ code: "OPERATOR_REGION_REQUIRED", details: { field: "regionCode" } });
  });

  it("ends sessions after their time with AUTH_SESSION_EXPIRED; no token is AUTH_REQUIRED", async () => {
    const token = (await loginAs("zhao", PASSWORD, "10.0.4.1")).json().token as string;
    minutes(12 * 60 - 1);
    expect((await me(token)).statusCode).toBe(200);
    minutes(2);
    expect((await me(token)).json().code).toBe("AUTH_SESSION_EXPIRED");
    expect((await t.app.inject({ method: "GET", url: "/api/v1/auth/me" })).json().code).toBe("AUTH_REQUIRED");
    const bogus = await t.app.inject({
      method: "GET",
      url: "/api/v1/auth/me",
      headers: { authorization: "Bearer nope" },
    });
    expect(bogus.json().code).toBe("AUTH_SESSION_EXPIRED");
  });
});
