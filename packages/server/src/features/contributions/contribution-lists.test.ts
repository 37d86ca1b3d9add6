import { makeCertno, makeUscc } from "@yibao/core/registry";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TestApp, TEST_REGION, openTestApp } from "../../test/test-app.ts";

const PARAMS = {
  averageMonthlyWage: "8000.00",
  employerRate: "0.0850",
  individualRate: "0.0200",
  retireeMonthlyCredit: "90.00",
  residentAnnualPremium: "400.00",
  residentGovernmentSubsidy: "700.00",
  waitingDays: 0,
};
const WUHUA = "530102";
const PANLONG = "530103";
const A = makeUscc(WUHUA, 61);
const B = makeUscc(PANLONG, 62);

type Item = Record<string, string>;
const fen = (yuan: string) => BigInt(yuan.replace(".", ""));

/**
 * The console's lists of contributions: assessments and payments (newest first, filtered, paged,
 * in the operator's region) and arrears by months overdue with their totals; a payment takes an
 * assessment off the arrears list, its reversal puts it back.
 */
describe("contribution lists", () => {
  let t: TestApp;
  let agency: { authorization: string };
  let panlong: { authorization: string };
  const psn: Record<string, string> = {};
  const call = async (url: string, headers = agency) => {
    const res = await t.app.inject({ method: "GET", url: `/api/v1/contributions${url}`, headers });
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };
  const send = async (method: "POST" | "PUT", url: string, payload: object) => {
    const res = await t.app.inject({ method, url: `/api/v1${url}`, headers: agency, payload });
    expect(res.statusCode, res.body).toBeLessThan(300);
    return res.json();
  };
  /** every item of a list, page by page with `limit` */
  const all = async (url: string, limit: number, headers = agency) => {
    const items: Item[] = [];
    let cursor: string | null = null;
    do {
      const sep = url.includes("?") ? "&" : "?";
      const page = await call(`${url}${sep}limit=${limit}${cursor ? `&cursor=${cursor}` : ""}`, headers);
      items.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    return items;
  };

  beforeAll(async () => {
    t = await openTestApp(() => new Date("2026-06-15T02:00:00Z"));
    await t.handle.db
      .insertInto("regions")
      .values([
        { code: WUHUA, name: "五华区", level: "county", parent_code: TEST_REGION },
        { code: PANLONG, name: "盘龙区", level: "county", parent_code: TEST_REGION },
      ])
      .execute();
    agency = await t.auth("agency");
    panlong = await t.auth("agency", { regionCode: PANLONG });
    for (const region of [WUHUA, PANLONG]) await send("PUT", `/contributions/params/${region}/2026`, PARAMS);
    await send("POST", "/employers", { uscc: A, name: "五华单位", regionCode: WUHUA });
    await send("POST", "/employers", { uscc: B, name: "盘龙单位", regionCode: PANLONG });
    const staff: [string, string, string][] = [
      ["a1", WUHUA, A],
      ["a2", WUHUA, A],
      ["b1", PANLONG, B],
    ];
    for (const [i, [who, region, uscc]] of staff.entries()) {
      const p = await send("POST", "/persons", {
        certno: makeCertno("530102", "19800101", 40 + i),
        name: who,
        regionCode: region,
      });
      psn[who] = p.psn_no;
      await send("POST", "/enrolments", {
        psnNo: p.psn_no,
        insutype: "310",
        psnType: "1101",
        regionCode: region,
        employerUscc: uscc,
        startDate: "2026-01-01",
      });
    }
    for (const period of ["2026-01", "2026-05"])
      await send("POST", "/contributions/assessments/employees", { regionCode: WUHUA, period });
    await send("POST", "/contributions/assessments/employees", { regionCode: PANLONG, period: "2026-05" });
  });
  afterAll(async () => t?.close());

  it("lists assessments newest first, by employer, person, period and paid or not, page by page", async () => {
    const every = await all("/assessments", 2);
    expect(every.length).toBe(5);
    const ids = every.map((i) => BigInt(i.assessmentId!));
    expect(ids).toEqual([...ids].sort((x, y) => (x > y ? -1 : 1)));
    expect(new Set(ids).size).toBe(5);
    const ofA = await all(`/assessments?employerUscc=${A.toLowerCase()}`, 50);
    expect(ofA.map((i) => i.psnNo).sort()).toEqual([psn.a1, psn.a1, psn.a2, psn.a2].sort());
    expect(ofA.every((i) => i.employerName === "五华单位" && i.regionCode === WUHUA)).toBe(true);
    const a1 = await all(`/assessments?psnNo=${psn.a1}&period=2026-01`, 50);
    expect(a1.length).toBe(1);
    // the default wage (the average, 8000): 8.5% and 2%
    expect(a1[0]).toMatchObject({ base: "8000.00", total: "840.00", paid: "0.00", owed: "840.00" });
    await send("POST", "/contributions/payments", {
      assessmentId: a1[0]!.assessmentId,
      amount: "840.00",
      channel: "bank",
      paidOn: "2026-01-20",
    });
    const paid = await all("/assessments?status=paid", 50);
    expect(paid.map((i) => i.assessmentId)).toEqual([a1[0]!.assessmentId]);
    expect(paid[0]).toMatchObject({ paid: "840.00", owed: "0.00" });
    const unpaid = await all("/assessments?status=unpaid", 50);
    expect(unpaid.length).toBe(4);
    expect(unpaid.some((i) => i.assessmentId === a1[0]!.assessmentId)).toBe(false);
    // a county's operator sees the county's assessments only
    const theirs = await all("/assessments", 50, panlong);
    expect(theirs.map((i) => i.psnNo)).toEqual([psn.b1]);
    expect(await all(`/assessments?employerUscc=${A}`, 50, panlong)).toEqual([]);
  });

  it("finds arrears by months overdue, with the totals of every page", async () => {
    // 2026-06: May is 1 month overdue, January 5
    const old = await call("/arrears?minMonthsOverdue=5");
    expect(old.items.map((i: Item) => [i.psn_no, i.period, i.monthsOverdue])).toEqual([
      [psn.a2, "2026-01", 5],
    ]);
    expect(old.totals).toEqual({ count: 1, owed: "840.00" });
    expect((await call("/arrears?minMonthsOverdue=6")).totals).toEqual({ count: 0, owed: "0.00" });
    const recent = await all("/arrears?minMonthsOverdue=1", 1);
    expect(recent.length).toBe(4);
    const first = await call("/arrears?minMonthsOverdue=1&limit=1");
    const owed = recent.reduce((s, i) => s + fen(i.owed!), 0n);
    expect(first.totals.count).toBe(4);
    expect(fen(first.totals.owed)).toBe(owed);
    // none falls due this month or later
    expect((await call("/arrears?minMonthsOverdue=0")).totals.count).toBe(4);
    const ofB = await call(`/arrears?employerUscc=${B}`);
    expect(ofB.items.map((i: Item) => [i.psn_no, i.employerName])).toEqual([[psn.b1, "盘龙单位"]]);
    expect((await call("/arrears", panlong)).totals).toEqual({ count: 1, owed: ofB.items[0].owed });
  });

  it("lists payments and reversals; a payment leaves the arrears, its reversal brings it back", async () => {
    const [b1] = await all(`/assessments?psnNo=${psn.b1}`, 50);
    const inArrears = async () =>
      (await all(`/arrears?regionCode=${PANLONG}`, 50)).some((i) => i.assessmentId === b1!.assessmentId);
    expect(await inArrears()).toBe(true);
    const pay = await send("POST", "/contributions/payments", {
      assessmentId: b1!.assessmentId,
      amount: b1!.owed,
      channel: "counter",
      reference: "柜台 001",
      paidOn: "2026-06-15",
    });
    expect(await inArrears()).toBe(false);
    const listed = await all(`/payments?psnNo=${psn.b1}`, 50);
    expect(listed).toMatchObject([
      { paymentId: pay.paymentId, amount: b1!.owed, reference: "柜台 001", reverses: null, reversedBy: null },
    ]);
    const rev = await send("POST", `/contributions/payments/${pay.paymentId}/reverse`, {
      reason: "重复缴费",
    });
    expect(await inArrears()).toBe(true);
    const after = await all(`/payments?assessmentId=${b1!.assessmentId}`, 1);
    expect(after).toMatchObject([
      { paymentId: rev.paymentId, amount: `-${b1!.owed}`, reference: "重复缴费", reverses: pay.paymentId },
      { paymentId: pay.paymentId, reversedBy: rev.paymentId },
    ]);
    // the county sees its own payments, not Wuhua's
    const theirs = await all("/payments", 50, panlong);
    expect(theirs.map((i) => i.psnNo)).toEqual([psn.b1, psn.b1]);
    expect((await all("/payments", 50)).length).toBe(3);
    expect(await all(`/payments?employerUscc=${A}`, 50, panlong)).toEqual([]);
  });

  it("keeps a county's operator to the county's assessments, payments and parameters", async () => {
    const inject = (method: "POST" | "PUT", url: string, payload: object) =>
      t.app.inject({ method, url: `/api/v1${url}`, headers: panlong, payload });
    const before = await t.handle.db.selectFrom("contribution_payments").select("id").execute();
    const [a2] = await all(`/assessments?psnNo=${psn.a2}&period=2026-05`, 50);
    const pay = await inject("POST", "/contributions/payments", {
      assessmentId: a2!.assessmentId,
      amount: "1.00",
      channel: "counter",
      paidOn: "2026-06-15",
    });
    // another county's assessment is answered as if there were none
    expect(pay.statusCode, pay.body).toBe(404);
    expect(pay.json()).toMatchObject({
      code: "CONTRIB_ASSESSMENT_UNKNOWN",
      details: { field: "assessmentId" },
    });
    const [paidA1] = await all(`/payments?psnNo=${psn.a1}`, 50);
    const reverse = await inject("POST", `/contributions/payments/${paidA1!.paymentId}/reverse`, {
      reason: "not ours",
    });
    expect(reverse.statusCode, reverse.body).toBe(404);
    expect(reverse.json()).toMatchObject({
      code: "CONTRIB_PAYMENT_UNKNOWN",
      details: { field: "paymentId" },
    });
    const assess = await inject("POST", "/contributions/assessments/employees", {
      regionCode: WUHUA,
      period: "2026-06",
    });
    expect(assess.statusCode, assess.body).toBe(403);
    expect(assess.json()).toMatchObject({ code: "REGION_OUT_OF_SCOPE", details: { field: "regionCode" } });
    const residents = await inject("POST", "/contributions/assessments/residents", {
      regionCode: WUHUA,
      year: 2026,
    });
    expect(residents.json()).toMatchObject({ code: "REGION_OUT_OF_SCOPE" });
    const params = await inject("PUT", `/contributions/params/${WUHUA}/2027`, PARAMS);
    expect(params.statusCode, params.body).toBe(403);
    expect(params.json()).toMatchObject({ code: "REGION_OUT_OF_SCOPE", details: { field: "region" } });
    // nothing written by any of them
    expect(await t.handle.db.selectFrom("contribution_payments").select("id").execute()).toEqual(before);
    expect(await all("/assessments?period=2026-06", 50)).toEqual([]);
    const stored = await t.handle.db
      .selectFrom("contribution_params")
      .select("year")
      .where("year", "=", 2027)
      .execute();
    expect(stored).toEqual([]);
    // and its own county's work goes through
    const own = await inject("POST", "/contributions/assessments/employees", {
      regionCode: PANLONG,
      period: "2026-06",
    });
    expect(own.json()).toMatchObject({ period: "2026-06", assessed: 1, created: 1 });
  });

  it("refuses a malformed filter, naming it", async () => {
    for (const q of ["status=owing", "period=2026-13", "minMonthsOverdue=-1", "assessmentId=x"]) {
      const path = q.startsWith("min")
        ? "arrears"
        : q.startsWith("assessmentId")
          ? "payments"
          : "assessments";
      const res = await t.app.inject({
        method: "GET",
        url: `/api/v1/contributions/${path}?${q}`,
        headers: agency,
      });
      expect(res.statusCode, q).toBe(400);
      expect(res.json().details.field, q).toBe(q.split("=")[0]);
    }
  });
});
