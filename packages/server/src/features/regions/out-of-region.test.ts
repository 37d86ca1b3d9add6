import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectNhsaRefusal, expectRefusal, rowCounts } from "../../test/refusal.ts";
import { type TestApp, openTestApp } from "../../test/test-app.ts";
import { HOSPITAL } from "../settlement/settlement.fixture.ts";
import {
  FILING_RULES,
  HONGTA,
  YUXI,
  YUXI_HOSPITAL,
  fen,
  his,
  personInsuredIn,
  setupBothRegions,
  yuxiPolicy,
} from "./out-of-region.fixture.ts";

let clock = new Date("2026-05-10T01:30:00Z"); // 09:30 in China

describe("out-of-region direct settlement (异地就医直接结算) through the gateway", () => {
  let t: TestApp;
  let yuxiAgency: { authorization: string };
  let kunmingAgency: { authorization: string };

  const { call, chinaTime, openVisit, settle, visit } = his(
    () => t,
    () => clock,
  );
  const file = (who: { authorization: string }, body: Record<string, unknown>) =>
    t.app.inject({ method: "POST", url: "/api/v1/filings", headers: who, payload: body });
  const setPolicy = async (doc: Record<string, unknown>) => {
    const r = await t.app.inject({
      method: "POST",
      url: `/api/v1/policies/${YUXI}/2026`,
      headers: yuxiAgency,
      payload: doc,
    });
    expect(r.statusCode, r.body).toBe(201);
  };

  beforeAll(async () => {
    t = await openTestApp(() => clock);
    await setupBothRegions(t.handle.db);
    yuxiAgency = await t.auth("agency", { regionCode: YUXI });
    kunmingAgency = await t.auth("agency");
    await setPolicy(yuxiPolicy());
  });
  afterAll(async () => t?.close());

  it("refuses an unfiled patient when the insured region's policy says so, storing nothing", async () => {
    const p = await personInsuredIn(t.handle.db, HONGTA, 1);
    const { mdtrtId } = await openVisit(HOSPITAL, p.psn_no, "100.00");
    const before = await rowCounts(t.handle.db, ["settlements", "fund_ledger", "person_accumulators"]);
    const quote = await call(HOSPITAL, "2206", {
      data: { psn_no: p.psn_no, mdtrt_id: mdtrtId, insutype: "310" },
    });
    expectNhsaRefusal(quote, "SETL_UNFILED_REFUSED", "insuplc_admdvs");
    expectNhsaRefusal(await settle(HOSPITAL, p.psn_no, mdtrtId), "SETL_UNFILED_REFUSED", "insuplc_admdvs");
    expect(await rowCounts(t.handle.db, ["settlements", "fund_ledger", "person_accumulators"])).toEqual(
      before,
    );
  });

  it("files under the insured region's rules, refusing by field what they do not allow", async () => {
    const p = await personInsuredIn(t.handle.db, HONGTA, 2);
    const body = {
      psnNo: p.psn_no,
      insutype: "310",
      treatmentRegion: "530100",
      kind: "temporary",
      validFrom: "2026-05-10",
    };
    const counts = await rowCounts(t.handle.db, ["filings"]);
    expectRefusal(await file(yuxiAgency, body), "FILING_RULES_MISSING", "psnNo");
    const rules = await t.app.inject({
      method: "PUT",
      url: `/api/v1/regions/${YUXI}/filing-rules`,
      headers: yuxiAgency,
      payload: FILING_RULES,
    });
    expect(rules.statusCode, rules.body).toBe(200);
    expect(rules.json()).toMatchObject({ region_code: YUXI, rules: FILING_RULES });
    expectRefusal(
      await t.app.inject({
        method: "PUT",
        url: `/api/v1/regions/${HONGTA}/filing-rules`,
        headers: yuxiAgency,
        payload: FILING_RULES,
      }),
      "FILING_REGION_INVALID",
      "code",
    );
    expectRefusal(await file(yuxiAgency, { ...body, kind: "worker" }), "FILING_NOT_ALLOWED", "kind");
    expectRefusal(
      await file(yuxiAgency, { ...body, validFrom: "2026-05-09" }),
      "FILING_PERIOD_INVALID",
      "validFrom",
    );
    expectRefusal(
      await file(yuxiAgency, { ...body, validTo: "2026-08-08" }),
      "FILING_PERIOD_INVALID",
      "validTo",
    );
    expectRefusal(
      await file(yuxiAgency, { ...body, treatmentRegion: HONGTA }),
      "FILING_REGION_INVALID",
      "treatmentRegion",
    );
    expectRefusal(
      await file(yuxiAgency, { ...body, treatmentRegion: "539999" }),
      "FILING_REGION_INVALID",
      "treatmentRegion",
    );
    // a Kunming operator does not see Yuxi's insured
    expectRefusal(await file(kunmingAgency, body), "REG_PERSON_UNKNOWN", "psnNo");
    expect(await rowCounts(t.handle.db, ["filings"])).toEqual({
      ...counts,
      audit_log: counts.audit_log! + 1,
    });

    const ok = await file(yuxiAgency, body);
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json()).toMatchObject({
      psn_no: p.psn_no,
      insured_region: YUXI,
      treatment_region: "530100",
      kind: "temporary",
      valid_from: "2026-05-10",
      valid_to: "2026-08-07", // 90 days: the rule's longest
      state: "active",
      commitment_due: null,
    });
    expectRefusal(
      await file(yuxiAgency, { ...body, validFrom: "2026-05-20", validTo: "2026-05-30" }),
      "FILING_OVERLAP",
      "validFrom",
    );
    const no = ok.json().filing_no as string;
    const proof = await t.app.inject({
      method: "POST",
      url: `/api/v1/filings/${no}/proof`,
      headers: yuxiAgency,
    });
    expectRefusal(proof, "FILING_STATE", "filingNo");
    const unknown = await t.app.inject({
      method: "POST",
      url: "/api/v1/filings/BA5304000000009999/proof",
      headers: yuxiAgency,
    });
    expectRefusal(unknown, "FILING_UNKNOWN", "filingNo");
    const audit = await t.handle.db
      .selectFrom("audit_log")
      .select("action")
      .where("entity_id", "=", no)
      .execute();
    expect(audit.map((a) => a.action)).toEqual(["filing.create"]);
    const listed = await t.app.inject({
      method: "GET",
      url: `/api/v1/filings?psnNo=${p.psn_no}`,
      headers: yuxiAgency,
    });
    expect(listed.json().items.map((f: { filing_no: string }) => f.filing_no)).toEqual([no]);
    const hidden = await t.app.inject({
      method: "GET",
      url: `/api/v1/filings?psnNo=${p.psn_no}`,
      headers: kunmingAgency,
    });
    expect(hidden.json().items).toEqual([]);
  });

  it("a filed patient is paid by the insured region's policy and accumulators; setlinfo names the insured region", async () => {
    const yuxiPerson = await personInsuredIn(t.handle.db, HONGTA, 3);
    const filed = await file(yuxiAgency, {
      psnNo: yuxiPerson.psn_no,
      insutype: "310",
      treatmentRegion: "530100",
      kind: "resident",
      validFrom: "2026-05-10",
    });
    expect(filed.statusCode, filed.body).toBe(201);
    const s = await visit(HOSPITAL, yuxiPerson.psn_no, "100.00");
    // Yuxi pays 80% with no deductible; Kunming's own policy (deductible 800) would pay nothing
    expect(fen(s.medfee_sumamt)).toBe(10_000n);
    expect(fen(s.hifp_pay)).toBe(8_000n);
    expect(fen(s.fund_pay_sumamt) + fen(s.psn_part_amt)).toBe(fen(s.medfee_sumamt));
    expect(s.clr_optins).toBe(YUXI);
    expect(s.clr_type).toBe("11");
    const acc = await sql<{ pool_paid: string }>`select a.pool_paid::text from person_accumulators a
      join persons p on p.id = a.person_id where p.psn_no = ${yuxiPerson.psn_no}`.execute(t.handle.db);
    expect(acc.rows[0]!.pool_paid).toBe("8000");
    const local = await visit(HOSPITAL, (await personInsuredIn(t.handle.db, "530100", 4)).psn_no, "100.00");
    expect([fen(local.hifp_pay), local.clr_optins]).toEqual([0n, "530100"]);

    const rev = await call(HOSPITAL, "2208", {
      data: { setl_id: s.setl_id, mdtrt_id: s.mdtrt_id, psn_no: yuxiPerson.psn_no },
    });
    expect(rev.infcode, rev.err_msg).toBe(0);
    expect([fen(rev.output.setlinfo.hifp_pay), rev.output.setlinfo.clr_optins]).toEqual([-8_000n, YUXI]);
    const after = await sql<{ pool_paid: string }>`select a.pool_paid::text from person_accumulators a
      join persons p on p.id = a.person_id where p.psn_no = ${yuxiPerson.psn_no}`.execute(t.handle.db);
    expect(after.rows[0]!.pool_paid).toBe("0");
  });

  it("an unfiled patient is paid at the policy's unfiled ratio when it allows them", async () => {
    await setPolicy(yuxiPolicy({ unfiled: "ratio", unfiledRatio: "0.5000" }));
    const p = await personInsuredIn(t.handle.db, YUXI, 5);
    const s = await visit(HOSPITAL, p.psn_no, "100.00");
    expect([fen(s.hifp_pay), s.clr_optins]).toEqual([5_000n, YUXI]);
  });

  it("a commitment filing lapses when its documents are late, holds once they are in; a revoked one no longer counts", async () => {
    const p = await personInsuredIn(t.handle.db, YUXI, 6);
    clock = new Date("2026-04-20T01:30:00Z"); // filed three weeks ago, documents due in ten days
    const f = await file(yuxiAgency, {
      psnNo: p.psn_no,
      insutype: "310",
      treatmentRegion: "530100",
      kind: "commitment",
      validFrom: "2026-04-20",
    });
    expect(f.json()).toMatchObject({ kind: "commitment", commitment_due: "2026-04-30", state: "active" });
    const no = f.json().filing_no as string;
    expect(fen((await visit(HOSPITAL, p.psn_no, "100.00")).hifp_pay)).toBe(8_000n); // filed
    clock = new Date("2026-05-10T01:30:00Z");
    const lapsed = await t.app.inject({
      method: "GET",
      url: `/api/v1/filings?psnNo=${p.psn_no}`,
      headers: yuxiAgency,
    });
    expect(lapsed.json().items[0].state).toBe("lapsed");
    expect(fen((await visit(HOSPITAL, p.psn_no, "100.00")).hifp_pay)).toBe(5_000n); // unfiled ratio
    const proof = await t.app.inject({
      method: "POST",
      url: `/api/v1/filings/${no}/proof`,
      headers: yuxiAgency,
    });
    expect(proof.statusCode, proof.body).toBe(200);
    expect(proof.json().state).toBe("active");
    expect(fen((await visit(HOSPITAL, p.psn_no, "100.00")).hifp_pay)).toBe(8_000n);
    const revoke = await t.app.inject({
      method: "POST",
      url: `/api/v1/filings/${no}/revoke`,
      headers: yuxiAgency,
      payload: { reason: "moved back" },
    });
    expect(revoke.json()).toMatchObject({ status: "revoked", state: "revoked" });
    expectRefusal(
      await t.app.inject({
        method: "POST",
        url: `/api/v1/filings/${no}/revoke`,
        headers: yuxiAgency,
        payload: { reason: "again" },
      }),
      "FILING_STATE",
      "filingNo",
    );
    expect(fen((await visit(HOSPITAL, p.psn_no, "100.00")).hifp_pay)).toBe(5_000n);
    const actions = await t.handle.db
      .selectFrom("audit_log")
      .select("action")
      .where("entity_id", "=", no)
      .orderBy("id")
      .execute();
    expect(actions.map((a) => a.action)).toEqual(["filing.create", "filing.proof", "filing.revoke"]);
  });

  it("the treatment region's own catalogue entry prices and classifies the lines, else the shared one", async () => {
    const csv = [
      "code,name,kind,chrgitm_type,class,self_pay_ratio,price_cap,valid_from,region_code",
      "OOR-B,乙类药,drug,09,B,0.1000,,2026-01-01,",
      "OOR-B,乙类药(昆明限价),drug,09,B,0.2000,50.00,2026-01-01,530100",
    ].join("\n");
    const imported = await t.app.inject({
      method: "POST",
      url: "/api/v1/catalogue/imports",
      headers: { ...kunmingAgency, "content-type": "text/csv" },
      payload: csv,
    });
    expect(imported.json(), imported.body).toEqual({ imported: 2 });
    const bad = await t.app.inject({
      method: "POST",
      url: "/api/v1/catalogue/imports",
      headers: { ...kunmingAgency, "content-type": "text/csv" },
      payload:
        "code,name,kind,chrgitm_type,class,valid_from,region_code\nOOR-C,x,drug,09,A,2026-01-01,539999",
    });
    expectRefusal(bad, "REG_REGION_UNKNOWN", "region_code");
    const p = await personInsuredIn(t.handle.db, HONGTA, 8);
    const line = async (fixmedins: string) => {
      const reg = await call(fixmedins, "2201", {
        data: { psn_no: p.psn_no, insutype: "310", begntime: chinaTime() },
      });
      const mdtrtId = reg.output.data.mdtrt_id;
      const fees = await call(fixmedins, "2204", {
        feedetail: [
          {
            feedetl_sn: "1",
            mdtrt_id: mdtrtId,
            psn_no: p.psn_no,
            med_list_codg: "OOR-B",
            pric: "80.00",
            cnt: "1",
            fee_ocur_time: chinaTime(),
          },
        ],
      });
      expect(fees.infcode, fees.err_msg).toBe(0);
      return fees.output.result[0];
    };
    // in Kunming: its cap 50 (30 over the limit) and its 20% self-pay-first share of the rest
    const kunming = await line(HOSPITAL);
    expect([fen(kunming.overlmt_amt), fen(kunming.preselfpay_amt), fen(kunming.inscp_scp_amt)]).toEqual([
      3_000n,
      1_000n,
      4_000n,
    ]);
    // at home in Yuxi: the shared entry, no cap, 10%
    const yuxi = await line(YUXI_HOSPITAL);
    expect([fen(yuxi.overlmt_amt), fen(yuxi.preselfpay_amt), fen(yuxi.inscp_scp_amt)]).toEqual([
      0n,
      800n,
      7_200n,
    ]);
  });

  it("a Kunming patient treated in Yuxi is cleared the other way (clr_optins 530100)", async () => {
    const rules = await t.app.inject({
      method: "PUT",
      url: "/api/v1/regions/530100/filing-rules",
      headers: kunmingAgency,
      payload: FILING_RULES,
    });
    expect(rules.statusCode, rules.body).toBe(200);
    const p = await personInsuredIn(t.handle.db, "530100", 7);
    const f = await file(kunmingAgency, {
      psnNo: p.psn_no,
      insutype: "310",
      treatmentRegion: YUXI,
      kind: "resident",
      validFrom: "2026-05-10",
    });
    expect(f.statusCode, f.body).toBe(201);
    const s = await visit(YUXI_HOSPITAL, p.psn_no, "1000.00");
    // Kunming's policy (deductible 800, 60% at level 2) pays, in Yuxi's hospital
    expect([fen(s.act_pay_dedc), fen(s.hifp_pay), s.clr_optins]).toEqual([80_000n, 12_000n, "530100"]);
  });
});
