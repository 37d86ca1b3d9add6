import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { nhsaAnswer } from "../../test/nhsa-answer.ts";
import { insertPolicyVersion } from "../catalogue/policy.repository.ts";
import { HOSPITAL, insuredPerson, setupRegion } from "../settlement/settlement.fixture.ts";
import { type TestApp, openTestApp } from "../../test/test-app.ts";

const NOW = new Date("2026-05-01T01:30:00Z"); // 09:30 in China
let serial = 0;
const msgid = () => `${HOSPITAL}20260501093000${String(++serial).padStart(4, "0")}`;

describe("NHSA interface", () => {
  let t: TestApp;
  let psnNo: string;
  let certno: string;
  const call = async (
    infno: string,
    input: Record<string, unknown>,
    opts: { id?: string; headers?: Record<string, string>; path?: string } = {},
  ) => {
    const res = await t.app.inject({
      method: "POST",
      url: opts.path ?? "/fsi/api/rsfComIfsService/callService",
      headers: opts.headers,
      payload: {
        infno,
        msgid: opts.id ?? msgid(),
        fixmedins_code: HOSPITAL,
        inf_time: "2026-05-01 09:30:00",
        mdtrtarea_admvs: "530100",
        insuplc_admdvs: "530100",
        signtype: "MOCK",
        input,
      },
    });
    expect(res.statusCode).toBe(200);
    return nhsaAnswer(res);
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
          med_type: "21",
          deductible: {
            scope: "per_visit",
            byLevel: { "1": "300.00", "2": "600.00", "3": "900.00" },
            repeatFactor: ["0.5"],
          },
          pool: {
            ratioByLevel: { "1": "0.9000", "2": "0.8500", "3": "0.8000" },
            retireeBonus: "0.0500",
            annualCap: "200000.00",
          },
          largeAmount: { ratio: "0.9000", annualCap: "400000.00" },
        },
        "test",
      );
      await trx
        .insertInto("catalogue_entries")
        .values([
          {
            code: "XJ01CAA040A001010101445",
            name: "阿莫西林胶囊",
            kind: "drug",
            chrgitm_type: "09",
            class: "A",
            price_cap: null,
            valid_from: "2026-01-01",
          },
          {
            code: "XC09AAE002A001010101445",
            name: "依那普利片",
            kind: "drug",
            chrgitm_type: "09",
            class: "B",
            self_pay_ratio: 1000,
            price_cap: 15_000_000n,
            valid_from: "2026-01-01",
          },
          {
            code: "001102000010000",
            name: "床位费",
            kind: "service",
            chrgitm_type: "01",
            class: "A",
            price_cap: 50_000_000n,
            restrictions: JSON.stringify({ setting: "inpatient" }),
            valid_from: "2026-01-01",
          },
        ])
        .execute();
    });
    const p = await insuredPerson(t.handle.db, 77, 50_000n);
    psnNo = p.psn_no;
    certno = p.certno;
  });
  afterAll(async () => t?.close());

  it("looks a person up (1101) with insurance and account balance", async () => {
    const r = await call("1101", {
      data: { mdtrt_cert_type: "02", mdtrt_cert_no: certno, psn_cert_type: "01" },
    });
    expect(r.infcode).toBe(0);
    expect(r.output.baseinfo).toMatchObject({ psn_no: psnNo, certno, gend: "1", brdy: "1980-01-01" });
    expect(r.output.insuinfo[0]).toMatchObject({
      insutype: "310",
      psn_type: "1101",
      balc: "500.00",
      psn_insu_stas: "1",
    });
    expect(r.inf_refmsgid).toMatch(/^530100\d{24}$/);
  });

  it("runs an outpatient flow 2201 -> 2204 -> 2206 -> 2207 -> 2208", async () => {
    const reg = await call("2201", {
      data: {
        psn_no: psnNo,
        insutype: "310",
        begntime: "2026-05-01 09:00:00",
        mdtrt_cert_type: "02",
        mdtrt_cert_no: certno,
        ipt_otp_no: "MZ001",
      },
    });
    expect(reg.infcode, reg.err_msg).toBe(0);
    const mdtrtId = reg.output.data.mdtrt_id;
    const fees = await call("2204", {
      feedetail: [
        {
          feedetl_sn: "1",
          mdtrt_id: mdtrtId,
          psn_no: psnNo,
          med_list_codg: "XJ01CAA040A001010101445",
          pric: 12.5,
          cnt: 2,
          det_item_fee_sumamt: 25,
          fee_ocur_time: "2026-05-01 09:10:00",
        },
        {
          feedetl_sn: "2",
          mdtrt_id: mdtrtId,
          psn_no: psnNo,
          med_list_codg: "XC09AAE002A001010101445",
          pric: "18.00",
          cnt: "10",
          fee_ocur_time: "2026-05-01 09:10:00",
        },
        {
          feedetl_sn: "3",
          mdtrt_id: mdtrtId,
          psn_no: psnNo,
          med_list_codg: "SELF-PAY-ITEM",
          pric: "30",
          cnt: "1",
          fee_ocur_time: "2026-05-01 09:10:00",
        },
      ],
    });
    expect(fees.infcode, fees.err_msg).toBe(0);
    expect(fees.output.result[1]).toMatchObject({
      det_item_fee_sumamt: "180.00",
      overlmt_amt: "30.00",
      preselfpay_amt: "15.00",
      inscp_scp_amt: "135.00",
      chrgitm_lv: "02",
    });
    expect(fees.output.result[2]).toMatchObject({
      chrgitm_lv: "03",
      fulamt_ownpay_amt: "30.00",
      lmt_used_flag: "1",
    });
    const pre = await call("2206", {
      data: {
        psn_no: psnNo,
        mdtrt_id: mdtrtId,
        medfee_sumamt: "235.00",
        acct_used_flag: "1",
        insutype: "310",
      },
    });
    expect(pre.infcode, pre.err_msg).toBe(0);
    expect(pre.output.setlinfo.setl_id).toBeNull();
    const wrong = await call("2207", {
      data: {
        psn_no: psnNo,
        mdtrt_id: mdtrtId,
        medfee_sumamt: "999.00",
        acct_used_flag: "1",
        insutype: "310",
      },
    });
    expect(wrong).toMatchObject({ infcode: -1, details: { field: "medfee_sumamt" } });
    const id = msgid();
    const setl = await call(
      "2207",
      {
        data: { psn_no: psnNo, mdtrt_id: mdtrtId, medfee_sumamt: 235, acct_used_flag: "1", insutype: "310" },
      },
      { id },
    );
    expect(setl.infcode, setl.err_msg).toBe(0);
    const s = setl.output.setlinfo;
    expect(s).toMatchObject({
      medfee_sumamt: "235.00",
      inscp_scp_amt: "160.00",
      act_pay_dedc: "160.00",
      hifp_pay: "0.00",
      acct_pay: "235.00",
      balc: "265.00",
      medins_setl_id: id,
    });
    expect(pre.output.setlinfo.psn_cash_pay).toBe(s.psn_cash_pay);
    const replay = await call(
      "2207",
      {
        data: { psn_no: psnNo, mdtrt_id: mdtrtId, medfee_sumamt: 235, acct_used_flag: "1", insutype: "310" },
      },
      { id },
    );
    expect(replay.output).toEqual(setl.output);
    expect(replay.warn_msg).toMatch(/replayed/);
    const changed = await call(
      "2207",
      {
        data: { psn_no: psnNo, mdtrt_id: mdtrtId, medfee_sumamt: 235, acct_used_flag: "0", insutype: "310" },
      },
      { id },
    );
    expect(changed.err_msg).toMatch(/IDEMPOTENCY_KEY_REUSED/);
    const rev = await call("2208", { data: { setl_id: s.setl_id, mdtrt_id: mdtrtId, psn_no: psnNo } });
    expect(rev.infcode, rev.err_msg).toBe(0);
    expect(rev.output.setlinfo).toMatchObject({
      medfee_sumamt: "-235.00",
      acct_pay: "-235.00",
      balc: "500.00",
    });
    expect(rev.output.setlinfo.setl_id).not.toBe(s.setl_id);
  });

  it("runs an inpatient flow 2401 -> 2301 -> 2303 -> 2304 -> 2402 -> 2305", async () => {
    const adm = await call("2401", {
      mdtrtinfo: {
        psn_no: psnNo,
        insutype: "310",
        med_type: "21",
        begntime: "2026-05-01 10:00:00",
        mdtrt_cert_type: "02",
        mdtrt_cert_no: certno,
        ipt_no: "ZY001",
      },
    });
    expect(adm.infcode, adm.err_msg).toBe(0);
    const mdtrtId = adm.output.result.mdtrt_id;
    const up = await call(
      "2301",
      {
        feedetail: [
          {
            feedetl_sn: "1",
            mdtrt_id: mdtrtId,
            med_list_codg: "001102000010000",
            pric: "80.00",
            cnt: "5",
            fee_ocur_time: "2026-05-05 08:00:00",
          },
          {
            feedetl_sn: "2",
            mdtrt_id: mdtrtId,
            med_list_codg: "XJ01CAA040A001010101445",
            pric: "1000.00",
            cnt: "10",
            fee_ocur_time: "2026-05-05 08:00:00",
          },
        ],
      },
      { path: "/fsi/api/hospFeeDtlService/feeDtlUp" },
    );
    expect(up.infcode, up.err_msg).toBe(0);
    const refund = await call("2301", {
      feedetail: [
        {
          feedetl_sn: "3",
          init_feedetl_sn: "2",
          mdtrt_id: mdtrtId,
          med_list_codg: "XJ01CAA040A001010101445",
          pric: "1000.00",
          cnt: "-2",
          fee_ocur_time: "2026-05-06 08:00:00",
        },
      ],
    });
    expect(refund.output.result[0].det_item_fee_sumamt).toBe("-2000.00");
    const pre = await call("2303", {
      data: { psn_no: psnNo, mdtrt_id: mdtrtId, acct_used_flag: "0", insutype: "310" },
    });
    expect(pre.output.setlinfo).toMatchObject({
      medfee_sumamt: "8400.00",
      act_pay_dedc: "600.00",
      hifp_pay: "6502.50",
    });
    await call("2402", {
      dscginfo: {
        mdtrt_id: mdtrtId,
        psn_no: psnNo,
        insutype: "310",
        endtime: "2026-05-08 10:00:00",
        dise_codg: "J18.900",
        dscg_way: "1",
      },
    });
    const setl = await call(
      "2304",
      {
        data: {
          psn_no: psnNo,
          mdtrt_id: mdtrtId,
          medfee_sumamt: "8400.00",
          acct_used_flag: "0",
          insutype: "310",
        },
      },
      { path: "/fsi/api/hospSettService/settV2" },
    );
    expect(setl.infcode, setl.err_msg).toBe(0);
    expect(setl.output.setldetail).toEqual([
      expect.objectContaining({ fund_pay_type: "310100", fund_payamt: "6502.50" }),
    ]);
    const rev = await call("2305", {
      data: { setl_id: setl.output.setlinfo.setl_id, mdtrt_id: mdtrtId, psn_no: psnNo },
    });
    expect(rev.output.setlinfo.hifp_pay).toBe("-6502.50");
  });

  it("answers replays of 2201 and 2204 from the store, also when they arrive at once", async () => {
    const visitsOf = async () =>
      Number(
        (
          await t.handle.db
            .selectFrom("visits")
            .select(({ fn }) => fn.countAll().as("n"))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await visitsOf();
    const regInput = {
      data: { psn_no: psnNo, insutype: "310", begntime: "2026-05-01 10:00:00", mdtrt_cert_type: "02" },
    };
    const id = msgid();
    // five copies of one message at the same moment (a HIS retrying on a timeout)
    const regs = await Promise.all(Array.from({ length: 5 }, () => call("2201", regInput, { id })));
    for (const r of regs) expect(r.infcode, r.err_msg).toBe(0);
    const mdtrtId = regs[0].output.data.mdtrt_id;
    for (const r of regs) expect(r.output).toEqual(regs[0].output);
    expect(regs.filter((r) => r.warn_msg?.includes("replayed"))).toHaveLength(4);
    expect(await visitsOf()).toBe(before + 1);
    const changed = await call(
      "2201",
      { data: { ...regInput.data, begntime: "2026-05-01 11:00:00" } },
      { id },
    );
    expect(changed.err_msg).toMatch(/IDEMPOTENCY_KEY_REUSED/);
    expect(await visitsOf()).toBe(before + 1);

    const feeInput = {
      feedetail: [
        {
          feedetl_sn: "1",
          mdtrt_id: mdtrtId,
          med_list_codg: "XJ01CAA040A001010101445",
          pric: "12.50",
          cnt: "2",
          fee_ocur_time: "2026-05-01 10:10:00",
        },
      ],
    };
    const upId = msgid();
    const ups = await Promise.all(Array.from({ length: 3 }, () => call("2204", feeInput, { id: upId })));
    for (const u of ups) expect(u.infcode, u.err_msg).toBe(0);
    for (const u of ups) expect(u.output).toEqual(ups[0].output);
    const again = await call("2204", feeInput, { id: upId });
    expect(again.warn_msg).toMatch(/replayed/);
    expect(again.output).toEqual(ups[0].output);
    // the same line under a new msgid is a second upload of line 1: refused, naming the field
    const dup = await call("2204", feeInput);
    expect(dup).toMatchObject({ infcode: -1, details: { field: "feedetail.0.feedetl_sn" } });
    const lines = await t.handle.db
      .selectFrom("fee_lines as l")
      .innerJoin("visits as v", "v.id", "l.visit_id")
      .select("l.feedetl_sn")
      .where("v.mdtrt_id", "=", mdtrtId)
      .execute();
    expect(lines).toHaveLength(1);
  });

  it("replays a msgid with the first answer's text byte for byte (2201, 2204, 2205, 2207, 2208)", async () => {
    // the raw answer's output text: the envelope's head differs (times, refmsgid, warn_msg)
    const raw = async (infno: string, input: Record<string, unknown>, id: string) => {
      const res = await t.app.inject({
        method: "POST",
        url: "/fsi/api/rsfComIfsService/callService",
        payload: {
          infno,
          msgid: id,
          fixmedins_code: HOSPITAL,
          inf_time: "2026-05-01 09:30:00",
          mdtrtarea_admvs: "530100",
          insuplc_admdvs: "530100",
          input,
        },
      });
      const at = res.body.indexOf(',"output":');
      expect(at, res.body).toBeGreaterThan(0);
      return { answer: nhsaAnswer(res), output: res.body.slice(at + 10, -1) };
    };
    const twice = async (infno: string, input: Record<string, unknown>) => {
      const id = msgid();
      const first = await raw(infno, input, id);
      expect(first.answer.infcode, first.answer.err_msg).toBe(0);
      const again = await raw(infno, input, id);
      expect(again.answer.warn_msg).toMatch(/replayed/);
      expect(again.output).toBe(first.output);
      return first.answer.output;
    };
    const reg = await twice("2201", {
      data: { psn_no: psnNo, insutype: "310", begntime: "2026-05-01 12:00:00", mdtrt_cert_type: "02" },
    });
    const mdtrtId = reg.data.mdtrt_id;
    const line = (sn: string, cnt: string) => ({
      feedetl_sn: sn,
      mdtrt_id: mdtrtId,
      med_list_codg: "XC09AAE002A001010101445",
      pric: "23.40",
      cnt,
      fee_ocur_time: "2026-05-01 12:10:00",
    });
    const fees = await twice("2204", { feedetail: [line("1", "2"), line("2", "1"), line("3", "3")] });
    expect(fees.result).toHaveLength(3);
    // the fee line's keys in the order the answer was written, not reordered by the store
    const firstKeys = Object.keys(fees.result[0]);
    expect(firstKeys[0]).toBe("feedetl_sn");
    await twice("2205", { data: { mdtrt_id: mdtrtId, feedetl_sn: "3", psn_no: psnNo } });
    const setl = await twice("2207", {
      data: {
        mdtrt_id: mdtrtId,
        psn_no: psnNo,
        medfee_sumamt: "70.20",
        acct_used_flag: "0",
        insutype: "310",
        mdtrt_cert_type: "02",
      },
    });
    // reversed, so that the day's totals (3201 below) still net to zero
    await twice("2208", { data: { setl_id: setl.setlinfo.setl_id, mdtrt_id: mdtrtId, psn_no: psnNo } });
  });

  it("refuses bad envelopes with a code naming the field", async () => {
    const bad = await t.app.inject({
      method: "POST",
      url: "/fsi/api/rsfComIfsService/callService",
      payload: { infno: "2207", msgid: "12-3", fixmedins_code: HOSPITAL, input: {} },
    });
    expect(bad.json()).toMatchObject({ infcode: -1, details: { field: "msgid" } });
    expect((await call("9999", {})).err_msg).toMatch(/NHSA_INFNO_UNSUPPORTED/);
    const other = await t.app.inject({
      method: "POST",
      url: "/fsi/api/rsfComIfsService/callService",
      payload: {
        infno: "1101",
        msgid: "H99999999999202605010930000001",
        fixmedins_code: "H99999999999",
        input: {},
      },
    });
    expect(other.json().err_msg).toMatch(/NHSA_INSTITUTION_UNKNOWN/);
    const garbage = await t.app.inject({
      method: "POST",
      url: "/fsi/api/rsfComIfsService/callService",
      payload: "{not json",
      headers: { "content-type": "application/json" },
    });
    expect(garbage.json().infcode).toBe(-1);
    expect((await call("2207", { data: {} })).details).toEqual({ field: "input.data.mdtrt_id" });
  });

  it("reconciles daily totals (3201)", async () => {
    const q = (medfee: string, cnt: string) =>
      call("3201", {
        data: {
          insutype: "310",
          clr_type: "11",
          setl_optins: "530100",
          stmt_begndate: "2026-05-01",
          stmt_enddate: "2026-05-01",
          medfee_sumamt: medfee,
          fund_pay_sumamt: "0.00",
          acct_pay: "0.00",
          fixmedins_setl_cnt: cnt,
        },
      });
    expect((await q("0.00", "0")).output.stmtinfo.stmt_rslt).toBe("0"); // settled and reversed: nets to zero
    const off = await q("100.00", "1");
    expect(off.output.stmtinfo.stmt_rslt).toBe("1");
  });
});
