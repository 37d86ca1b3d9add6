import { makeCertno } from "@yibao/core/registry";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { aCursor, aTime, anId, answer } from "../../test/answer-shapes.ts";
import { type TestApp, TEST_REGION, openTestApp } from "../../test/test-app.ts";

/**
 * The full answer of every platform route (platform.routes.ts, access-log.routes.ts,
 * stats.routes.ts), property by property: with a response schema Fastify writes only the
 * properties it names, so a forgotten one would silently go missing.
 */
describe("platform answers", () => {
  let t: TestApp;
  let admin: { authorization: string };
  let opId: string;
  const call = (method: "GET" | "POST", url: string, headers?: object, payload?: object) =>
    answer(t, { method, url, headers: headers as Record<string, string>, payload });

  beforeAll(async () => {
    t = await openTestApp(() => new Date("2026-06-01T08:00:00Z"));
    admin = await t.auth("admin");
  });
  afterAll(async () => t?.close());

  it("creates operators and lists them, a login lock included", async () => {
    const created = await call("POST", "/api/v1/operators", admin, {
      login: "ans.op",
      displayName: "答",
      role: "agency",
      password: "long enough password",
      regionCode: TEST_REGION,
    });
    expect(created).toMatchObject({ status: 201 });
    expect(created.body).toStrictEqual({
      id: anId,
      login: "ans.op",
      display_name: "答",
      role: "agency",
      region_code: TEST_REGION,
      fixmedins_code: null,
      active: true,
    });
    opId = created.body.id;
    const inst = await call("POST", "/api/v1/operators", admin, {
      login: "ans.inst",
      displayName: "医院",
      role: "institution",
      password: "long enough password",
      fixmedinsCode: "H53010000001",
    });
    expect(inst.body).toMatchObject({ region_code: null, fixmedins_code: "H53010000001" });
    for (let i = 0; i < 5; i++)
      await call("POST", "/api/v1/auth/login", {}, { login: "ans.op", password: "wrong password" });
    const page = await call("GET", "/api/v1/operators?limit=2", admin);
    expect(page.body).toStrictEqual({
      items: [
        {
          id: anId,
          login: expect.any(String),
          displayName: expect.any(String),
          role: "admin",
          regionCode: TEST_REGION,
          fixmedinsCode: null,
          active: true,
          lockedUntil: null,
        },
        expect.objectContaining({ login: "ans.op" }),
      ],
      nextCursor: aCursor,
    });
    expect(page.body.items[1]).toStrictEqual({
      id: opId,
      login: "ans.op",
      displayName: "答",
      role: "agency",
      regionCode: TEST_REGION,
      fixmedinsCode: null,
      active: true,
      lockedUntil: aTime,
    });
    const rest = await call("GET", `/api/v1/operators?cursor=${page.body.nextCursor}`, admin);
    expect(rest.body).toStrictEqual({
      items: [expect.objectContaining({ login: "ans.inst", fixmedinsCode: "H53010000001" })],
      nextCursor: null,
    });
  });

  it("answers the operator actions with the operator", async () => {
    const view = (active: boolean) => ({
      id: opId,
      login: "ans.op",
      displayName: "答",
      role: "agency",
      regionCode: TEST_REGION,
      fixmedinsCode: null,
      active,
      lockedUntil: null,
    });
    const url = `/api/v1/operators/${opId}`;
    expect((await call("POST", `${url}/deactivate`, admin)).body).toStrictEqual(view(false));
    expect((await call("POST", `${url}/activate`, admin)).body).toStrictEqual(view(true));
    expect((await call("POST", `${url}/unlock`, admin)).body).toStrictEqual(view(true));
    const reset = await call("POST", `${url}/password`, admin, { newPassword: "a fresh long password" });
    expect(reset.body).toStrictEqual(view(true));
  });

  it("answers login, me, password change and logout", async () => {
    const login = await call(
      "POST",
      "/api/v1/auth/login",
      {},
      {
        login: "ans.op",
        password: "a fresh long password",
      },
    );
    expect(login.body).toStrictEqual({
      token: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      operator: { id: opId, login: "ans.op", role: "agency", displayName: "答" },
    });
    const auth = { authorization: `Bearer ${login.body.token}` };
    expect((await call("GET", "/api/v1/auth/me", auth)).body).toStrictEqual({
      id: opId,
      login: "ans.op",
      role: "agency",
      regionCode: TEST_REGION,
      fixmedinsCode: null,
    });
    const changed = await call("POST", "/api/v1/auth/password", auth, {
      oldPassword: "a fresh long password",
      newPassword: "yet another long password",
    });
    expect(changed.body).toStrictEqual({ ok: true });
    expect((await call("POST", "/api/v1/auth/logout", auth)).body).toStrictEqual({ ok: true });
  });

  it("answers a refusal with code, message and details", async () => {
    const refused = await call("POST", "/api/v1/operators/999999/unlock", admin);
    expect(refused).toMatchObject({ status: 404 });
    expect(refused.body).toStrictEqual({
      code: "OPERATOR_UNKNOWN",
      message: expect.any(String),
      details: { field: "id" },
    });
    const locked = await call("POST", "/api/v1/auth/login", {}, { login: "nobody", password: "x" });
    expect(Object.keys(locked.body)).toStrictEqual(["code", "message", "details"]);
  });

  it("answers regions, the audit log, the access log and the overview", async () => {
    expect((await call("GET", "/api/v1/regions", admin)).body).toStrictEqual([
      { code: "530000", name: "云南省", level: "province", parent_code: null, created_at: aTime },
      { code: TEST_REGION, name: "昆明市", level: "city", parent_code: "530000", created_at: aTime },
    ]);
    const audit = await call("GET", "/api/v1/audit-log?operatorLogin=ans.op&limit=1", admin);
    expect(audit.body).toStrictEqual({
      items: [
        {
          id: anId,
          at: aTime,
          operator_id: anId,
          operator_login: "ans.op",
          action: "auth.logout",
          entity: "operators",
          entity_id: opId,
          before: null,
          after: null,
          request_id: expect.any(String),
        },
      ],
      nextCursor: aCursor,
    });
    const created = await call("GET", "/api/v1/audit-log?entity=operators&entityId=" + opId, admin);
    const create = created.body.items.find((e: { action: string }) => e.action === "operator.create");
    expect(create).toMatchObject({
      operator_id: anId,
      after: { login: "ans.op", role: "agency", region_code: TEST_REGION, active: true },
    });

    const agency = await t.auth("agency");
    const certno = makeCertno("530102", "19800101", 1);
    await call("GET", `/api/v1/persons?certno=${certno}`, agency);
    const auditor = await t.auth("auditor");
    expect((await call("GET", "/api/v1/person-access-log", auditor)).body).toStrictEqual({
      items: [
        {
          id: anId,
          at: aTime,
          channel: "rest",
          fixmedins_code: null,
          operator_login: expect.stringMatching(/^t_agency_/),
          psn_no: null,
          credential_type: "certno",
          credential: expect.stringContaining("*"),
          result: "not_found",
          request_id: expect.any(String),
        },
      ],
      nextCursor: null,
    });

    const person = await call("POST", "/api/v1/persons", agency, {
      certno,
      name: "张三",
      regionCode: TEST_REGION,
    });
    await call("POST", "/api/v1/enrolments", agency, {
      psnNo: person.body.psn_no,
      insutype: "390",
      psnType: "1501",
      regionCode: TEST_REGION,
      startDate: "2026-01-01",
    });
    await t.handle.db
      .insertInto("institutions")
      .values({
        code: "H53010000001",
        name: "医院",
        kind: "hospital",
        level: "2",
        region_code: TEST_REGION,
        agreement_from: "2020-01-01",
      })
      .execute();
    const leader = await t.auth("leader");
    expect((await call("GET", "/api/v1/stats/overview", leader)).body).toStrictEqual({
      persons: "1",
      employers: "0",
      institutions: "1",
      assistanceRecipients: "0",
      enrolments: [{ insutype: "390", status: "active", count: "1" }],
      institutionsByLevel: [{ level: "2", count: "1" }],
    });
  });
});
