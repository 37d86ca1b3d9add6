import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { nhsaAnswer } from "../../test/nhsa-answer.ts";
import { rowCounts } from "../../test/refusal.ts";
import { type TestApp, openTestApp } from "../../test/test-app.ts";
import { HOSPITAL, insuredPerson, setupRegion } from "../settlement/settlement.fixture.ts";

const NOW = new Date("2026-05-01T01:30:00Z"); // 09:30 in China
let serial = 0;
const msgid = () => `L${String(++serial).padStart(8, "0")}`;

/**
 * A hostile or confused HIS mixing two patients in one message: fee lines that name another visit
 * or another person, a settlement that names another person. Each is refused by its field and
 * writes nothing; lines and settlements that name no one are the visit's.
 */
describe("NHSA messages name one visit and its patient", () => {
  let t: TestApp;
  const call = async (infno: string, input: Record<string, unknown>) => {
    const res = await t.app.inject({
      method: "POST",
      url: "/fsi/api/rsfComIfsService/callService",
      payload: { infno, msgid: msgid(), fixmedins_code: HOSPITAL, inf_time: "2026-05-01 09:30:00", input },
    });
    expect(res.statusCode).toBe(200);
    return nhsaAnswer(res);
  };
  const register = async (psnNo: string) => {
    const r = await call("2201", {
      data: { psn_no: psnNo, insutype: "310", begntime: "2026-05-01 09:00:00" },
    });
    expect(r.infcode, r.err_msg).toBe(0);
    return r.output.data.mdtrt_id as string;
  };
  const line = (sn: string, extra: Record<string, unknown>) => ({
    feedetl_sn: sn,
    med_list_codg: "XSELF",
    pric: "10.00",
    cnt: "1",
    fee_ocur_time: "2026-05-01 09:10:00",
    ...extra,
  });
  const refusedBy = (r: { infcode: number; err_msg: string; details: unknown }, field: string) => {
    expect(r.infcode).toBe(-1);
    expect(r.err_msg).toMatch(/^\[FIELD_INVALID\]/);
    expect(r.details).toMatchObject({ field });
  };
  let a: { psn_no: string };
  let b: { psn_no: string };

  beforeAll(async () => {
    t = await openTestApp(() => NOW);
    await setupRegion(t.handle.db);
    a = await insuredPerson(t.handle.db, 801, 10_000n);
    b = await insuredPerson(t.handle.db, 802, 10_000n);
  });
  afterAll(async () => t?.close());

  it("refuses a fee line of another visit or another person, by the line's field, writing nothing", async () => {
    const visitA = await register(a.psn_no);
    const visitB = await register(b.psn_no);
    const before = await rowCounts(t.handle.db, ["fee_lines"]);
    refusedBy(
      await call("2204", {
        feedetail: [
          line("F1", { mdtrt_id: visitA, psn_no: a.psn_no }),
          line("F2", { mdtrt_id: visitB, psn_no: b.psn_no }),
        ],
      }),
      "feedetail.1.mdtrt_id",
    );
    refusedBy(
      await call("2204", {
        feedetail: [line("F1", { mdtrt_id: visitA }), line("F2", { mdtrt_id: visitA, psn_no: b.psn_no })],
      }),
      "feedetail.1.psn_no",
    );
    refusedBy(
      await call("2204", { feedetail: [line("F1", { mdtrt_id: visitA, psn_no: { $ne: "" } })] }),
      "input.feedetail.0.psn_no",
    );
    expect(await rowCounts(t.handle.db, ["fee_lines"])).toEqual(before);
    const ok = await call("2204", {
      feedetail: [line("F1", { mdtrt_id: visitA, psn_no: a.psn_no }), line("F2", { mdtrt_id: visitA })],
    });
    expect(ok.infcode, ok.err_msg).toBe(0);
    expect(ok.output.result).toHaveLength(2);
  });

  it("keeps the attending doctor 2201 names (atddr_no)", async () => {
    const r = await call("2201", {
      data: { psn_no: a.psn_no, insutype: "310", begntime: "2026-05-01 09:00:00", atddr_no: "D530100000009" },
    });
    expect(r.infcode, r.err_msg).toBe(0);
    const v = await t.handle.db
      .selectFrom("visits")
      .select("atddr_no")
      .where("mdtrt_id", "=", r.output.data.mdtrt_id)
      .executeTakeFirstOrThrow();
    expect(v.atddr_no).toBe("D530100000009");
  });

  it("refuses a pre-settlement or settlement that names another person; settles the visit's own", async () => {
    const visitA = await register(a.psn_no);
    expect((await call("2204", { feedetail: [line("F1", { mdtrt_id: visitA })] })).infcode).toBe(0);
    const data = (psnNo: unknown) => ({
      mdtrt_id: visitA,
      psn_no: psnNo,
      medfee_sumamt: "10.00",
      insutype: "310",
    });
    const before = await rowCounts(t.handle.db, ["settlements", "fund_ledger"]);
    refusedBy(await call("2206", { data: data(b.psn_no) }), "input.data.psn_no");
    refusedBy(await call("2207", { data: data(b.psn_no) }), "input.data.psn_no");
    refusedBy(await call("2207", { data: data([a.psn_no]) }), "input.data.psn_no");
    expect(await rowCounts(t.handle.db, ["settlements", "fund_ledger"])).toEqual(before);
    const settled = await call("2207", { data: data(a.psn_no) });
    expect(settled.infcode, settled.err_msg).toBe(0);
    expect(settled.output.setlinfo.psn_no).toBe(a.psn_no);
  });
});
