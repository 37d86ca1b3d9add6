import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { nhsaAnswer } from "../../test/nhsa-answer.ts";
import { expectNhsaRefusal } from "../../test/refusal.ts";
import { type TestApp, openTestApp } from "../../test/test-app.ts";
import { HOSPITAL, insuredPerson, setupRegion } from "../settlement/settlement.fixture.ts";
import { forgetSettleRules } from "./settle-audit.service.ts";
import { ULTRASOUND, XRAY, kbTexts } from "./supervision.fixture.ts";

const NOW = new Date("2026-05-01T01:30:00Z");
let serial = 0;

/** rules.csv with a `settle` column: price-over-cap configured as `action` (others not at settlement). */
function kbWith(action: string) {
  const texts = kbTexts();
  const [head, ...rows] = texts.rules!.split(/\r?\n/).filter((l) => l !== "");
  texts.rules = [
    `${head},settle`,
    ...rows.map((r) => `${r},${r.startsWith("price-over-cap,") ? action : ""}`),
  ].join("\n");
  return texts;
}

/** The audit during settlement (事中): rules configured warn or hold run in 2206/2207. */
describe("audit during settlement (2206/2207)", () => {
  let t: TestApp;
  let psnNo: string;
  const call = async (infno: string, input: Record<string, unknown>, id?: string) => {
    const res = await t.app.inject({
      method: "POST",
      url: "/fsi/api/rsfComIfsService/callService",
      payload: {
        infno,
        msgid: id ?? `${HOSPITAL}20260501093000${String(++serial).padStart(4, "0")}`,
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
  /** 2201 + 2204: an outpatient visit with an ultrasound at its cap and an X-ray at `xray` yuan. */
  const openVisit = async (xray: string) => {
    const reg = await call("2201", {
      data: { psn_no: psnNo, insutype: "310", begntime: "2026-05-01 09:00:00", ipt_otp_no: `MZ${serial}` },
    });
    expect(reg.infcode, reg.err_msg).toBe(0);
    const mdtrtId: string = reg.output.data.mdtrt_id;
    const line = (sn: string, code: string, pric: string) => ({
      feedetl_sn: sn,
      mdtrt_id: mdtrtId,
      psn_no: psnNo,
      med_list_codg: code,
      pric,
      cnt: "1",
      fee_ocur_time: "2026-05-01 09:10:00",
    });
    const up = await call("2204", { feedetail: [line("1", ULTRASOUND, "120.00"), line("2", XRAY, xray)] });
    expect(up.infcode, up.err_msg).toBe(0);
    return mdtrtId;
  };
  const settle = (infno: string, mdtrtId: string, id?: string) =>
    call(infno, { data: { psn_no: psnNo, mdtrt_id: mdtrtId, acct_used_flag: "0", insutype: "310" } }, id);
  const findingsOf = (mdtrtId: string) =>
    t.handle.db
      .selectFrom("audit_findings")
      .select(["rule", "rule_code", "stage", "settle_action", "lines", "amount", "job_id"])
      .where("mdtrt_id", "=", mdtrtId)
      .execute();
  const publish = async (action: string) => {
    const db = t.handle.db;
    await db
      .updateTable("audit_kb_versions")
      .set({ status: "retired" })
      .where("status", "=", "published")
      .execute();
    await db
      .insertInto("audit_kb_versions")
      .values({ label: action, status: "published", files: JSON.stringify(kbWith(action)), created_by: "t" })
      .execute();
    forgetSettleRules(t.app.deps.settlement.reference);
  };

  beforeAll(async () => {
    t = await openTestApp(() => NOW);
    await setupRegion(t.handle.db);
    psnNo = (await insuredPerson(t.handle.db, 810)).psn_no;
  });
  afterAll(async () => t?.close());

  it("settles as before when no rule is configured for settlement", async () => {
    await publish("");
    const id = await openVisit("80.00");
    const setl = await settle("2207", id);
    expect(setl.infcode, setl.err_msg).toBe(0);
    expect(setl.warn_msg).toBeNull();
    expect(await findingsOf(id)).toEqual([]);
  });

  it("warn: settles, answers warn_msg with the rule and lines, records the finding with it", async () => {
    await publish("warn");
    const id = await openVisit("80.00");
    const pre = await settle("2206", id);
    expect(pre.infcode, pre.err_msg).toBe(0);
    expect(pre.warn_msg).toBe("GZ1000010101 price-over-cap lines 2");
    expect(await findingsOf(id)).toEqual([]); // a quote writes nothing
    const setl = await settle("2207", id);
    expect(setl.infcode, setl.err_msg).toBe(0);
    expect(setl.output.setlinfo.setl_id).toMatch(/^S/);
    expect(setl.warn_msg).toBe("GZ1000010101 price-over-cap lines 2");
    expect(await findingsOf(id)).toEqual([
      {
        rule: "price-over-cap",
        rule_code: "GZ1000010101",
        stage: "during",
        settle_action: "warn",
        lines: ["2"],
        amount: 3000n,
        job_id: null,
      },
    ]);
    const clean = await openVisit("50.00"); // exactly at the cap
    const ok = await settle("2207", clean);
    expect(ok.infcode, ok.err_msg).toBe(0);
    expect(ok.warn_msg).toBeNull();
    expect(await findingsOf(clean)).toEqual([]);
  });

  it("hold: refuses the 2207 naming the rule and lines, writes only the finding (once per msgid)", async () => {
    await publish("hold");
    const id = await openVisit("80.00");
    const pre = await settle("2206", id);
    expect(pre.infcode, pre.err_msg).toBe(0);
    expect(pre.warn_msg).toBe("hold at 2207: GZ1000010101 price-over-cap lines 2");
    const msg = `${HOSPITAL}20260501093000HOLD`;
    for (let i = 0; i < 2; i++) {
      const held = await settle("2207", id, msg);
      expectNhsaRefusal(held, "SUP_SETTLEMENT_HELD", "mdtrt_id");
      expect(held.err_msg).toContain("GZ1000010101 price-over-cap lines 2");
      expect(held.details.rules).toEqual([
        { rule: "GZ1000010101", key: "price-over-cap", name: "超限价收费", lines: ["2"] },
      ]);
    }
    const visit = await t.handle.db
      .selectFrom("visits")
      .select(["id", "status"])
      .where("mdtrt_id", "=", id)
      .executeTakeFirstOrThrow();
    expect(visit.status).not.toBe("settled");
    const settlements = await t.handle.db
      .selectFrom("settlements")
      .select("id")
      .where("visit_id", "=", visit.id)
      .execute();
    expect(settlements).toEqual([]);
    expect(await findingsOf(id)).toEqual([
      expect.objectContaining({ stage: "during", settle_action: "hold", lines: ["2"], amount: 3000n }),
    ]);
    // the findings list shows it, without a job
    const clean = await openVisit("50.00");
    expect((await settle("2207", clean)).infcode).toBe(0);
  });
});
