import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "../../audit/audit.ts";
import { type Answer, HisClient, type Transport, type WireStyle } from "../../his-sim/his-client.ts";
import { type TestApp, openTestApp } from "../../test/test-app.ts";
import { HOSPITAL, insuredPerson, setupRegion } from "../settlement/settlement.fixture.ts";
import { issueKey } from "./keys.service.ts";

const NOW = new Date("2026-05-01T01:30:00Z"); // 09:30 in China
const DRUG = "XJ01CAA040A001010101445"; // class A
const fen = (yuan: string) => BigInt(yuan.replace(".", ""));
const MONEY_ON_WIRE = /"(medfee_sumamt|fund_pay_sumamt|psn_part_amt|acct_pay|balc)":(-?\d+\.\d\d)[,}]/g;

const STYLES: WireStyle[] = [
  { contentType: "application/json;charset=UTF-8", path: "callService", msgid: "institution" },
  { contentType: "text/plain;charset=utf-8", path: "callService/infno", msgid: "uuid" },
  { contentType: "application/json", path: "callService/infno", msgid: "timestamp" },
];

function transportOf(t: TestApp): Transport {
  return async (url, payload, headers) => {
    const r = await t.app.inject({ method: "POST", url, payload, headers });
    return { status: r.statusCode, body: r.body };
  };
}

/** 20 fee lines as a HIS sends them: prices, quantities and amounts as JSON numbers. */
function feeLines(mdtrtId: string, psnNo: string) {
  return Array.from({ length: 20 }, (_, i) => {
    const pric = 3.5 + i; // 3.5, 4.5, ...
    const cnt = (i % 3) + 1;
    return {
      feedetl_sn: `F${String(i + 1).padStart(3, "0")}`,
      mdtrt_id: mdtrtId,
      psn_no: psnNo,
      chrg_bchno: "B0001",
      rxno: "",
      fee_ocur_time: "2026-05-01 09:10:00",
      med_list_codg: i % 2 === 0 ? DRUG : "XSELF",
      medins_list_codg: `L${i}`,
      det_item_fee_sumamt: Math.round(pric * cnt * 100) / 100,
      cnt,
      pric,
      bilg_dept_codg: "D01",
      bilg_dr_codg: "DR01",
      hosp_appr_flag: "1",
    };
  });
}

const ok = (a: Answer) => {
  expect(a.infcode, a.err_msg ?? "").toBe(0);
  return a.output;
};

/**
 * The whole outpatient visit of issue 10, sent as third-party HIS code sends it: 9001, 1101,
 * 2201, 2203, 2204 with 20 lines, 2206, 2207, 2208, 2205, 3201, 5201, 9002.
 */
