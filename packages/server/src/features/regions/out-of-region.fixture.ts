import { yuanToFen } from "@yibao/core/money";
import { makeCertno } from "@yibao/core/registry";
import { expect } from "vitest";
import { SYSTEM_ACTOR } from "../../audit/audit.ts";
import type { Db } from "../../db/database.ts";
import { insertEnrolment } from "../registry/enrolment.service.ts";
import { insertPerson } from "../registry/person.service.ts";
import { postAccountEntry } from "../registry/account.repository.ts";
import type { TestApp } from "../../test/test-app.ts";
import { setupRegion } from "../settlement/settlement.fixture.ts";

/**
 * A second pooling region for the out-of-region tests: Yuxi (玉溪市 530400) with its county
 * Hongta (红塔区 530402) and a level-2 hospital there; Kunming (530100) comes from setupRegion.
 */
export const YUXI = "530400";
export const HONGTA = "530402";
export const YUXI_HOSPITAL = "H53040000001";

/** Yuxi's outpatient policy: no deductible, 80% at every level; `outOfRegion` as given. */
export const yuxiPolicy = (outOfRegion?: Record<string, string>) => ({
  insutype: "310",
  med_type: "11",
  deductible: { scope: "annual", byLevel: { "1": "0.00", "2": "0.00", "3": "0.00" } },
  pool: { ratioByLevel: { "1": "0.8000", "2": "0.8000", "3": "0.8000" }, annualCap: "10000.00" },
  ...(outOfRegion ? { outOfRegion } : {}),
});

export const FILING_RULES = {
  insutypes: ["310", "390"],
  retroactiveDays: 0,
  kinds: {
    resident: { maxDays: null },
    temporary: { maxDays: 90 },
    commitment: { maxDays: 365, proofDays: 10 },
  },
};

export async function setupYuxi(db: Db) {
  await db
    .insertInto("regions")
    .values([
      { code: YUXI, name: "玉溪市", level: "city", parent_code: "530000" },
      { code: HONGTA, name: "红塔区", level: "county", parent_code: YUXI },
    ])
    .execute();
  await db
    .insertInto("institutions")
    .values({
      code: YUXI_HOSPITAL,
      name: "玉溪测试医院",
      kind: "hospital",
      level: "2",
      region_code: HONGTA,
      agreement_from: "2020-01-01",
    })
    .execute();
}

/** Kunming and Yuxi with a hospital each, and one class-A service (OOR-A) both catalogues price. */
export async function setupBothRegions(db: Db) {
  await setupRegion(db);
  await setupYuxi(db);
  await db
    .insertInto("catalogue_entries")
    .values({
      code: "OOR-A",
      name: "甲类项目",
      kind: "service",
      chrgitm_type: "05",
      class: "A",
      price_cap: null,
      valid_from: "2026-01-01",
    })
    .execute();
}

/** An employee insured in `region` (enrolled there), benefits started, with an account balance. */
export async function personInsuredIn(db: Db, region: string, seq: number, balance = 0n) {
  return db.transaction().execute(async (trx) => {
    const p = await insertPerson(
      trx,
      SYSTEM_ACTOR,
      { certno: makeCertno(region, "19700101", seq), name: "异地", regionCode: region },
      "2026-01-01",
    );
    const e = await insertEnrolment(trx, SYSTEM_ACTOR, {
      psnNo: p.psn_no,
      insutype: "310",
      psnType: "1101",
      regionCode: region,
      flexible: true,
      startDate: "2025-01-01",
    });
    await trx
      .updateTable("enrolments")
      .set({ benefit_start_date: "2025-01-01" })
      .where("id", "=", e.id)
      .execute();
    if (balance > 0n) await postAccountEntry(trx, { personId: p.id, amount: balance, kind: "opening" });
    return p;
  });
}

/** Money as the gateway answers it (a decimal string, or a number), in fen. */
export const fen = (v: unknown) => yuanToFen(typeof v === "number" ? v.toFixed(2) : String(v));

/**
 * A HIS of the test: whole visits through the gateway at `now` (Beijing time in the messages).
 * Each visit is one class A line (code OOR-A) of the given yuan.
 */
export function his(app: () => TestApp, now: () => Date) {
  let serial = 0;
  const chinaTime = () =>
    new Date(now().getTime() + 8 * 3600_000).toISOString().slice(0, 19).replace("T", " ");
  const call = async (fixmedins: string, infno: string, input: Record<string, unknown>) => {
    const res = await app().app.inject({
      method: "POST",
      url: "/fsi/api/rsfComIfsService/callService",
      payload: {
        infno,
        msgid: `${fixmedins}${chinaTime().replace(/\D/g, "")}${String(++serial).padStart(4, "0")}`,
        fixmedins_code: fixmedins,
        inf_time: chinaTime(),
        mdtrtarea_admvs: fixmedins.slice(1, 7),
        insuplc_admdvs: fixmedins.slice(1, 7),
        signtype: "MOCK",
        input,
      },
    });
    expect(res.statusCode).toBe(200);
    return res.json();
  };
  const openVisit = async (fixmedins: string, psnNo: string, yuan: string, code = "OOR-A") => {
    const reg = await call(fixmedins, "2201", {
      data: { psn_no: psnNo, insutype: "310", begntime: chinaTime() },
    });
    expect(reg.infcode, reg.err_msg).toBe(0);
    const mdtrtId = reg.output.data.mdtrt_id as string;
    const line = {
      feedetl_sn: "1",
      mdtrt_id: mdtrtId,
      psn_no: psnNo,
      med_list_codg: code,
      pric: yuan,
      cnt: "1",
    };
    const fees = await call(fixmedins, "2204", { feedetail: [{ ...line, fee_ocur_time: chinaTime() }] });
    expect(fees.infcode, fees.err_msg).toBe(0);
    return { mdtrtId, split: fees.output.result[0] };
  };
  const settle = (fixmedins: string, psnNo: string, mdtrtId: string, account = false) =>
    call(fixmedins, "2207", {
      data: { psn_no: psnNo, mdtrt_id: mdtrtId, acct_used_flag: account ? "1" : "0", insutype: "310" },
    });
  /** A whole visit, settled: its setlinfo. */
  const visit = async (fixmedins: string, psnNo: string, yuan: string, account = false) => {
    const s = await settle(fixmedins, psnNo, (await openVisit(fixmedins, psnNo, yuan)).mdtrtId, account);
    expect(s.infcode, s.err_msg).toBe(0);
    return s.output.setlinfo;
  };
  const reverse = async (
    fixmedins: string,
    setlinfo: { setl_id: string; mdtrt_id: string; psn_no: string },
  ) => {
    const r = await call(fixmedins, "2208", { data: setlinfo });
    expect(r.infcode, r.err_msg).toBe(0);
    return r.output.setlinfo;
  };
  return { call, chinaTime, openVisit, settle, visit, reverse };
}
