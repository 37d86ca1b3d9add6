import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { tmpdir } from "node:os";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectRefusal, rowCounts } from "../../test/refusal.ts";
import { type TestApp, openTestApp } from "../../test/test-app.ts";
import { HOSPITAL, OUTPATIENT_POLICY } from "../settlement/settlement.fixture.ts";
import { findStatement } from "./clearing.repository.ts";
import { statementLine } from "./clearing.view.ts";
import {
  YUXI,
  YUXI_HOSPITAL,
  fen,
  his,
  personInsuredIn,
  setupBothRegions,
  yuxiPolicy,
} from "./out-of-region.fixture.ts";

let clock = new Date("2026-05-20T01:30:00Z");
const at = (iso: string) => {
  clock = new Date(iso);
};

/**
 * What the database says a region pair owes for a month, straight from the settlements (not from
 * the statement): out-of-region settlements and reversals of the month by direction, in fen.
 */
async function owedBySettlements(t: TestApp, from: string, to: string) {
  const { rows } = await sql<{ payer: string; payee: string; n: string; amount: string }>`
    select v.insured_region as payer, v.treatment_region as payee, count(*)::text as n,
      sum(s.fund_pay + s.account_pay)::text as amount
    from settlements s join visits v on v.id = s.visit_id
    where v.insured_region <> v.treatment_region and s.setl_time >= ${new Date(from)} and s.setl_time < ${new Date(to)}
    group by 1, 2`.execute(t.handle.db);
  return Object.fromEntries(
    rows.map((r) => [`${r.payer}>${r.payee}`, { n: Number(r.n), amount: BigInt(r.amount) }]),
  );
}

