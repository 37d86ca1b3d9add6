import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectRefusal } from "../../test/refusal.ts";
import { type TestApp, openTestApp } from "../../test/test-app.ts";
import {
  HOSPITAL,
  insuredPerson,
  reverseOnce,
  settleOnce,
  setupRegion,
} from "../settlement/settlement.fixture.ts";

const NOW = new Date("2026-05-03T01:30:00Z");
const fen = (yuan: string) => BigInt(yuan.replace(".", ""));

/**
 * The reconciliation reports an agency prints (daily, monthly) of one institution: counts and sums
 * per insutype and clr_type, reversals netted, and what its 3201/3202 found.
 */
describe("reconciliation reports", () => {
  let t: TestApp;
  let settled: { setlId: string; medfee: bigint; fund: bigint; acct: bigint; cash: bigint }[] = [];
  const get = async (url: string, role: "agency" | "auditor" | "institution" = "agency") =>
    t.app.inject({
      method: "GET",
      url: `/api/v1/reconciliation/${url}`,
      headers: await t.auth(role, role === "institution" ? { fixmedinsCode: HOSPITAL } : {}),
    });

  beforeAll(async () => {
    t = await openTestApp(() => NOW);
    await setupRegion(t.handle.db);
    const p1 = await insuredPerson(t.handle.db, 901, 10_000n);
    const p2 = await insuredPerson(t.handle.db, 902, 0n);
    const s1 = await settleOnce(t.handle.db, p1.psn_no, "900.00", true); // 2026-05-01, account used
    const s2 = await settleOnce(t.handle.db, p2.psn_no, "1200.00");
    await reverseOnce(t.handle.db, s2.body.setlId); // 2026-05-02
    const rows = await t.handle.db
      .selectFrom("settlements")
      .select(["setl_id", "medfee", "fund_pay", "account_pay", "cash_pay"])
      .where("setl_id", "in", [s1.body.setlId, s2.body.setlId])
      .orderBy("id")
      .execute();
    settled = rows.map((r) => ({
      setlId: r.setl_id,
      medfee: r.medfee,
      fund: r.fund_pay,
      acct: r.account_pay,
      cash: r.cash_pay,
    }));
    // the hospital reconciles May 1 with one settlement missing from its list
    const res = await t.app.inject({
      method: "POST",
      url: "/fsi/api/rsfComIfsService/callService",
      payload: {
        infno: "3202",
        msgid: "RPT0001",
        fixmedins_code: HOSPITAL,
        inf_time: "2026-05-03 09:30:00",
        input: {
          data: { stmt_begndate: "2026-05-01", stmt_enddate: "2026-05-01" },
          detail: [],
        },
      },
    });
    expect(res.json().infcode).toBe(0);
  });
  afterAll(async () => t?.close());

  it("sums a day's settlements per insutype and clr_type, balancing to the fen", async () => {
    const res = await get(`daily?institution=${HOSPITAL}&date=2026-05-01`);
    expect(res.statusCode, res.body).toBe(200);
    const r = res.json();
    expect(r).toMatchObject({ kind: "daily", from: "2026-05-01", to: "2026-05-01" });
    expect(r.institution.code).toBe(HOSPITAL);
    expect(r.by_type).toHaveLength(1);
    const row = r.by_type[0];
    expect(row).toMatchObject({
      insutype: "310",
      clr_type: "11",
      settlements: 2,
      reversals: 0,
      net_count: 2,
    });
    const sum = (k: "medfee" | "fund" | "acct" | "cash") => settled.reduce((s, x) => s + x[k], 0n);
    expect(fen(row.medfee_sumamt)).toBe(sum("medfee"));
    expect(fen(row.fund_pay_sumamt)).toBe(sum("fund"));
    expect(fen(row.acct_pay)).toBe(sum("acct"));
    expect(fen(row.medfee_sumamt)).toBe(fen(row.fund_pay_sumamt) + fen(row.acct_pay) + fen(row.psn_cash_pay));
    const funds = ["hifp_pay", "hifob_pay", "hifmi_pay", "maf_pay"].reduce((s, k) => s + fen(row[k]), 0n);
    expect(funds).toBe(fen(row.fund_pay_sumamt));
    expect(r.total).toEqual(Object.fromEntries(Object.entries(row).filter(([k]) => !/type$/.test(k))));
    // what the hospital's 3202 found that day
    expect(r.reconciliations).toHaveLength(1);
    const c = r.reconciliations[0];
    expect(c).toMatchObject({ infno: "3202", msgid: "RPT0001", consistent: false });
    expect(c.ours.count).toBe(2);
    expect(c.theirs).toEqual({ count: 0, medfee_sumamt: "0.00", fund_pay_sumamt: "0.00", acct_pay: "0.00" });
    expect(c.differences.map((d: { setl_id: string }) => d.setl_id)).toEqual(settled.map((s) => s.setlId));
    expect(c.differences[0].dif_type).toBe("missing_theirs");
  });

  it("nets the reversal of a later day in the month", async () => {
    const day2 = (await get(`daily?institution=${HOSPITAL}&date=2026-05-02`)).json();
    expect(day2.total).toMatchObject({ settlements: 0, reversals: 1, net_count: -1 });
    expect(fen(day2.total.medfee_sumamt)).toBe(-settled[1]!.medfee);
    const month = (await get(`monthly?institution=${HOSPITAL}&month=2026-05`)).json();
    expect(month).toMatchObject({ kind: "monthly", from: "2026-05-01", to: "2026-05-31" });
    expect(month.total).toMatchObject({ settlements: 2, reversals: 1, net_count: 1 });
    expect(fen(month.total.medfee_sumamt)).toBe(settled[0]!.medfee);
    expect(fen(month.total.fund_pay_sumamt)).toBe(settled[0]!.fund);
    expect(month.days.map((d: { day: string; net_count: number }) => [d.day, d.net_count])).toEqual([
      ["2026-05-01", 2],
      ["2026-05-02", -1],
    ]);
    const april = (await get(`monthly?institution=${HOSPITAL}&month=2026-04`)).json();
    expect(april.total.net_count).toBe(0);
    expect(april.by_type).toEqual([]);
  });

  it("prints the same figures as CSV", async () => {
    const json = (await get(`monthly?institution=${HOSPITAL}&month=2026-05`)).json();
    const res = await get(`monthly.csv?institution=${HOSPITAL}&month=2026-05`, "auditor");
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toMatch(/^text\/csv/);
    const rows: Record<string, string>[] = parse(res.body, { columns: true });
    const total = rows.find((r) => r.section === "total")!;
    expect(total.medfee_sumamt).toBe(json.total.medfee_sumamt);
    expect(total.net_count).toBe(String(json.total.net_count));
    expect(rows.filter((r) => r.section === "day")).toHaveLength(2);
    const recon = rows.find((r) => r.section === "reconciliation")!;
    expect(recon.note).toContain(`${settled[0]!.setlId} missing_theirs`);
    const daily = await get(`daily.csv?institution=${HOSPITAL}&date=2026-05-01`);
    expect((parse(daily.body, { columns: true }) as Record<string, string>[])[0]!.section).toBe("by_type");
  });

  it("is for staff of the institution's regions only", async () => {
    expectRefusal(await get(`daily?institution=${HOSPITAL}&date=2026-05-01`, "institution"), "FORBIDDEN");
    expectRefusal(
      await get(`daily?institution=H99999999999&date=2026-05-01`),
      "REG_INSTITUTION_UNKNOWN",
      "institution",
    );
    await t.handle.db
      .insertInto("regions")
      .values({ code: "530300", name: "曲靖市", level: "city", parent_code: "530000" })
      .execute();
    const stranger = await t.auth("agency", { regionCode: "530300", fresh: true });
    const hidden = await t.app.inject({
      method: "GET",
      url: `/api/v1/reconciliation/monthly?institution=${HOSPITAL}&month=2026-05`,
      headers: stranger,
    });
    expectRefusal(hidden, "REG_INSTITUTION_UNKNOWN", "institution");
    expectRefusal(await get(`daily?institution=${HOSPITAL}&date=2026-02-30`), "DATE_INVALID", "date");
  });
});
