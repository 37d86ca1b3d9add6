import { sql } from "kysely";
import { nhsaAnswer } from "../../test/nhsa-answer.ts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TestApp, openTestApp } from "../../test/test-app.ts";
import { insertPolicyVersion } from "../catalogue/policy.repository.ts";
import { HOSPITAL, expectInvariants, insuredPerson, setupRegion } from "../settlement/settlement.fixture.ts";

const NOW = new Date("2026-05-01T01:30:00Z"); // 09:30 in China
const BED = "001102000010000"; // class A, inpatient only
let serial = 0;
const msgid = () => `${HOSPITAL}20260501093000${String(++serial).padStart(4, "0")}`;

/**
 * Money a HIS sends through the gateway: strict numbers naming the field, amounts it computed
 * that must equal ours, quotes (2206) that tell what 2207 will settle, and the clearing type of a
 * maternity admission.
 */
describe("NHSA money that must not move", () => {
  let t: TestApp;
  const persons: { id: bigint; psn_no: string }[] = [];
  const call = async (infno: string, input: Record<string, unknown>) => {
    const res = await t.app.inject({
      method: "POST",
      url: "/fsi/api/rsfComIfsService/callService",
      payload: { infno, msgid: msgid(), fixmedins_code: HOSPITAL, inf_time: "2026-05-01 09:30:00", input },
    });
    expect(res.statusCode).toBe(200);
    return nhsaAnswer(res);
  };
  const person = async () => {
    const p = await insuredPerson(t.handle.db, 500 + persons.length, 100_000n);
    persons.push(p);
    return p.psn_no;
  };
  const register = async (psnNo: string) => {
    const r = await call("2201", {
      data: { psn_no: psnNo, insutype: "310", begntime: "2026-05-01 09:00:00" },
    });
    expect(r.infcode, r.err_msg).toBe(0);
    return r.output.data.mdtrt_id as string;
  };
  const fee = (
    mdtrtId: string,
    sn: string,
    pric: unknown,
    cnt: unknown,
    extra: Record<string, unknown> = {},
  ) => ({
    feedetl_sn: sn,
    mdtrt_id: mdtrtId,
    med_list_codg: "XSELF",
    pric,
    cnt,
    fee_ocur_time: "2026-05-01 09:10:00",
    ...extra,
  });
  const refusedBy = (
    r: { infcode: number; err_msg: string; details: unknown },
    code: string,
    field: string,
  ) => {
    expect(r.infcode).toBe(-1);
    expect(r.err_msg).toMatch(new RegExp(`^\\[${code}\\]`));
    expect(r.details).toMatchObject({ field });
  };

  beforeAll(async () => {
    t = await openTestApp(() => NOW);
    await setupRegion(t.handle.db);
    await t.handle.db.transaction().execute(async (trx) => {
      await insertPolicyVersion(
        trx,
        "530100",
        2026,
        {
          insutype: "310",
          med_type: "52",
          deductible: { scope: "per_visit", byLevel: { "1": "0.00", "2": "0.00", "3": "0.00" } },
          pool: { ratioByLevel: { "1": "1.0000", "2": "1.0000", "3": "1.0000" }, annualCap: "100000.00" },
        },
        "test",
      );
      await trx
        .insertInto("catalogue_entries")
        .values({
          code: BED,
          name: "床位费",
          kind: "service",
          chrgitm_type: "01",
          class: "A",
          price_cap: null,
          restrictions: JSON.stringify({ setting: "inpatient" }),
          valid_from: "2026-01-01",
        })
        .execute();
    });
  });
  afterAll(async () => t?.close());

  it("refuses prices and quantities that are not plain decimals of their precision, by field", async () => {
    const id = await register(await person());
    const bad: [unknown, unknown, string, string][] = [
      ["NaN", "1", "DECIMAL_INVALID", "input.feedetail.0.pric"],
      ["null", "1", "DECIMAL_INVALID", "input.feedetail.0.pric"],
      ["", "1", "DECIMAL_INVALID", "input.feedetail.0.pric"],
      ["1e2", "1", "DECIMAL_INVALID", "input.feedetail.0.pric"],
      ["Infinity", "1", "DECIMAL_INVALID", "input.feedetail.0.pric"],
      ["12. 5", "1", "DECIMAL_INVALID", "input.feedetail.0.pric"],
      [1.0000001, "1", "DECIMAL_INVALID", "input.feedetail.0.pric"],
      ["12000000", "1", "DECIMAL_INVALID", "input.feedetail.0.pric"],
      ["10", 1.00001, "DECIMAL_INVALID", "input.feedetail.0.cnt"],
      ["10", "2e1", "DECIMAL_INVALID", "input.feedetail.0.cnt"],
      ["10", null, "FIELD_REQUIRED", "input.feedetail.0.cnt"],
    ];
    for (const [pric, cnt, code, field] of bad)
      refusedBy(await call("2204", { feedetail: [fee(id, "1", pric, cnt)] }), code, field);
    const sum = await call("2204", {
      feedetail: [fee(id, "1", "10", "3", { det_item_fee_sumamt: "30.001" })],
    });
    refusedBy(sum, "AMOUNT_INVALID", "input.feedetail.0.det_item_fee_sumamt");
    const wrong = await call("2204", { feedetail: [fee(id, "1", "10", "3", { det_item_fee_sumamt: 31 })] });
    refusedBy(wrong, "SETL_LINE_AMOUNT_MISMATCH", "feedetail.0.det_item_fee_sumamt");
    const ok = await call("2204", { feedetail: [fee(id, "1", 10, 3, { det_item_fee_sumamt: 30 })] });
    expect(ok.infcode, ok.err_msg).toBe(0);
    const lines = await t.handle.db.selectFrom("fee_lines").select("feedetl_sn").execute();
    expect(lines).toHaveLength(1); // none of the refused uploads wrote a line
  });

  it("settles only a bill whose medfee_sumamt and split the HIS sent equal its lines", async () => {
    const psnNo = await person();
    const id = await register(psnNo);
    await call("2204", { feedetail: [fee(id, "1", "100.00", "2")] });
    const data = { psn_no: psnNo, mdtrt_id: id, acct_used_flag: "0", insutype: "310" };
    for (const medfee of ["200.001", "", "null", "NaN", "2e2", 200.001])
      refusedBy(
        await call("2207", { data: { ...data, medfee_sumamt: medfee } }),
        "AMOUNT_INVALID",
        "input.data.medfee_sumamt",
      );
    refusedBy(
      await call("2207", { data: { ...data, medfee_sumamt: "200.01" } }),
      "SETL_MEDFEE_MISMATCH",
      "medfee_sumamt",
    );
    const quote = await call("2206", { data: { ...data, medfee_sumamt: "200.00" } });
    expect(quote.infcode, quote.err_msg).toBe(0);
    const split = {
      fulamt_ownpay_amt: quote.output.setlinfo.fulamt_ownpay_amt,
      overlmt_selfpay: quote.output.setlinfo.overlmt_selfpay,
      preselfpay_amt: quote.output.setlinfo.preselfpay_amt,
      inscp_scp_amt: quote.output.setlinfo.inscp_scp_amt,
    };
    expect(split.fulamt_ownpay_amt).toBe("200.00"); // not in the catalogue: self-paid
    const off = await call("2207", {
      data: { ...data, medfee_sumamt: 200, ...split, inscp_scp_amt: "0.01" },
    });
    refusedBy(off, "SETL_SPLIT_MISMATCH", "inscp_scp_amt");
    refusedBy(
      await call("2207", { data: { ...data, ...split, fulamt_ownpay_amt: "1e2" } }),
      "AMOUNT_INVALID",
      "input.data.fulamt_ownpay_amt",
    );
    const setl = await call("2207", { data: { ...data, medfee_sumamt: 200, ...split } });
    expect(setl.infcode, setl.err_msg).toBe(0);
    expect(setl.output.setlinfo.medfee_sumamt).toBe("200.00");
  });

  it("refuses a zero bill at 2206 and 2207", async () => {
    const psnNo = await person();
    const id = await register(psnNo);
    await call("2204", { feedetail: [fee(id, "1", "25.00", "2")] });
    const back = await call("2204", { feedetail: [fee(id, "2", "25.00", "-2", { init_feedetl_sn: "1" })] });
    expect(back.output.result[0].det_item_fee_sumamt).toBe("-50.00");
    const data = { psn_no: psnNo, mdtrt_id: id, acct_used_flag: "0", insutype: "310" };
    refusedBy(await call("2206", { data }), "SETL_BILL_NOT_POSITIVE", "mdtrt_id");
    refusedBy(await call("2207", { data }), "SETL_BILL_NOT_POSITIVE", "mdtrt_id");
  });

  it("quotes (2206) from the accumulators as they are: a second open visit's quote equals its settlement", async () => {
    const psnNo = await person();
    const a = await register(psnNo);
    const b = await register(psnNo); // both open: b's session holds the accumulators of now
    // catalogue-free lines paid as class A, so the annual deductible (800.00) is in play
    await t.handle.db
      .insertInto("catalogue_entries")
      .values({
        code: "XA",
        name: "甲类项目",
        kind: "service",
        chrgitm_type: "05",
        class: "A",
        price_cap: null,
        valid_from: "2026-01-01",
      })
      .execute();
    t.app.deps.settlement.reference.clear();
    await call("2204", { feedetail: [fee(a, "1", "500.00", "1", { med_list_codg: "XA" })] });
    await call("2204", { feedetail: [fee(b, "1", "700.00", "1", { med_list_codg: "XA" })] });
    const data = (mdtrtId: string) => ({
      data: { psn_no: psnNo, mdtrt_id: mdtrtId, acct_used_flag: "1", insutype: "310" },
    });
    const settledA = await call("2207", data(a));
    expect(settledA.output.setlinfo.act_pay_dedc).toBe("500.00");
    const quoteB = await call("2206", data(b));
    const settledB = await call("2207", data(b));
    expect(settledB.infcode, settledB.err_msg).toBe(0);
    expect(quoteB.output.setlinfo.act_pay_dedc).toBe("300.00"); // what is left of the deductible
    // a quote has no setl_id, and each answer names its own message
    const { setl_id: _q, medins_setl_id: _qm, ...quoted } = quoteB.output.setlinfo;
    const { setl_id: _s, medins_setl_id: _sm, ...settled } = settledB.output.setlinfo;
    expect(quoted).toEqual(settled);
    expect(quoteB.output.setldetail).toEqual(settledB.output.setldetail);
    // B: 700.00, deductible 300.00, pool 60% of 400.00; the account pays the rest of A, then of B
    expect(settled).toMatchObject({ hifp_pay: "240.00", acct_pay: "460.00", balc: "40.00" });
  });

  it("clears a maternity admission (52) as inpatient and prices it as one", async () => {
    const psnNo = await person();
    const adm = await call("2401", {
      mdtrtinfo: { psn_no: psnNo, insutype: "310", med_type: "52", begntime: "2026-05-01 09:00:00" },
    });
    expect(adm.infcode, adm.err_msg).toBe(0);
    const id = adm.output.result.mdtrt_id;
    const up = await call("2301", { feedetail: [fee(id, "1", "80.00", "3", { med_list_codg: BED })] });
    expect(up.output.result[0]).toMatchObject({ chrgitm_lv: "01", lmt_used_flag: "0" });
    const setl = await call("2304", {
      data: { psn_no: psnNo, mdtrt_id: id, acct_used_flag: "0", insutype: "310" },
    });
    expect(setl.infcode, setl.err_msg).toBe(0);
    expect(setl.output.setlinfo).toMatchObject({ med_type: "52", clr_type: "21", hifp_pay: "240.00" });
    const recon = (clrType: string, sums: { medfee: string; fund: string; acct: string; n: string }) =>
      call("3201", {
        data: {
          insutype: "310",
          clr_type: clrType,
          stmt_begndate: "2026-05-01",
          stmt_enddate: "2026-05-01",
          medfee_sumamt: sums.medfee,
          fund_pay_sumamt: sums.fund,
          acct_pay: sums.acct,
          fixmedins_setl_cnt: sums.n,
        },
      });
    const inpatient = await recon("21", { medfee: "240.00", fund: "240.00", acct: "0.00", n: "1" });
    expect(inpatient.output.stmtinfo).toMatchObject({ stmt_rslt: "0" });
    // the day's outpatient totals are every other settlement of this test file's hospital
    const others = await sql<{ medfee: string; fund: string; acct: string; n: string }>`
      select to_char(sum(s.medfee) / 100.0, 'FM999999990.00') as medfee,
        to_char(sum(s.fund_pay) / 100.0, 'FM999999990.00') as fund,
        to_char(sum(s.account_pay) / 100.0, 'FM999999990.00') as acct, count(*)::text as n
      from settlements s join visits v on v.id = s.visit_id where v.med_type <> '52'`.execute(t.handle.db);
    expect((await recon("11", others.rows[0]!)).output.stmtinfo).toMatchObject({ stmt_rslt: "0" });
  });

  it("reconciles (3201) only amounts and counts written plainly", async () => {
    const data = {
      insutype: "310",
      clr_type: "11",
      stmt_begndate: "2026-05-01",
      stmt_enddate: "2026-05-01",
      medfee_sumamt: "0.00",
      fund_pay_sumamt: "0.00",
      acct_pay: "0.00",
      fixmedins_setl_cnt: "0",
    };
    refusedBy(
      await call("3201", { data: { ...data, medfee_sumamt: "1e2" } }),
      "AMOUNT_INVALID",
      "input.data.medfee_sumamt",
    );
    refusedBy(
      await call("3201", { data: { ...data, fund_pay_sumamt: 0.001 } }),
      "AMOUNT_INVALID",
      "input.data.fund_pay_sumamt",
    );
    refusedBy(
      await call("3201", { data: { ...data, acct_pay: "null" } }),
      "AMOUNT_INVALID",
      "input.data.acct_pay",
    );
    for (const cnt of ["1.5", "abc", "0x10", ""])
      refusedBy(
        await call("3201", { data: { ...data, fixmedins_setl_cnt: cnt } }),
        "DECIMAL_INVALID",
        "input.data.fixmedins_setl_cnt",
      );
    refusedBy(
      await call("3201", { data: { ...data, clr_type: "99" } }),
      "FIELD_INVALID",
      "input.data.clr_type",
    );
    await expectInvariants(t.handle.db, persons);
  });
});