async function outpatientVisit(his: HisClient, certno: string) {
  ok(await his.send("9001", { signIn: { opter_no: "001", mac: "00-16-EA-AE-3C-40", ip: "10.0.0.8" } }));
  expect(his.signNo).toMatch(/^[0-9a-f]{24}$/);
  const person = ok(await his.send("1101", { data: { mdtrt_cert_type: "02", mdtrt_cert_no: certno } }));
  expect(typeof person.baseinfo.age).toBe("string"); // read back from a JSON number
  const psnNo: string = person.baseinfo.psn_no;
  const reg = ok(
    await his.send("2201", {
      data: {
        psn_no: psnNo,
        insutype: 310, // some clients send codes as numbers
        begntime: "2026-05-01 09:00:00",
        mdtrt_cert_type: "02",
        mdtrt_cert_no: certno,
        ipt_otp_no: `MZ${Date.now()}`,
        atddr_no: "D001",
        dr_name: "医生",
        dept_code: "01",
        dept_name: "内科",
        caty: "A03",
      },
    }),
  );
  const mdtrtId: string = reg.data.mdtrt_id;
  ok(
    await his.send("2203", {
      mdtrtinfo: { mdtrt_id: mdtrtId, psn_no: psnNo, med_type: "11", begntime: "2026-05-01 09:00:00" },
      diseinfo: [],
    }),
  );
  const lines = feeLines(mdtrtId, psnNo);
  const up = ok(await his.send("2204", { feedetail: lines }));
  expect(up.result).toHaveLength(20);
  let linesTotal = 0n;
  for (const r of up.result) {
    linesTotal += fen(r.det_item_fee_sumamt);
    const parts = ["fulamt_ownpay_amt", "overlmt_amt", "preselfpay_amt", "inscp_scp_amt"];
    expect(parts.reduce((s, k) => s + fen(r[k]), 0n)).toBe(fen(r.det_item_fee_sumamt));
  }
  const medfee = lines.reduce((s, l) => s + BigInt(Math.round(l.det_item_fee_sumamt * 100)), 0n);
  expect(linesTotal).toBe(medfee);
  const settleData = {
    psn_no: psnNo,
    mdtrt_cert_type: "02",
    mdtrt_cert_no: certno,
    med_type: "11",
    medfee_sumamt: Number(medfee) / 100,
    psn_setlway: "01",
    mdtrt_id: mdtrtId,
    chrg_bchno: "B0001",
    acct_used_flag: "1",
    insutype: "310",
  };
  const quote = ok(await his.send("2206", { data: settleData }));
  const settled = await his.send("2207", { data: { ...settleData, invono: "" } });
  const s = ok(settled).setlinfo;
  expect(s).toEqual({
    ...quote.setlinfo,
    setl_id: s.setl_id,
    setl_time: s.setl_time,
    medins_setl_id: s.medins_setl_id,
  });
  expect(fen(s.medfee_sumamt)).toBe(medfee);
  expect(fen(s.fund_pay_sumamt) + fen(s.psn_part_amt)).toBe(medfee);
  expect(fen(s.acct_pay) + fen(s.psn_cash_pay)).toBe(fen(s.psn_part_amt));
  // on the wire: numbers with exactly two decimals
  const money = [...settled.raw.matchAll(MONEY_ON_WIRE)];
  expect(money.length).toBeGreaterThanOrEqual(5);
  for (const m of money) expect(s[m[1]!]).toBe(m[2]);
  const reversed = ok(
    await his.send("2208", { data: { setl_id: s.setl_id, mdtrt_id: mdtrtId, psn_no: psnNo } }),
  );
  for (const k of ["medfee_sumamt", "fund_pay_sumamt", "psn_part_amt", "acct_pay", "hifp_pay"])
    expect(fen(reversed.setlinfo[k])).toBe(-fen(s[k]));
  ok(await his.send("2205", { data: { mdtrt_id: mdtrtId, psn_no: psnNo, feedetl_sn: "0000" } }));
  const stmt = ok(
    await his.send("3201", {
      data: {
        insutype: "310",
        clr_type: "11",
        setl_optins: "530100",
        stmt_begndate: "2026-05-01",
        stmt_enddate: "2026-05-01",
        medfee_sumamt: 0,
        fund_pay_sumamt: 0,
        acct_pay: 0,
        fixmedins_setl_cnt: 0,
      },
    }),
  );
  expect(stmt.stmtinfo.stmt_rslt).toBe("0"); // settled and reversed: nets to zero
  const visits = ok(await his.send("5201", { data: { psn_no: psnNo, mdtrt_id: mdtrtId } }));
  expect(visits.mdtrtinfo).toHaveLength(1);
  const out = ok(await his.send("9002", { signOut: { sign_no: his.signNo, opter_no: "001" } }));
  expect(out.signoutoutb.sign_no).toBe(his.signNo);
}

