import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  HOSPITAL,
  insuredPerson,
  settleOnce,
  setupRegion,
} from "../features/settlement/settlement.fixture.ts";
import { type TestApp, openTestApp } from "../test/test-app.ts";
import { watchAnswers } from "../test/answer-shape.ts";

/**
 * The read endpoints the console's pages use: person search (a search by ID number is a logged
 * lookup), the one-bill statement with its fee lines and split, a reversal with a reason, and
 * that every answer's shape is the full one (response schemas serialise only what they name).
 */
describe("console read endpoints", () => {
  let t: TestApp;
  let agency: { authorization: string };
  let auditor: { authorization: string };
  let person: { id: bigint; psn_no: string; certno: string; name: string };
  let setlId: string;
  let watch: ReturnType<typeof watchAnswers>;

  beforeAll(async () => {
    t = await openTestApp(() => new Date("2026-05-01T02:00:00Z"));
    watch = watchAnswers(t.app);
    await setupRegion(t.handle.db);
    person = await insuredPerson(t.handle.db, 801, 5000n);
    setlId = (await settleOnce(t.handle.db, person.psn_no, "1200.00", true)).body.setlId;
    agency = await t.auth("agency");
    auditor = await t.auth("auditor");
  });
  afterAll(async () => t?.close());

  /** A GET whose success answer must be the whole of what the handler answered (response schemas). */
  const get = async (url: string, headers = agency) => {
    const res = await t.app.inject({ method: "GET", url, headers });
    if (res.statusCode === 200) watch.expectWhole(res);
    return res;
  };

  it("finds a person by ID number, person number and name; logs the ID-number search", async () => {
    const byCertno = await get(`/api/v1/persons/search?q=${person.certno}`);
    expect(byCertno.json().items.map((p: { psn_no: string }) => p.psn_no)).toEqual([person.psn_no]);
    expect(Object.keys(byCertno.json().items[0]).sort()).toEqual(
      [
        "address",
        "birth_date",
        "card_no",
        "certno",
        "created_at",
        "gender",
        "household_no",
        "name",
        "phone",
        "psn_no",
        "region_code",
      ].sort(),
    );
    const byPsnNo = await get(`/api/v1/persons/search?q=${person.psn_no}`);
    expect(byPsnNo.json().items).toHaveLength(1);
    const byName = await get(`/api/v1/persons/search?q=${encodeURIComponent("测")}&limit=100`);
    expect(byName.json().items.map((p: { psn_no: string }) => p.psn_no)).toContain(person.psn_no);
    const masked = await get(`/api/v1/persons/search?q=${person.psn_no}`, auditor);
    expect(masked.json().items[0]).toMatchObject({ birth_date: null, name: "测*" });
    const logged = await t.handle.db
      .selectFrom("person_access_log")
      .select(["credential_type", "result"])
      .where("person_id", "=", person.id)
      .execute();
    expect(logged).toEqual([{ credential_type: "certno", result: "found" }]);
  });

  it("answers the one-bill statement: funds, every line with its class and split, figures that add up", async () => {
    const res = await get(`/api/v1/settlements/${setlId}`);
    expect(res.statusCode, res.body).toBe(200);
    const s = res.json();
    expect(s).toMatchObject({
      setlId,
      kind: "settle",
      institutionCode: HOSPITAL,
      institutionName: "测试医院",
    });
    expect(s.setlinfo.medfee_sumamt).toBe("1200.00");
    const fen = (x: string) => Math.round(Number(x) * 100);
    expect(fen(s.setlinfo.fund_pay_sumamt) + fen(s.setlinfo.psn_part_amt)).toBe(120000);
    expect(s.setldetail.map((d: { fundPayType: string }) => d.fundPayType)).toEqual(["310100"]);
    expect(s.lines).toHaveLength(1);
    expect(s.lines[0]).toMatchObject({
      class: "A",
      amount: "1200.00",
      inScope: "1200.00",
      fullOwnPay: "0.00",
    });
    expect((await get(`/api/v1/settlements/${setlId}`, auditor)).json().person.certno).not.toBe(
      person.certno,
    );
    expect((await get("/api/v1/settlements/S999999999999")).json().code).toBe("SETL_UNKNOWN");
  });

  it("reverses a settlement with a reason, once, audited", async () => {
    const reverse = (headers = agency) =>
      t.app.inject({
        method: "POST",
        url: `/api/v1/settlements/${setlId}/reverse`,
        headers,
        payload: { reason: "重复结算" },
      });
    expect((await reverse(auditor)).statusCode).toBe(403);
    const first = await reverse();
    expect(first.statusCode, first.body).toBe(201);
    expect((await reverse()).json().code).toBe("SETL_ALREADY_REVERSED");
    const statement = (await get(`/api/v1/settlements/${setlId}`)).json();
    expect(statement.reversedBy).toBe(first.json().setlId);
    const rev = (await get(`/api/v1/settlements/${first.json().setlId}`)).json();
    expect(rev).toMatchObject({ kind: "reverse", reversesSetlId: setlId });
    expect(rev.setlinfo.medfee_sumamt).toBe("-1200.00");
    const audit = await t.handle.db
      .selectFrom("audit_log")
      .select(["after"])
      .where("action", "=", "settlement.reverse")
      .execute();
    expect(audit[0]!.after).toMatchObject({ reverses: setlId, reason: "重复结算" });
  });

  it("lists enrolments and a person's contributions with full shapes", async () => {
    const e = (await get(`/api/v1/enrolments?psnNo=${person.psn_no}`)).json();
    expect(e.items[0]).toMatchObject({
      psn_no: person.psn_no,
      insutype: "310",
      status: "active",
      flexible: true,
    });
    const c = await get(`/api/v1/persons/${person.psn_no}/contributions`);
    expect(c.json()).toEqual({ items: [], nextCursor: null });
  });

  it("serves the console's index.html for deep links, JSON 404s for unknown API paths", async () => {
    const api = await t.app.inject({
      method: "GET",
      url: "/api/v1/nothing-here",
      headers: { accept: "text/html" },
    });
    expect(api.statusCode).toBe(404);
    expect(api.json().code).toBe("NOT_FOUND");
    const page = await t.app.inject({
      method: "GET",
      url: `/persons/${person.psn_no}`,
      headers: { accept: "text/html" },
    });
    // the console is served only when built (npm run build); then a deep link is its index.html
    if (page.statusCode === 200) expect(page.body).toContain('<div id="root">');
    else expect(page.json().code).toBe("NOT_FOUND");
    const json = await t.app.inject({
      method: "GET",
      url: "/persons/x",
      headers: { accept: "application/json" },
    });
    expect(json.statusCode).toBe(404);
  });
});
