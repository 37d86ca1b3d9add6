import type { ErrorCode } from "@yibao/core/errors";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { allRowCounts, expectNhsaRefusal } from "../../test/refusal.ts";
import { type TestApp, openTestApp } from "../../test/test-app.ts";
import { HOSPITAL, insuredPerson, setupRegion } from "./settlement.fixture.ts";

const NOW = new Date("2026-05-01T01:30:00Z"); // 09:30 in China
const OTHER = "H53010000002"; // another hospital of the region
const EXPIRED = "H53010000003"; // its agreement ended with 2025

/**
 * Refusals of visits, fee lines and settlements, as a HIS meets them through the NHSA gateway:
 * infcode -1, "[CODE] message", the field named, and nothing written.
 */
describe("settlement refusals through the gateway", () => {
  let t: TestApp;
  let psnNo: string;
  let serial = 0;
  const call = async (infno: string, input: Record<string, unknown>, from = HOSPITAL) => {
    const res = await t.app.inject({
      method: "POST",
      url: "/fsi/api/rsfComIfsService/callService",
      payload: {
        infno,
        msgid: `${from}20260501093000${String(++serial).padStart(4, "0")}`,
        fixmedins_code: from,
        inf_time: "2026-05-01 09:30:00",
        mdtrtarea_admvs: "530100",
        insuplc_admdvs: "530100",
        input,
      },
    });
    expect(res.statusCode).toBe(200);
    return res.json();
  };
  const ok = async (infno: string, input: Record<string, unknown>) => {
    const r = await call(infno, input);
    expect(r.infcode, r.err_msg).toBe(0);
    return r.output;
  };
  /** A message that must be refused with `code` naming `field`, writing nothing. */
  const refused = async (
    infno: string,
    input: Record<string, unknown>,
    code: ErrorCode,
    field: string,
    from = HOSPITAL,
  ) => {
    const before = await allRowCounts(t.handle.db);
    expectNhsaRefusal(await call(infno, input, from), code, field);
    expect(await allRowCounts(t.handle.db)).toEqual(before);
  };
  const register = (medType = "11", insutype = "310") => ({
    data: { psn_no: psnNo, insutype, med_type: medType, begntime: "2026-05-01 09:00:00" },
  });
  const line = (mdtrtId: string, sn: string) => ({
    feedetl_sn: sn,
    mdtrt_id: mdtrtId,
    psn_no: psnNo,
    med_list_codg: "SELF-PAY-ITEM",
    pric: "30.00",
    cnt: "1",
    fee_ocur_time: "2026-05-01 09:10:00",
  });
  const settle = (mdtrtId: string) => ({
    data: { psn_no: psnNo, mdtrt_id: mdtrtId, acct_used_flag: "0", insutype: "310" },
  });
  /** An open outpatient visit with one fee line. */
  const openVisit = async (medType = "11") => {
    const mdtrtId = (await ok("2201", register(medType))).data.mdtrt_id as string;
    await ok("2204", { feedetail: [line(mdtrtId, "1")] });
    return mdtrtId;
  };

  beforeAll(async () => {
    t = await openTestApp(() => NOW);
    await setupRegion(t.handle.db);
    const hospital = { kind: "hospital" as const, level: "2" as const, region_code: "530100" };
    await t.handle.db
      .insertInto("institutions")
      .values([
        { ...hospital, code: OTHER, name: "第二医院", agreement_from: "2020-01-01" },
        {
          ...hospital,
          code: EXPIRED,
          name: "第三医院",
          agreement_from: "2020-01-01",
          agreement_to: "2025-12-31",
        },
      ])
      .execute();
    psnNo = (await insuredPerson(t.handle.db, 31)).psn_no;
  });
  afterAll(async () => t?.close());

  it("opens visits only for an insurance the person holds, at an institution with an agreement", async () => {
    await refused("2201", register("11", "390"), "SETL_NOT_INSURED", "insutype");
    await refused("2201", register(), "SETL_INSTITUTION_UNKNOWN", "fixmedins_code", EXPIRED);
  });

  it("refuses messages about a visit or settlement that does not exist", async () => {
    const unknown = "M999999999999";
    await refused("2204", { feedetail: [line(unknown, "1")] }, "SETL_VISIT_UNKNOWN", "mdtrt_id");
    await refused("2206", settle(unknown), "SETL_VISIT_UNKNOWN", "mdtrt_id");
    await refused("2207", settle(unknown), "SETL_VISIT_UNKNOWN", "mdtrt_id");
    await refused("2208", { data: { setl_id: "S999999999999" } }, "SETL_UNKNOWN", "setl_id");
  });

  it("refuses a fee line number the visit already has, in another upload or the same one", async () => {
    const mdtrtId = await openVisit();
    await refused(
      "2204",
      { feedetail: [line(mdtrtId, "1")] },
      "SETL_FEE_LINE_DUPLICATE",
      "feedetail.0.feedetl_sn",
    );
    await refused(
      "2204",
      { feedetail: [line(mdtrtId, "2"), line(mdtrtId, "2")] },
      "SETL_FEE_LINE_DUPLICATE",
      "feedetail.1.feedetl_sn",
    );
  });

  it("needs a benefit policy for the visit's medical type (SETL_POLICY_MISSING)", async () => {
    const mdtrtId = await openVisit("14"); // 门诊慢特病: the test region has no policy for it
    await refused("2206", settle(mdtrtId), "SETL_POLICY_MISSING", "med_type");
    await refused("2207", settle(mdtrtId), "SETL_POLICY_MISSING", "med_type");
  });

  it("refuses changes of a settled visit until it is reversed (SETL_VISIT_STATE)", async () => {
    const mdtrtId = await openVisit();
    await ok("2207", settle(mdtrtId));
    await refused("2204", { feedetail: [line(mdtrtId, "2")] }, "SETL_VISIT_STATE", "mdtrt_id");
    await refused("2207", settle(mdtrtId), "SETL_VISIT_STATE", "mdtrt_id");
    await refused("2202", { data: { mdtrt_id: mdtrtId } }, "SETL_VISIT_STATE", "mdtrt_id");
  });

  it("lets an institution touch only its own patients' visits (SETL_NOT_OWN_PATIENT)", async () => {
    const mdtrtId = await openVisit();
    const own = (infno: string, input: Record<string, unknown>) =>
      refused(infno, input, "SETL_NOT_OWN_PATIENT", "mdtrt_id", OTHER);
    await own("2204", { feedetail: [line(mdtrtId, "2")] });
    await own("2205", { data: { mdtrt_id: mdtrtId, feedetl_sn: "1" } });
    await own("2206", settle(mdtrtId));
    await own("2207", settle(mdtrtId));
    await own("2202", { data: { mdtrt_id: mdtrtId } });
    const setlId = (await ok("2207", settle(mdtrtId))).setlinfo.setl_id as string;
    await own("2208", { data: { setl_id: setlId } });
  });
});