describe("a third-party HIS on the open demo gateway", () => {
  let t: TestApp;
  const certnos: string[] = [];
  const client = (style: WireStyle) =>
    new HisClient({
      transport: transportOf(t),
      fixmedinsCode: HOSPITAL,
      region: "530100",
      style,
      now: () => NOW,
    });

  beforeAll(async () => {
    t = await openTestApp(() => NOW);
    await setupRegion(t.handle.db);
    await t.handle.db
      .insertInto("catalogue_entries")
      .values({
        code: DRUG,
        name: "阿莫西林胶囊",
        kind: "drug",
        chrgitm_type: "09",
        class: "A",
        price_cap: null,
        valid_from: "2026-01-01",
      })
      .execute();
    for (let i = 0; i < STYLES.length + 1; i++)
      certnos.push((await insuredPerson(t.handle.db, 700 + i, 50_000n)).certno);
  });
  afterAll(async () => t?.close());

  for (const [i, style] of STYLES.entries())
    it(`runs a whole outpatient visit (${style.contentType}, ${style.path}, msgid from ${style.msgid})`, async () => {
      await outpatientVisit(client(style), certnos[i]!);
    });

  it("refuses a path whose infno is not the body's, by field", async () => {
    const his = client(STYLES[0]!);
    const res = await t.app.inject({
      method: "POST",
      url: "/fsi/api/rsfComIfsService/callService/2207",
      payload: JSON.stringify(his.envelope("1101", { data: {} })),
      headers: his.headers("1101"),
    });
    expect(res.json()).toMatchObject({ infcode: -1, details: { field: "infno" } });
    expect(res.json().err_msg).toMatch(/^\[NHSA_ENVELOPE_INVALID\] /);
  });

  it("reads text/plain bodies of any charset, and refuses one that is not JSON as an envelope", async () => {
    const his = client(STYLES[0]!);
    const body = JSON.stringify(his.envelope("9001", { signIn: { opter_no: "1" } }));
    for (const type of ["text/plain", "text/plain; charset=GBK", "application/json; charset=utf-8"]) {
      const res = await t.app.inject({
        method: "POST",
        url: "/fsi/api/rsfComIfsService/callService",
        payload: body,
        headers: { "content-type": type },
      });
      expect(res.json().infcode, `${type}: ${res.body}`).toBe(0);
    }
    const bad = await t.app.inject({
      method: "POST",
      url: "/fsi/api/rsfComIfsService/callService",
      payload: "{infno: 9001",
      headers: { "content-type": "text/plain;charset=utf-8" },
    });
    expect(bad.statusCode).toBe(200);
    expect(bad.json()).toMatchObject({ infcode: -1, details: { field: "body" } });
    expect(bad.json().err_msg).toMatch(/^\[JSON_MALFORMED\] /);
  });

  it("refuses __proto__ and constructor.prototype keys in either content type, writing nothing", async () => {
    const his = client(STYLES[0]!);
    const signIns = async () =>
      Number(
        (
          await t.handle.db
            .selectFrom("nhsa_sign_ins")
            .select((eb) => eb.fn.countAll().as("n"))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await signIns();
    const good = JSON.stringify(his.envelope("9001", { signIn: { opter_no: "1" } }));
    const cases: [string, string][] = [
      [good.replace('{"opter_no"', '{"__proto__":{"admin":true},"opter_no"'), "input.signIn.__proto__"],
      [
        good.replace('{"opter_no"', '{"constructor":{"prototype":{"x":1}},"opter_no"'),
        "input.signIn.constructor",
      ],
      [`{"__proto__":{"infno":"9001"},${good.slice(1)}`, "__proto__"],
    ];
    for (const type of ["application/json", "text/plain;charset=utf-8"])
      for (const [payload, field] of cases) {
        const res = await t.app.inject({
          method: "POST",
          url: "/fsi/api/rsfComIfsService/callService",
          payload,
          headers: { "content-type": type },
        });
        expect(res.statusCode).toBe(200);
        expect(res.json(), `${type} ${payload}`).toMatchObject({ infcode: -1, details: { field } });
        expect(res.json().err_msg).toMatch(/^\[JSON_MALFORMED\] /);
      }
    expect(await signIns()).toBe(before);
    // a key named constructor holding no prototype is an ordinary key (unknown ones are ignored)
    const plain = good.replace('{"opter_no"', '{"constructor":"x","opter_no"');
    const res = await t.app.inject({
      method: "POST",
      url: "/fsi/api/rsfComIfsService/callService",
      payload: plain,
      headers: { "content-type": "application/json" },
    });
    expect(res.json().infcode, res.body).toBe(0);
  });

  it("signs out (9002) with or without the sign_no, and refuses another's sign_no by field", async () => {
    const his = client(STYLES[0]!);
    expect((await his.send("9002", {})).infcode).toBe(0);
    ok(await his.send("9001", { signIn: { opter_no: "1" } }));
    const viaEnvelope = ok(await his.send("9002", { signOut: { opter_no: "1" } }));
    expect(viaEnvelope.signoutoutb.sign_no).toBe(his.signNo);
    const row = await t.handle.db
      .selectFrom("nhsa_sign_ins")
      .select("sign_out_time")
      .where("sign_no", "=", his.signNo)
      .executeTakeFirstOrThrow();
    expect(row.sign_out_time).toEqual(NOW);
    const unknown = await his.send("9002", { signOut: { sign_no: "ffffffffffffffffffffffff" } });
    expect(unknown.infcode).toBe(-1);
    expect(unknown.err_msg).toMatch(/^\[FIELD_INVALID\] /);
    expect(JSON.parse(unknown.raw).details.field).toBe("input.signOut.sign_no");
  });
});

describe("a third-party HIS with HMAC signatures", () => {
  let t: TestApp;
  let certno: string;
  beforeAll(async () => {
    t = await openTestApp(() => NOW, { nhsaAuth: "hmac" });
    await setupRegion(t.handle.db);
    certno = (await insuredPerson(t.handle.db, 800, 50_000n)).certno;
  });
  afterAll(async () => t?.close());

  it("runs the whole visit signed, and is refused unsigned", async () => {
    const key = await issueKey(t.handle.db, t.app.deps.gateway.secrets, SYSTEM_ACTOR, HOSPITAL);
    let ms = NOW.getTime();
    const style = STYLES[1]!;
    const base = { transport: transportOf(t), fixmedinsCode: HOSPITAL, region: "530100", style };
    // each message stamps a fresh millisecond: a signed header set is accepted once
    const signed = new HisClient({ ...base, key, now: () => new Date(++ms) });
    await outpatientVisit(signed, certno);
    const unsigned = new HisClient({ ...base, now: () => NOW });
    const r = await unsigned.send("9001", { signIn: {} });
    expect(r.infcode).toBe(-1);
    expect(r.err_msg).toMatch(/^\[NHSA_SIGNATURE_INVALID\] /);
  });
});
