import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { nhsaAnswer } from "../../test/nhsa-answer.ts";
import { SYSTEM_ACTOR, toJson } from "../../audit/audit.ts";
import { watchAnswers } from "../../test/answer-shape.ts";
import { signedHeaders } from "../../test/nhsa-sign.ts";
import { type TestApp, openTestApp } from "../../test/test-app.ts";
import { HOSPITAL, insuredPerson, setupRegion } from "../settlement/settlement.fixture.ts";
import { MAX_SKEW_MS } from "./gateway-context.ts";
import { issueKey } from "./keys.service.ts";

const OTHER = "H53010000002";
let clock = new Date("2026-05-01T01:30:00Z");
let serial = 0;

describe("gateway credentials (hmac, the default of yibao serve)", () => {
  let t: TestApp;
  let certno: string;
  let admin: { authorization: string };
  let shapes: ReturnType<typeof watchAnswers>;
  const lookup = (headers: Record<string, string> = {}, sender = HOSPITAL) =>
    t.app
      .inject({
        method: "POST",
        url: "/fsi/api/rsfComIfsService/callService",
        headers,
        payload: {
          infno: "1101",
          msgid: `${sender}20260501093000${String(++serial).padStart(4, "0")}`,
          fixmedins_code: sender,
          inf_time: "2026-05-01 09:30:00",
          input: { data: { mdtrt_cert_type: "02", mdtrt_cert_no: certno } },
        },
      })
      .then((r) => nhsaAnswer(r));
  // Every answer of the key routes is checked whole: their response schemas drop nothing.
  const api = (method: "GET" | "POST", url: string) =>
    t.app.inject({ method, url: `/api/v1${url}`, headers: admin }).then((r) => {
      if (r.statusCode < 300) shapes.expectWhole(r);
      return { status: r.statusCode, body: r.json() };
    });

  beforeAll(async () => {
    // sessions of a week: the test moves the clock past a rotation's grace period
    t = await openTestApp(() => clock, { nhsaAuth: "hmac", login: { sessionMs: 7 * 86_400_000 } });
    shapes = watchAnswers(t.app);
    await setupRegion(t.handle.db);
    await t.handle.db
      .insertInto("institutions")
      .values({
        code: OTHER,
        name: "另一医院",
        kind: "hospital",
        level: "3",
        region_code: "530100",
        agreement_from: "2020-01-01",
      })
      .execute();
    certno = (await insuredPerson(t.handle.db, 5)).certno;
    admin = await t.auth("admin");
  });
  afterAll(async () => t?.close());

  it("refuses unsigned messages, even from an institution without a key", async () => {
    const r = await lookup();
    expect(r).toMatchObject({ infcode: -1, details: { field: "_api_signature" } });
    expect(r.err_msg).toMatch(/^\[NHSA_SIGNATURE_INVALID\]/);
  });

  it("issues a key over the API: the secret shown once, stored sealed, audited without it", async () => {
    const issued = await api("POST", `/institutions/${HOSPITAL}/keys`);
    expect(issued.status).toBe(201);
    expect(issued.body).toMatchObject({
      fixmedinsCode: HOSPITAL,
      accessKey: expect.stringMatching(/^ak_[0-9a-f]{24}$/),
    });
    const { secret, accessKey } = issued.body as { secret: string; accessKey: string };
    expect(secret.length).toBeGreaterThanOrEqual(40);
    const row = await t.handle.db
      .selectFrom("nhsa_access_keys")
      .selectAll()
      .where("access_key", "=", accessKey)
      .executeTakeFirstOrThrow();
    expect(row.secret_enc).toMatch(/^v1\./);
    expect(toJson(row)).not.toContain(secret);
    const audit = await t.handle.db
      .selectFrom("audit_log")
      .selectAll()
      .where("action", "=", "nhsa_key.issue")
      .execute();
    expect(audit).toHaveLength(1);
    expect(toJson(audit)).not.toContain(secret);
    expect(toJson(audit)).not.toContain(accessKey);
    const listed = await api("GET", `/institution-keys?fixmedinsCode=${HOSPITAL}`);
    expect(listed.body.items).toEqual([
      expect.objectContaining({
        id: issued.body.id,
        status: "active",
        lastUsedAt: null,
        accessKey: expect.stringMatching(/^ak_.{4}\*{4}.{4}$/),
      }),
    ]);
    expect(JSON.stringify(listed.body)).not.toContain(secret);
    expect(JSON.stringify(listed.body)).not.toContain(accessKey);
    expect((await api("POST", "/institutions/H99999999999/keys")).body.code).toBe("REG_INSTITUTION_UNKNOWN");
  });

  it("accepts a signed header set once: a replay, a wrong or stale signature and another institution's key are refused", async () => {
    const key = await issueKey(t.handle.db, t.app.deps.gateway.secrets, SYSTEM_ACTOR, HOSPITAL);
    t.app.deps.settlement.reference.clear();
    const headers = signedHeaders(key, clock);
    const ok = await lookup(headers);
    expect(ok.infcode, ok.err_msg).toBe(0);
    const replay = await lookup(headers);
    expect(replay.err_msg).toMatch(/^\[NHSA_SIGNATURE_REPLAYED\]/);
    const fresh = await lookup(signedHeaders(key, clock.getTime() + 1));
    expect(fresh.infcode, fresh.err_msg).toBe(0);
    const wrong = await lookup(signedHeaders({ ...key, secret: `${key.secret}x` }, clock.getTime() + 2));
    expect(wrong.err_msg).toMatch(/^\[NHSA_SIGNATURE_INVALID\] Wrong/);
    const stale = await lookup(signedHeaders(key, clock.getTime() - MAX_SKEW_MS - 1));
    expect(stale.err_msg).toMatch(/^\[NHSA_SIGNATURE_INVALID\] Missing or stale/);
    const early = await lookup(signedHeaders(key, clock.getTime() + MAX_SKEW_MS - 10));
    expect(early.infcode, early.err_msg).toBe(0);
    const foreign = await lookup(signedHeaders(key, clock.getTime() + 3), OTHER);
    expect(foreign.err_msg).toMatch(/^\[NHSA_SIGNATURE_INVALID\]/);
  });

  it("forgets accepted header sets only once their timestamp is out of the window", () => {
    const replays = t.app.deps.gateway.replays;
    const now = clock.getTime();
    expect(replays.firstUse("k:sig-a", now, now)).toBe(true);
    expect(replays.firstUse("k:sig-a", now, now + MAX_SKEW_MS)).toBe(false);
    // past ts + skew the timestamp itself is stale, so forgetting is safe
    expect(replays.firstUse("k:sig-b", now, now + MAX_SKEW_MS + 120_000)).toBe(true);
    expect(replays.firstUse("k:sig-a", now + MAX_SKEW_MS + 120_000, now + MAX_SKEW_MS + 120_000)).toBe(true);
  });

  it("records the last use at most once a minute, off the request path", async () => {
    const key = await issueKey(t.handle.db, t.app.deps.gateway.secrets, SYSTEM_ACTOR, HOSPITAL);
    t.app.deps.settlement.reference.clear();
    const last = () =>
      t.handle.db
        .selectFrom("nhsa_access_keys")
        .select("last_used_at")
        .where("id", "=", BigInt(key.id))
        .executeTakeFirstOrThrow();
    expect((await lookup(signedHeaders(key, clock.getTime() + 10))).infcode).toBe(0);
    expect((await last()).last_used_at).toBeNull(); // noted in memory only
    const listed = await api("GET", `/institution-keys?fixmedinsCode=${HOSPITAL}`);
    expect(listed.body.items.find((k: { id: string }) => k.id === key.id).lastUsedAt).toBe(
      clock.toISOString(),
    );
    await t.app.deps.gateway.lastUse.flush();
    expect((await last()).last_used_at).toEqual(clock);
  });

  it("rotates a key (the old one works through the grace period) and revokes one at once", async () => {
    const key = await issueKey(t.handle.db, t.app.deps.gateway.secrets, SYSTEM_ACTOR, OTHER);
    const rotated = await api("POST", `/institutions/${OTHER}/keys/${key.id}/rotate`);
    expect(rotated.status).toBe(201);
    const next = rotated.body as { id: string; accessKey: string; secret: string; previousExpiresAt: string };
    expect(Date.parse(next.previousExpiresAt) - clock.getTime()).toBe(24 * 3600_000);
    expect((await lookup(signedHeaders(key, clock.getTime() + 20), OTHER)).infcode).toBe(0);
    expect((await lookup(signedHeaders(next, clock.getTime() + 21), OTHER)).infcode).toBe(0);
    const statuses = (await api("GET", `/institution-keys?fixmedinsCode=${OTHER}`)).body.items.map(
      (k: { id: string; status: string; rotatedFrom: string | null }) => [k.id, k.status, k.rotatedFrom],
    );
    expect(statuses).toEqual([
      [next.id, "active", key.id],
      [key.id, "expiring", null],
    ]);
    expect((await api("POST", `/institutions/${OTHER}/keys/${key.id}/rotate`)).status).toBe(201); // still live
    clock = new Date(clock.getTime() + 24 * 3600_000 + 1000);
    const after = await lookup(signedHeaders(key, clock), OTHER);
    expect(after.err_msg).toMatch(/^\[NHSA_SIGNATURE_INVALID\] Unknown, revoked or expired/);
    expect((await api("POST", `/institutions/${OTHER}/keys/${key.id}/rotate`)).body.code).toBe(
      "NHSA_KEY_REVOKED",
    );
    expect((await lookup(signedHeaders(next, clock.getTime() + 1), OTHER)).infcode).toBe(0);
    const revoked = await api("POST", `/institutions/${OTHER}/keys/${next.id}/revoke`);
    expect(revoked.status).toBe(200);
    expect((await lookup(signedHeaders(next, clock.getTime() + 2), OTHER)).err_msg).toMatch(
      /NHSA_SIGNATURE_INVALID/,
    );
    expect((await api("POST", `/institutions/${OTHER}/keys/${next.id}/revoke`)).body.code).toBe(
      "NHSA_KEY_REVOKED",
    );
    expect((await api("POST", `/institutions/${HOSPITAL}/keys/${next.id}/revoke`)).body.code).toBe(
      "NHSA_KEY_UNKNOWN",
    );
    const actions = (
      await t.handle.db
        .selectFrom("audit_log")
        .select("action")
        .where("entity", "=", "nhsa_access_keys")
        .execute()
    ).map((a) => a.action);
    expect(actions.filter((a) => a === "nhsa_key.rotate")).toHaveLength(2);
    expect(actions).toContain("nhsa_key.revoke");
  });

  it("lets only admins manage keys", async () => {
    for (const role of ["agency", "auditor", "supervisor", "leader"] as const) {
      const res = await t.app.inject({
        method: "POST",
        url: `/api/v1/institutions/${HOSPITAL}/keys`,
        headers: await t.auth(role),
      });
      expect(res.statusCode).toBe(403);
    }
  });
});

describe("the open gateway (npm start, the test app)", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await openTestApp(() => clock);
    await setupRegion(t.handle.db);
  });
  afterAll(async () => t?.close());

  it("takes unsigned messages from institutions without a key, and signed ones only from those with one", async () => {
    const signIn = (headers: Record<string, string> = {}) =>
      t.app
        .inject({
          method: "POST",
          url: "/fsi/api/rsfComIfsService/callService",
          headers,
          payload: {
            infno: "9001",
            msgid: `${HOSPITAL}20260501093000${String(++serial).padStart(4, "0")}`,
            fixmedins_code: HOSPITAL,
            input: { signIn: {} },
          },
        })
        .then((r) => nhsaAnswer(r));
    expect((await signIn()).infcode).toBe(0);
    const key = await issueKey(t.handle.db, t.app.deps.gateway.secrets, SYSTEM_ACTOR, HOSPITAL);
    t.app.deps.settlement.reference.clear();
    expect((await signIn()).err_msg).toMatch(/NHSA_SIGNATURE_INVALID/);
    expect((await signIn(signedHeaders(key, clock))).infcode).toBe(0);
  });
});
