import { strToU8, zipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { nhsaAnswer } from "../../test/nhsa-answer.ts";
import { expectNhsaRefusal, rowCounts } from "../../test/refusal.ts";
import { type TestApp, openTestApp } from "../../test/test-app.ts";
import {
  HOSPITAL,
  insuredPerson,
  reverseOnce,
  settleOnce,
  setupRegion,
} from "../settlement/settlement.fixture.ts";
import { settleVisit } from "../settlement/settle.service.ts";
import { registerVisit, uploadFeeLines } from "../settlement/visit.service.ts";
import { UPLOAD_BYTES_PER_DAY } from "./files.tx.ts";
import { UNZIPPED_MAX_BYTES } from "./upload-file.ts";

const NOW = new Date("2026-05-03T01:30:00Z");
let clock = NOW;
const OTHER = "H53010000002";
let serial = 0;
const msgid = () => `R3202${String(++serial).padStart(6, "0")}`;

interface Ours {
  setl_id: string;
  mdtrt_id: string;
  psn_no: string;
  medfee_sumamt: string;
  fund_pay_sumamt: string;
  acct_pay: string;
  refd_setl_flag: string;
}

/**
 * 3202 detail reconciliation: the hospital's list of settlements against ours, per settlement,
 * with the differences named; only the institution's own settlements.
 */
describe("3202 detail reconciliation", () => {
  let t: TestApp;
  const ours: Ours[] = [];
  let othersSetlId = "";
  let othersPsnNo = "";
  const call = async (infno: string, input: Record<string, unknown>, id = msgid(), from = HOSPITAL) => {
    const res = await t.app.inject({
      method: "POST",
      url: "/fsi/api/rsfComIfsService/callService",
      payload: { infno, msgid: id, fixmedins_code: from, inf_time: "2026-05-03 09:30:00", input },
    });
    expect(res.statusCode).toBe(200);
    return nhsaAnswer(res);
  };
  const period = { setl_optins: "530100", stmt_begndate: "2026-05-01", stmt_enddate: "2026-05-02" };

  beforeAll(async () => {
    t = await openTestApp(() => clock);
    await setupRegion(t.handle.db);
    await t.handle.db
      .insertInto("institutions")
      .values({
        code: OTHER,
        name: "另一医院",
        kind: "hospital",
        level: "2",
        region_code: "530100",
        agreement_from: "2020-01-01",
      })
      .execute();
    const p1 = await insuredPerson(t.handle.db, 801, 10_000n);
    const p2 = await insuredPerson(t.handle.db, 802, 10_000n);
    const p3 = await insuredPerson(t.handle.db, 803, 0n);
    const s1 = await settleOnce(t.handle.db, p1.psn_no, "900.00", true);
    const s2 = await settleOnce(t.handle.db, p2.psn_no, "1200.00");
    const r2 = await reverseOnce(t.handle.db, s2.body.setlId);
    // a settlement of another hospital in the same period
    othersPsnNo = p3.psn_no;
    othersSetlId = await t.handle.db.transaction().execute(async (trx) => {
      const at = new Date("2026-05-01T08:00:00Z");
      const v = await registerVisit(trx, {
        psnNo: p3.psn_no,
        insutype: "310",
        medType: "11",
        institutionCode: OTHER,
        begntime: at,
      });
      await uploadFeeLines(trx, v.mdtrt_id, [
        { feedetlSn: "1", code: "X", pric: "300.00", cnt: "1", feeTime: at, catalogClass: "A" },
      ]);
      return (await settleVisit(trx, { mdtrtId: v.mdtrt_id, acctUsed: false, msgid: "O1", now: at })).setlId!;
    });
    const rows = await t.handle.db
      .selectFrom("settlements as s")
      .innerJoin("visits as v", "v.id", "s.visit_id")
      .innerJoin("persons as p", "p.id", "s.person_id")
      .select(["s.setl_id", "v.mdtrt_id", "p.psn_no", "s.medfee", "s.fund_pay", "s.account_pay", "s.kind"])
      .where("s.setl_id", "in", [s1.body.setlId, s2.body.setlId, r2.body.setlId])
      .orderBy("s.id")
      .execute();
    const yuan = (fen: bigint) => (Number(fen) / 100).toFixed(2);
    for (const r of rows)
      ours.push({
        setl_id: r.setl_id,
        mdtrt_id: r.mdtrt_id,
        psn_no: r.psn_no,
        medfee_sumamt: yuan(r.medfee),
        fund_pay_sumamt: yuan(r.fund_pay),
        acct_pay: yuan(r.account_pay),
        refd_setl_flag: r.kind === "reverse" ? "1" : "0",
      });
    expect(ours.map((o) => o.refd_setl_flag)).toEqual(["0", "0", "1"]);
    expect(Number(ours[0]!.acct_pay)).toBeGreaterThan(0); // the first paid from the account
  });
  afterAll(async () => t?.close());

  it("is consistent when the hospital lists exactly our settlements (numbers or strings)", async () => {
    const detail = ours.map((o) => ({ ...o, medfee_sumamt: Number(o.medfee_sumamt) }));
    const a = await call("3202", { data: period, detail: [...detail].reverse() });
    expect(a.infcode, a.err_msg).toBe(0);
    expect(a.output.stmtinfo).toMatchObject({ stmt_rslt: "0", match_cnt: 3, differs_cnt: 0 });
    expect(a.output.stmttotal.ours).toEqual(a.output.stmttotal.theirs);
    // settled twice, reversed once: one settlement, the reversal netted
    expect(a.output.stmttotal.ours.fixmedins_setl_cnt).toBe(1);
    expect(a.output.stmttotal.ours.medfee_sumamt).toBe("900.00");
  });

  it("lists per settlement what is missing on either side and which fields differ, with totals", async () => {
    const [s1, s2] = ours;
    const before = await rowCounts(t.handle.db, ["nhsa_reconciliations"]);
    const a = await call("3202", {
      data: period,
      detail: [
        s1,
        { ...s2, acct_pay: "10.00", psn_no: "P0000000000" }, // two fields differ
        { ...s1, setl_id: "999999999" }, // no such settlement
        { ...s1, setl_id: othersSetlId }, // another hospital's: not ours to show
      ],
    });
    expect(a.infcode, a.err_msg).toBe(0);
    const out = a.output;
    expect(out.stmtinfo).toMatchObject({
      stmt_rslt: "1",
      match_cnt: 1,
      differs_cnt: 1,
      missing_ours_cnt: 2,
      missing_theirs_cnt: 1,
    });
    const lines = out.stmtdetail.map((l: Record<string, unknown>) => [l.setl_id, l.dif_type, l.dif_fields]);
    expect(lines).toEqual([
      [s1!.setl_id, "match", []],
      [s2!.setl_id, "differs", ["psn_no", "acct_pay"]],
      ["999999999", "missing_ours", []],
      [othersSetlId, "missing_ours", []],
      [ours[2]!.setl_id, "missing_theirs", []],
    ]);
    const differs = out.stmtdetail[1];
    expect(differs.ours.acct_pay).toBe(s2!.acct_pay);
    expect(differs.theirs.acct_pay).toBe("10.00");
    expect(out.stmtdetail[3].ours).toBeNull();
    expect(JSON.stringify(out)).not.toContain(othersPsnNo);
    const yuan = (s: string) => BigInt(s.replace(".", ""));
    const theirMedfee = yuan(s1!.medfee_sumamt) * 3n + yuan(s2!.medfee_sumamt);
    expect(yuan(out.stmttotal.theirs.medfee_sumamt)).toBe(theirMedfee);
    expect(out.stmttotal.theirs.fixmedins_setl_cnt).toBe(4);
    expect(out.stmttotal.ours.fixmedins_setl_cnt).toBe(1);
    // what it found is kept, once
    const after = await rowCounts(t.handle.db, ["nhsa_reconciliations"]);
    expect(after.nhsa_reconciliations).toBe(before.nhsa_reconciliations! + 1);
    const kept = await t.handle.db
      .selectFrom("nhsa_reconciliations")
      .selectAll()
      .orderBy("id", "desc")
      .executeTakeFirstOrThrow();
    expect(kept).toMatchObject({ infno: "3202", consistent: false, begin_date: "2026-05-01" });
    expect(kept.differences).toHaveLength(4);
  });

  it("answers a replayed msgid with the first answer and keeps it once", async () => {
    const id = msgid();
    const input = { data: period, detail: ours.slice(0, 1) };
    const first = await call("3202", input, id);
    const before = await rowCounts(t.handle.db, ["nhsa_reconciliations"]);
    const again = await call("3202", input, id);
    expect(again.output).toEqual(first.output);
    expect(again.warn_msg).toMatch(/replayed/);
    expect((await rowCounts(t.handle.db, ["nhsa_reconciliations"])).nhsa_reconciliations).toBe(
      before.nhsa_reconciliations,
    );
  });

  it("shows another hospital only its own settlements", async () => {
    const a = await call("3202", { data: period, detail: [] }, msgid(), OTHER);
    expect(a.output.stmtdetail.map((l: { setl_id: string }) => l.setl_id)).toEqual([othersSetlId]);
    expect(a.output.stmtdetail[0].ours.psn_no).toBe(othersPsnNo);
  });

  it("filters by clearing type and insutype when sent", async () => {
    const inpatient = await call("3202", { data: { ...period, clr_type: "21" }, detail: [] });
    expect(inpatient.output.stmtinfo).toMatchObject({ stmt_rslt: "0", match_cnt: 0 });
    const other = await call("3202", { data: { ...period, insutype: "390" }, detail: [] });
    expect(other.output.stmtdetail).toEqual([]);
  });

  /** The national detail file: tab-separated, the columns in their order, one settlement a line. */
  const detailFile = (rows: Ours[]) =>
    rows
      .map((o) =>
        [
          o.setl_id,
          o.mdtrt_id,
          o.psn_no,
          o.medfee_sumamt,
          o.fund_pay_sumamt,
          o.acct_pay,
          o.refd_setl_flag,
        ].join("\t"),
      )
      .join("\r\n");
  const upload = async (
    content: Uint8Array | number[] | string,
    filename = "detail.zip",
    from = HOSPITAL,
  ) => {
    const bytes =
      typeof content === "string" || Array.isArray(content)
        ? content
        : Buffer.from(content).toString("base64");
    return call("9101", { fsUploadIn: { in: bytes, filename, fixmedins_code: from } }, msgid(), from);
  };

  it("takes the detail as the file uploaded with 9101 (zipped or not, base64 or bytes), named by file_qury_no", async () => {
    const inline = await call("3202", { data: period, detail: ours });
    const zipped = zipSync({ "H53010000001_20260501.txt": strToU8(detailFile(ours)) });
    const up = await upload(zipped);
    expect(up.infcode, up.err_msg).toBe(0);
    expect(up.output.file_qury_no).toMatch(/^F[0-9a-f]{30}$/);
    expect(up.output).toMatchObject({ filename: "detail.zip", dld_endtime: "2026-05-04 09:30:00" });
    const byFile = await call("3202", { data: { ...period, file_qury_no: up.output.file_qury_no } });
    expect(byFile.infcode, byFile.err_msg).toBe(0);
    expect(byFile.output).toEqual(inline.output);
    // a plain text file sent as Java's signed bytes, with a header line and blank lines
    const text = `setl_id\tmdtrt_id\tpsn_no\tmedfee_sumamt\tfund_pay_sumamt\tacct_pay\trefd_setl_flag\n\n${detailFile(ours)}\n`;
    const signed = [...Buffer.from(text)].map((b) => (b > 127 ? b - 256 : b));
    const up2 = await upload(signed, "detail.txt");
    expect(up2.infcode, up2.err_msg).toBe(0);
    const byText = await call("3202", { data: { ...period, file_qury_no: up2.output.file_qury_no } });
    expect(byText.output).toEqual(inline.output);
    // one line differs: named as in the inline list
    const changed = [{ ...ours[0]!, fund_pay_sumamt: "1.00" }, ...ours.slice(1)];
    const up3 = await upload(strToU8(detailFile(changed)), "d.txt");
    const differs = await call("3202", { data: { ...period, file_qury_no: up3.output.file_qury_no } });
    expect(differs.output.stmtinfo).toMatchObject({ stmt_rslt: "1", differs_cnt: 1, match_cnt: 2 });
  });

  it("refuses another hospital's, an expired or a malformed file by field, writing nothing", async () => {
    const up = await upload(strToU8(detailFile(ours)), "d.txt");
    const fileNo = up.output.file_qury_no as string;
    const before = await rowCounts(t.handle.db, ["nhsa_reconciliations", "nhsa_files"]);
    // the other hospital names this hospital's file: the same answer as an unknown number
    const other = await call("3202", { data: { ...period, file_qury_no: fileNo } }, msgid(), OTHER);
    expectNhsaRefusal(other, "FIELD_INVALID", "input.data.file_qury_no");
    expect(other.err_msg).not.toContain(HOSPITAL);
    // bad uploads
    expectNhsaRefusal(await upload("not base64!"), "FIELD_INVALID", "input.fsUploadIn.in");
    expectNhsaRefusal(await upload([1, 2, 300]), "FIELD_INVALID", "input.fsUploadIn.in.2");
    expectNhsaRefusal(await upload(""), "FIELD_INVALID", "input.fsUploadIn.in");
    expectNhsaRefusal(
      await upload(strToU8("x"), "../etc/passwd"),
      "FIELD_INVALID",
      "input.fsUploadIn.filename",
    );
    expectNhsaRefusal(
      await call("9101", { fsUploadIn: { in: "eA==", filename: "a.txt", fixmedins_code: OTHER } }),
      "FIELD_INVALID",
      "input.fsUploadIn.fixmedins_code",
    );
    expect(await rowCounts(t.handle.db, ["nhsa_reconciliations", "nhsa_files"])).toEqual(before);
    // bad files: refused when named
    const refusedFile = async (
      content: Uint8Array,
      field = "input.data.file_qury_no",
      code: "FIELD_INVALID" | "AMOUNT_INVALID" = "FIELD_INVALID",
    ) => {
      const u = await upload(content, "bad.zip");
      expect(u.infcode, u.err_msg).toBe(0);
      const a = await call("3202", { data: { ...period, file_qury_no: u.output.file_qury_no } });
      expectNhsaRefusal(a, code, field);
    };
    await refusedFile(zipSync({ "a.txt": strToU8(detailFile(ours)), "b.txt": strToU8("") }));
    await refusedFile(zipSync({ "big.txt": new Uint8Array(UNZIPPED_MAX_BYTES + 1) }));
    await refusedFile(strToU8("PK\u0003\u0004 not a zip"));
    await refusedFile(strToU8(`${detailFile(ours)}\nonly\tthree\tcolumns`), "input.data.file_qury_no.line 4");
    await refusedFile(
      strToU8(detailFile([{ ...ours[0]!, medfee_sumamt: "1e3" }])),
      "input.data.file_qury_no.line 1.medfee_sumamt",
      "AMOUNT_INVALID",
    );
    // a day later the number names nothing
    clock = new Date(NOW.getTime() + 24 * 3600_000);
    try {
      expectNhsaRefusal(
        await call("3202", { data: { ...period, file_qury_no: fileNo } }),
        "FIELD_INVALID",
        "input.data.file_qury_no",
      );
    } finally {
      clock = NOW;
    }
    const reconciled = await rowCounts(t.handle.db, ["nhsa_reconciliations"]);
    expect(reconciled.nhsa_reconciliations).toBe(before.nhsa_reconciliations);
  });

  it("refuses an upload past the institution's share of the day, saying when to retry", async () => {
    // the other hospital has uploaded its day's share an hour ago
    await t.handle.db
      .insertInto("nhsa_files")
      .values({
        file_qury_no: "Fquota",
        fixmedins_code: OTHER,
        filename: "big.zip",
        content: new Uint8Array([1]),
        bytes: UPLOAD_BYTES_PER_DAY,
        sha256: "x",
        msgid: "Q1",
        uploaded_at: new Date(NOW.getTime() - 3600_000),
        expires_at: new Date(NOW.getTime() + 23 * 3600_000),
      })
      .execute();
    const refused = await upload(strToU8("x"), "d.txt", OTHER);
    expectNhsaRefusal(refused, "NHSA_RATE_LIMITED", "input.fsUploadIn.in");
    expect(refused.details.retryAfter).toBe(23 * 3600);
    // this hospital's own share is untouched
    expect((await upload(strToU8("x"), "d.txt")).infcode).toBe(0);
  });

  it("refuses bad lists by field, writing nothing", async () => {
    const before = await rowCounts(t.handle.db, ["nhsa_reconciliations"]);
    const [s1] = ours;
    expectNhsaRefusal(
      await call("3202", { data: period, detail: [s1, s1] }),
      "FIELD_INVALID",
      "input.detail.1.setl_id",
    );
    expectNhsaRefusal(
      await call("3202", { data: period, detail: [{ ...s1, medfee_sumamt: "1e3" }] }),
      "AMOUNT_INVALID",
      "input.detail.0.medfee_sumamt",
    );
    expectNhsaRefusal(
      await call("3202", { data: period, detail: [{ ...s1, refd_setl_flag: "2" }] }),
      "FIELD_INVALID",
      "input.detail.0.refd_setl_flag",
    );
    expectNhsaRefusal(
      await call("3202", { data: { ...period, file_qury_no: "F1" } }),
      "FIELD_INVALID",
      "input.data.file_qury_no",
    );
    expectNhsaRefusal(await call("3202", { data: period }), "FIELD_REQUIRED", "input.detail");
    expectNhsaRefusal(
      await call("3202", { data: { ...period, stmt_enddate: "2026-06-30" }, detail: [] }),
      "FIELD_INVALID",
      "input.data.stmt_enddate",
    );
    expectNhsaRefusal(
      await call("3202", { data: { ...period, stmt_enddate: "2026-04-30" }, detail: [] }),
      "FIELD_INVALID",
      "input.data.stmt_enddate",
    );
    // a malformed day: the message says the field wants a date, not a time
    for (const bad of ["2026-13-01", "20260501", "2026-05-01x", ""]) {
      const a = (await call("3202", { data: { ...period, stmt_begndate: bad }, detail: [] })) as {
        err_msg: string;
      };
      expectNhsaRefusal(a, bad === "" ? "FIELD_REQUIRED" : "DATE_INVALID", "input.data.stmt_begndate");
      if (bad !== "") expect(a.err_msg).toMatch(/stmt_begndate must be a real date yyyy-MM-dd$/);
    }
    expect(await rowCounts(t.handle.db, ["nhsa_reconciliations"])).toEqual(before);
  });
});
