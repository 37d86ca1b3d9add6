import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Answer, HisClient } from "../../his-sim/his-client.ts";
import { type TestApp, openTestApp } from "../../test/test-app.ts";
import { HOSPITAL, insuredPerson, setupRegion } from "../settlement/settlement.fixture.ts";
import { citizenAuth } from "../../test/citizen-auth.ts";
import { EVOUCHER_TTL_MS } from "./evoucher.service.ts";

let clock = new Date("2026-05-01T01:30:00Z");

describe("e-vouchers (医保电子凭证)", () => {
  let t: TestApp;
  let his: HisClient;
  let psnNo: string;
  const issue = async (who = psnNo) =>
    t.app.inject({
      method: "POST",
      url: `/api/v1/persons/${who}/e-voucher`,
      headers: await t.auth("agency"),
    });
  const lookup = (token: string) =>
    his.send("1101", { data: { mdtrt_cert_type: "01", mdtrt_cert_no: token } });
  const refused = (a: Answer, code: string) => {
    expect(a.infcode).toBe(-1);
    expect(a.err_msg).toMatch(new RegExp(`^\\[${code}\\] `));
    expect(JSON.parse(a.raw).details.field).toBe("input.data.mdtrt_cert_no");
  };

  beforeAll(async () => {
    t = await openTestApp(() => clock);
    await setupRegion(t.handle.db);
    psnNo = (await insuredPerson(t.handle.db, 900, 10_000n)).psn_no;
    his = new HisClient({
      transport: async (url, payload, headers) => {
        const r = await t.app.inject({ method: "POST", url, payload, headers });
        return { status: r.statusCode, body: r.body };
      },
      fixmedinsCode: HOSPITAL,
      region: "530100",
      style: { contentType: "application/json", path: "callService", msgid: "uuid" },
      now: () => clock,
    });
  });
  afterAll(async () => t?.close());

  it("issues a signed short-lived token with a QR code, audited without the token", async () => {
    const res = await issue();
    expect(res.statusCode, res.body).toBe(201);
    const v = res.json();
    expect(v.token).toMatch(/^EV1\./);
    expect(v.token.length).toBeLessThanOrEqual(50);
    expect(new Date(v.expiresAt).getTime()).toBe(clock.getTime() + EVOUCHER_TTL_MS);
    expect(v.qrSvg).toMatch(/^<svg/);
    const audit = await t.handle.db
      .selectFrom("audit_log")
      .selectAll()
      .where("action", "=", "e_voucher.issue")
      .execute();
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit, (_k, x) => (typeof x === "bigint" ? String(x) : x))).not.toContain(v.token);
  });

  it("resolves a valid token in 1101 (mdtrt_cert_type 01) to its person, more than once while valid", async () => {
    const { token } = (await issue()).json();
    const a = await lookup(token);
    expect(a.infcode, a.err_msg ?? "").toBe(0);
    expect(a.output.baseinfo.psn_no).toBe(psnNo);
    expect((await lookup(token)).output.baseinfo.psn_no).toBe(psnNo); // 1101 then 2201 may both send it
  });

  it("refuses expired tokens, also one used while it was valid", async () => {
    const { token } = (await issue()).json();
    expect((await lookup(token)).infcode).toBe(0);
    const unused = (await issue()).json().token;
    clock = new Date(clock.getTime() + EVOUCHER_TTL_MS);
    refused(await lookup(token), "NHSA_EVOUCHER_EXPIRED");
    refused(await lookup(unused), "NHSA_EVOUCHER_EXPIRED");
  });

  it("refuses forged and altered tokens and garbage by field", async () => {
    const { token } = (await issue()).json() as { token: string };
    const [p, id, exp, sig] = token.split(".") as [string, string, string, string];
    const later = (Number.parseInt(exp, 36) + 3600).toString(36);
    const flipped = sig[0] === "A" ? `B${sig.slice(1)}` : `A${sig.slice(1)}`;
    for (const bad of [
      `${p}.${id}.${later}.${sig}`, // a longer life
      `${p}.${(Number.parseInt(id, 36) + 1).toString(36)}.${exp}.${sig}`, // another voucher
      `${p}.${id}.${exp}.${flipped}`, // another signature
      token.toUpperCase(),
      "not-a-token",
    ])
      refused(await lookup(bad), "NHSA_EVOUCHER_INVALID");
    expect((await lookup(token)).infcode).toBe(0);
  });

  it("issues only for a person of the operator's region", async () => {
    const res = await t.app.inject({
      method: "POST",
      url: "/api/v1/persons/5399990000000001/e-voucher",
      headers: await t.auth("agency"),
    });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ code: "NOT_FOUND", details: { field: "psnNo" } });
  });

  it("issues the signed-in insured person their own e-voucher, which 1101 resolves to them; nobody else gets one there", async () => {
    const me = await citizenAuth(t, "insured", 901);
    const res = await t.app.inject({
      method: "POST",
      url: "/api/v1/selfservice/e-voucher",
      headers: me.headers,
    });
    expect(res.statusCode, res.body).toBe(201);
    const v = res.json();
    expect(v.token).toMatch(/^EV1\./);
    expect(new Date(v.expiresAt).getTime()).toBe(clock.getTime() + EVOUCHER_TTL_MS);
    expect(v.qrSvg).toMatch(/^<svg/);
    const found = await lookup(v.token);
    expect(found.infcode).toBe(0);
    expect(found.output.baseinfo.psn_no).toBe(me.label);
    // a second one is a new token (a refresh), for the same person
    const again = (
      await t.app.inject({ method: "POST", url: "/api/v1/selfservice/e-voucher", headers: me.headers })
    ).json();
    expect(again.token).not.toBe(v.token);
    expect((await lookup(again.token)).output.baseinfo.psn_no).toBe(me.label);
    // audited as the person, without the token
    const audit = await t.handle.db
      .selectFrom("audit_log")
      .select(["operator_login", "action"])
      .where("action", "=", "e_voucher.issue")
      .where("operator_login", "=", `insured:${me.label}`)
      .execute();
    expect(audit).toHaveLength(2);
    // an employer's session, an operator's token and no token are refused
    const employer = await citizenAuth(t, "employer", 902);
    for (const [headers, status] of [
      [employer.headers, 403],
      [await t.auth("agency"), 403],
      [{}, 401],
    ] as const) {
      const r = await t.app.inject({ method: "POST", url: "/api/v1/selfservice/e-voucher", headers });
      expect(r.statusCode, JSON.stringify(headers)).toBe(status);
    }
  });
});