describe("inter-region clearing (异地就医清算)", () => {
  let t: TestApp;
  const gw = his(
    () => t,
    () => clock,
  );
  const agency = () => t.auth("agency", { fresh: true });
  const api = async (method: "GET" | "POST", url: string, payload?: object) =>
    t.app.inject({ method, url: `/api/v1${url}`, headers: await agency(), ...(payload ? { payload } : {}) });
  const issue = (month: string) => api("POST", "/clearing/statements", { month });
  let may: { setl_id: string; mdtrt_id: string; psn_no: string }[] = [];

  beforeAll(async () => {
    t = await openTestApp(() => clock);
    await setupBothRegions(t.handle.db);
    // both regions pay unfiled patients at a lower ratio, so no filings are needed here
    const yuxi = await api(
      "POST",
      `/policies/${YUXI}/2026`,
      yuxiPolicy({ unfiled: "ratio", unfiledRatio: "0.5000" }),
    );
    const kunming = await api("POST", "/policies/530100/2026", {
      ...OUTPATIENT_POLICY,
      outOfRegion: { unfiled: "ratio", unfiledRatio: "0.6000" },
    });
    expect([yuxi.statusCode, kunming.statusCode]).toEqual([201, 201]);
  });
  afterAll(async () => t?.close());

  it("nets a month's out-of-region settlements per region pair, to the fen, with the settlements behind each figure", async () => {
    const fromYuxi = await personInsuredIn(t.handle.db, YUXI, 11, 10_000n);
    const fromKunming = await personInsuredIn(t.handle.db, "530100", 12);
    const local = await personInsuredIn(t.handle.db, "530100", 13);
    may = [
      await gw.visit(HOSPITAL, fromYuxi.psn_no, "100.00"),
      await gw.visit(HOSPITAL, fromYuxi.psn_no, "250.55", true), // part from the account
      await gw.visit(HOSPITAL, fromYuxi.psn_no, "333.33"),
    ];
    expect(may.map((s) => (s as unknown as { clr_optins: string }).clr_optins)).toEqual([YUXI, YUXI, YUXI]);
    await gw.visit(YUXI_HOSPITAL, fromKunming.psn_no, "1000.00");
    await gw.visit(HOSPITAL, local.psn_no, "900.00"); // local: never cleared
    at("2026-05-31T15:59:00Z"); // 23:59 on 31 May in China
    await gw.visit(YUXI_HOSPITAL, fromKunming.psn_no, "10.01");

    expectRefusal(await issue("2026-05"), "CLEARING_MONTH_OPEN", "month");
    at("2026-06-02T01:30:00Z");
    await gw.reverse(HOSPITAL, may[1]!); // a May settlement reversed in June
    await gw.visit(HOSPITAL, fromYuxi.psn_no, "60.00");
    const headers = await agency();
    const before = await rowCounts(t.handle.db, ["clearing_statements", "clearing_items"]);
    const open = await t.app.inject({
      method: "POST",
      url: "/api/v1/clearing/statements",
      headers,
      payload: { month: "2026-06" },
    });
    expectRefusal(open, "CLEARING_MONTH_OPEN", "month");
    expect(await rowCounts(t.handle.db, ["clearing_statements", "clearing_items"])).toEqual(before);

    const res = await issue("2026-05");
    expect(res.statusCode, res.body).toBe(201);
    const [s] = res.json();
    expect(res.json()).toHaveLength(1);
    const owed = await owedBySettlements(t, "2026-04-30T16:00:00Z", "2026-05-31T16:00:00Z");
    expect(s).toMatchObject({ month: "2026-05", region_a: "530100", region_b: YUXI, status: "issued" });
    expect([s.a_to_b.settlements, fen(s.a_to_b.amount)]).toEqual([
      owed[`530100>${YUXI}`]!.n,
      owed[`530100>${YUXI}`]!.amount,
    ]);
    expect([s.b_to_a.settlements, fen(s.b_to_a.amount)]).toEqual([
      owed[`${YUXI}>530100`]!.n,
      owed[`${YUXI}>530100`]!.amount,
    ]);
    expect(fen(s.b_to_a.acct_pay)).toBeGreaterThan(0n);
    const net = fen(s.a_to_b.amount) - fen(s.b_to_a.amount);
    expect(fen(s.net_amount)).toBe(net < 0n ? -net : net);
    expect(s.net_payer).toBe(net > 0n ? "530100" : YUXI);

    // the settlements behind it, paged: each direction is their sum
    const items: { payer: string; amount: string; setl_id: string; kind: string }[] = [];
    let cursor: string | null = null;
    do {
      const page = await api(
        "GET",
        `/clearing/statements/${s.id}/settlements?limit=2${cursor ? `&cursor=${cursor}` : ""}`,
      );
      expect(page.statusCode, page.body).toBe(200);
      items.push(...page.json().items);
      cursor = page.json().nextCursor;
    } while (cursor);
    expect(items).toHaveLength(5);
    const sum = (payer: string) =>
      items.filter((i) => i.payer === payer).reduce((a, i) => a + fen(i.amount), 0n);
    expect(sum("530100")).toBe(fen(s.a_to_b.amount));
    expect(sum(YUXI)).toBe(fen(s.b_to_a.amount));
    expect(items.map((i) => i.setl_id)).toEqual(expect.arrayContaining(may.map((m) => m.setl_id)));

    // issuing again holds nothing twice
    const again = await issue("2026-05");
    expect(again.json()).toEqual(res.json());
  });

  it("carries a reversal into the month it was made, negative", async () => {
    at("2026-07-01T01:30:00Z");
    const res = await issue("2026-06");
    expect(res.statusCode, res.body).toBe(201);
    const [s] = res.json();
    const owed = await owedBySettlements(t, "2026-05-31T16:00:00Z", "2026-06-30T16:00:00Z");
    expect([s.b_to_a.settlements, fen(s.b_to_a.amount)]).toEqual([2, owed[`${YUXI}>530100`]!.amount]);
    expect(s.a_to_b.settlements).toBe(0);
    const page = await api("GET", `/clearing/statements/${s.id}/settlements`);
    const reversal = page.json().items.find((i: { kind: string }) => i.kind === "reverse");
    expect(fen(reversal.amount)).toBeLessThan(0n);
    const mayItems = await api("GET", `/clearing/statements?month=2026-05`);
    const mayReversed = (
      await api("GET", `/clearing/statements/${mayItems.json()[0].id}/settlements?limit=100`)
    )
      .json()
      .items.find((i: { setl_id: string }) => i.setl_id === may[1]!.setl_id);
    expect(fen(reversal.amount)).toBe(-fen(mayReversed.amount));
  });

  it("is confirmed, then marked paid, each step audited; other steps are refused", async () => {
    const list = await api("GET", "/clearing/statements?month=2026-05");
    const id = list.json()[0].id as string;
    expectRefusal(await api("POST", `/clearing/statements/${id}/paid`, {}), "CLEARING_STATE", "id");
    const confirmed = await api("POST", `/clearing/statements/${id}/confirm`);
    expect(confirmed.json()).toMatchObject({ status: "confirmed", confirmed_at: clock.toISOString() });
    expectRefusal(await api("POST", `/clearing/statements/${id}/confirm`), "CLEARING_STATE", "id");
    const paid = await api("POST", `/clearing/statements/${id}/paid`, { paymentRef: "TRF-2026-07-001" });
    expect(paid.json()).toMatchObject({ status: "paid", payment_ref: "TRF-2026-07-001" });
    expect((await api("GET", `/clearing/statements/${id}`)).json().status).toBe("paid");
    expectRefusal(await api("GET", "/clearing/statements/999999"), "CLEARING_UNKNOWN", "id");
    const audit = await t.handle.db
      .selectFrom("audit_log")
      .select("action")
      .where("entity", "=", "clearing_statements")
      .where("entity_id", "=", id)
      .orderBy("id")
      .execute();
    expect(audit.map((a) => a.action)).toEqual(["clearing.issue", "clearing.confirm", "clearing.paid"]);
    // a county's operator elsewhere does not see the pair's statements
    await t.handle.db
      .insertInto("regions")
      .values({ code: "530300", name: "曲靖市", level: "city", parent_code: "530000" })
      .execute();
    const stranger = await t.auth("agency", { regionCode: "530300", fresh: true });
    const hidden = await t.app.inject({
      method: "GET",
      url: `/api/v1/clearing/statements/${id}`,
      headers: stranger,
    });
    expectRefusal(hidden, "CLEARING_UNKNOWN", "id");
  });

  it("the CLI prints a statement on one line and checks its month", async () => {
    const id = (await api("GET", "/clearing/statements?month=2026-05")).json()[0].id as string;
    const s = (await findStatement(t.handle.db, BigInt(id)))!;
    const line = statementLine(s);
    expect(line).toMatch(
      new RegExp(
        `^2026-05 530100/${YUXI} #${id} paid: 530100->${YUXI} 2 settlements [\\d.]+; ${YUXI}->530100 3 settlements [\\d.]+; net: \\d{6} pays \\d{6} [\\d.]+$`,
      ),
    );
    const bin = join(import.meta.dirname, "../../../bin/yibao.js");
    const r = spawnSync(process.execPath, [bin, "clearing", "--month", "2026-13"], {
      encoding: "utf8",
      env: {
        ...process.env,
        DATABASE_URL: "",
        YIBAO_DATA_DIR: join(tmpdir(), "yibao-clearing-never-opened"),
      },
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("'--month <yyyy-MM>' argument '2026-13'");
  });
});
