import { nhsaAnswer } from "../../test/nhsa-answer.ts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TestApp, openTestApp } from "../../test/test-app.ts";
import { expectNhsaRefusal } from "../../test/refusal.ts";
import { HOSPITAL, setupRegion } from "../settlement/settlement.fixture.ts";
import { ULTRASOUND, XRAY, kbTexts } from "./supervision.fixture.ts";

const NOW = new Date("2026-05-01T01:30:00Z");
let serial = 0;

/** 3101 (before) and 3102 (during) through the gateway, answered in the NHSA result[] format. */
describe("3101/3102 pre- and in-event audit", () => {
  let t: TestApp;
  const call = async (infno: string, input: Record<string, unknown>) => {
    const res = await t.app.inject({
      method: "POST",
      url: "/fsi/api/rsfComIfsService/callService",
      payload: {
        infno,
        msgid: `${HOSPITAL}20260501093000${String(++serial).padStart(4, "0")}`,
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
  const order = (rx: string, code: string, pric: string, cnt = "1") => ({
    rx_id: rx,
    hilist_code: code,
    cnt,
    pric,
  });
  const input = (encounters: unknown[], extra: Record<string, unknown> = {}) => ({
    data: {
      patient_dtos: [
        { patn_id: "P1", gend: "1", brdy: "1980-01-01", fsi_encounter_dtos: encounters, ...extra },
      ],
      trig_scen: "1",
    },
  });
  const visit = (id: string, orders: unknown[], day = "2026-05-01") => ({
    mdtrt_id: id,
    med_type: "11",
    insutype: "310",
    adm_date: `${day} 09:00:00`,
    fsi_diagnose_dtos: [{ dise_codg: "J00", maindise_flag: "1" }],
    fsi_order_dtos: orders,
  });

  beforeAll(async () => {
    t = await openTestApp(() => NOW);
    await setupRegion(t.handle.db);
  });
  afterAll(async () => t?.close());

  it("refuses without a published knowledge base", async () => {
    expectNhsaRefusal(await call("3101", input([visit("M1", [order("R1", XRAY, "80.00")])])), "SUP_KB_NONE");
    await t.handle.db
      .insertInto("audit_kb_versions")
      .values({ label: "t", status: "published", files: JSON.stringify(kbTexts()), created_by: "t" })
      .execute();
  });

  it("answers each finding of the current encounter as a result entry", async () => {
    const out = await call(
      "3101",
      input([visit("M1", [order("R1", ULTRASOUND, "120.00"), order("R2", XRAY, "80.00")])]),
    );
    expect(out.infcode).toBe(0);
    expect(out.output.result).toEqual([
      {
        jr_id: "M1-GZ1000010101-1",
        rule_id: "GZ1000010101",
        rule_name: "超限价收费",
        vola_cont: expect.any(String),
        mdtrt_id: "M1",
        vola_amt: "30.00",
        sev_deg: expect.stringMatching(/^[123]$/),
        vola_evid: "R2",
        vola_bhvr_type: "1",
      },
    ]);
    const clean = await call("3102", input([visit("M2", [order("R1", XRAY, "50.00")])]));
    expect(clean.output.result).toEqual([]); // exactly at the cap
  });

  it("audits the current encounter against the earlier ones sent with it, and filters by rule_ids", async () => {
    const first = visit("E1", [order("R1", XRAY, "50.00")], "2026-04-30");
    const current = visit("E2", [order("R9", "NOT-IN-KB", "1.00"), order("R2", XRAY, "70.00")]);
    const both = await call("3101", input([current, first], { curr_mdtrt_id: "E2" }));
    const rules = both.output.result.map((r: { rule_id: string; mdtrt_id: string }) => [
      r.mdtrt_id,
      r.rule_id,
    ]);
    expect(rules.every(([m]: string[]) => m === "E2")).toBe(true);
    expect(rules.length).toBeGreaterThanOrEqual(2); // price cap and unknown item at least
    const only = await call("3101", input([current], { curr_mdtrt_id: "E2" }));
    const filtered = await call("3101", {
      data: { ...input([current]).data, rule_ids: ["price-over-cap"] },
    });
    expect(filtered.output.result.map((r: { rule_id: string }) => r.rule_id)).toEqual(["GZ1000010101"]);
    expect(only.output.result.length).toBeGreaterThan(filtered.output.result.length);
  });

  it("refuses a malformed request by field", async () => {
    const bad = visit("M3", [{ ...order("R1", XRAY, "80.00"), cnt: "-1" }]);
    expectNhsaRefusal(
      await call("3101", input([bad])),
      "FIELD_INVALID",
      "input.data.patient_dtos.0.fsi_encounter_dtos.0.fsi_order_dtos.0.cnt",
    );
    const noGend = { data: { patient_dtos: [{ patn_id: "P", brdy: "1980-01-01", fsi_encounter_dtos: [] }] } };
    expectNhsaRefusal(await call("3102", noGend), "FIELD_REQUIRED", "input.data.patient_dtos.0.gend");
  });
});
