import { AMOUNT_KEYS, SETLINFO_AMOUNT_FIELDS } from "@yibao/core/settlement";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { watchAnswers } from "../../test/answer-shape.ts";
import { type TestApp, openTestApp } from "../../test/test-app.ts";
import { HOSPITAL, insuredPerson, reverseOnce, settleOnce, setupRegion } from "./settlement.fixture.ts";

const SETLINFO_KEYS = [
  "mdtrt_id",
  "setl_id",
  "psn_no",
  "psn_name",
  "certno",
  "gend",
  "age",
  "insutype",
  "psn_type",
  "med_type",
  "setl_time",
  ...AMOUNT_KEYS.map((k) => SETLINFO_AMOUNT_FIELDS[k]),
  "cvlserv_pay",
  "hifes_pay",
  "oth_pay",
  "hosp_part_amt",
  "acct_mulaid_pay",
  "medins_setl_id",
  "clr_optins",
  "clr_way",
  "clr_type",
];

/** The answers of the staff settlement routes, whole: every property the handlers give reaches the client. */
describe("settlement routes' answers", () => {
  let t: TestApp;
  let answers: ReturnType<typeof watchAnswers>;
  let psnNo: string;
  beforeAll(async () => {
    t = await openTestApp(() => new Date("2026-04-21T02:00:00Z"));
    answers = watchAnswers(t.app);
    await setupRegion(t.handle.db);
    psnNo = (await insuredPerson(t.handle.db, 700, 5_000n)).psn_no;
    await t.handle.db
      .insertInto("catalogue_entries")
      .values({
        code: "XA01",
        name: "诊疗",
        kind: "service",
        chrgitm_type: "05",
        class: "A",
        valid_from: "2026-01-01",
      })
      .execute();
  });
  afterAll(async () => t?.close());

  it("answers a manual reimbursement with the whole setlinfo and setldetail", async () => {
    const res = await t.app.inject({
      method: "POST",
      url: "/api/v1/manual-reimbursements",
      headers: await t.auth("agency"),
      payload: {
        psnNo,
        insutype: "310",
        medType: "11",
        level: "3",
        billDate: "2026-04-20",
        institutionCode: "H11010800012",
        invoiceNo: "INV-R1",
        useAccount: true,
        lines: [{ code: "XA01", name: "门诊诊疗", pric: "1120.00", cnt: "1" }],
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    answers.expectWhole(res);
    const { setlinfo, setldetail } = res.json();
    expect(Object.keys(setlinfo)).toEqual(SETLINFO_KEYS);
    expect(setlinfo).toMatchObject({
      psn_no: psnNo,
      medfee_sumamt: "1120.00",
      act_pay_dedc: "800.00",
      hifp_pay: "160.00", // (1120 - 800) x 0.5
      acct_pay: "50.00",
      psn_cash_pay: "910.00",
      fund_pay_sumamt: "160.00",
      clr_optins: null,
      clr_type: "11",
    });
    expect(setldetail).toEqual([
      { fund_pay_type: "310100", fund_payamt: "160.00", fund_pay_type_name: "职工基本医疗保险统筹基金" },
    ]);
  });

  it("lists settlements, newest first, each row whole, and pages", async () => {
    const s = await settleOnce(t.handle.db, psnNo, "100.00");
    await reverseOnce(t.handle.db, s.body.setlId);
    const list = async (query: string) =>
      t.app.inject({ method: "GET", url: `/api/v1/settlements?${query}`, headers: await t.auth("auditor") });
    const res = await list(`psnNo=${psnNo}&limit=2`);
    expect(res.statusCode, res.body).toBe(200);
    answers.expectWhole(res);
    const page = res.json();
    expect(page.items.map((i: { kind: string }) => i.kind)).toEqual(["reverse", "settle"]);
    expect(Object.keys(page.items[0]).sort()).toEqual(
      [
        "setl_id",
        "kind",
        "setl_time",
        "mdtrt_id",
        "psn_no",
        "insutype",
        "med_type",
        "fixmedins_code",
        "medfee_sumamt",
        "fund_pay_sumamt",
        "acct_pay",
        "psn_cash_pay",
      ].sort(),
    );
    expect(page.items[0]).toMatchObject({
      fixmedins_code: HOSPITAL,
      medfee_sumamt: "-100.00",
      psn_no: psnNo,
    });
    expect(page.items[1]).toMatchObject({ setl_id: s.body.setlId, medfee_sumamt: "100.00" });
    expect(Number.isNaN(Date.parse(page.items[0].setl_time))).toBe(false);
    expect(page.nextCursor).toEqual(expect.any(String));
    const next = await list(`psnNo=${psnNo}&limit=2&cursor=${page.nextCursor}`);
    answers.expectWhole(next);
    expect(next.json().items.map((i: { fixmedins_code: string | null }) => i.fixmedins_code)).toEqual([null]);
    expect(next.json().nextCursor).toBeNull();

    // oldest first: the same three the other way round, paged the same way
    const ids = [...page.items, ...next.json().items].map((i: { setl_id: string }) => i.setl_id);
    const asc = await list(`psnNo=${psnNo}&limit=2&order=asc`);
    answers.expectWhole(asc);
    const ascNext = await list(`psnNo=${psnNo}&limit=2&order=asc&cursor=${asc.json().nextCursor}`);
    const ascIds = [...asc.json().items, ...ascNext.json().items].map((i: { setl_id: string }) => i.setl_id);
    expect(ascIds).toEqual([...ids].reverse());
    expect(ascNext.json().nextCursor).toBeNull();
    expect((await list(`psnNo=${psnNo}&order=sideways`)).statusCode).toBe(400);
  });

  it("shows an institution only its own patients' settlements", async () => {
    const own = await t.app.inject({
      method: "GET",
      url: "/api/v1/settlements",
      headers: await t.auth("institution", { fixmedinsCode: HOSPITAL }),
    });
    answers.expectWhole(own);
    expect(own.json().items.length).toBe(2);
    const other = await t.app.inject({
      method: "GET",
      url: "/api/v1/settlements",
      headers: await t.auth("institution", { fixmedinsCode: "H53010000999" }),
    });
    expect(other.json()).toEqual({ items: [], nextCursor: null });
  });
});
