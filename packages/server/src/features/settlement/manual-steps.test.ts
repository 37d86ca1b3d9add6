import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectRefusal, rowCounts } from "../../test/refusal.ts";
import { type TestApp, openTestApp } from "../../test/test-app.ts";
import { expectInvariants, insuredPerson, setupRegion } from "./settlement.fixture.ts";

/** 零星报销 after its entry: reviewed by a second operator (a rejection reverses it), then paid once. */
describe("manual reimbursement review and payment", () => {
  let t: TestApp;
  let clerk: { authorization: string };
  let reviewer: { authorization: string };
  const persons: { id: bigint; psn_no: string }[] = [];
  let seq = 0;
  const enter = async (invoiceNo: string) => {
    const p = await insuredPerson(t.handle.db, 700 + ++seq);
    persons.push(p);
    const res = await t.app.inject({
      method: "POST",
      url: "/api/v1/manual-reimbursements",
      headers: clerk,
      payload: {
        psnNo: p.psn_no,
        insutype: "310",
        medType: "11",
        level: "3",
        billDate: "2026-04-20",
        institutionCode: "H11010800012",
        invoiceNo,
        lines: [{ code: "XOUT", name: "门诊诊疗", pric: "120.00", cnt: "1" }],
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    const list = await t.app.inject({
      method: "GET",
      url: `/api/v1/manual-reimbursements?psnNo=${p.psn_no}`,
      headers: clerk,
    });
    return list.json().items[0] as { id: string; setlId: string };
  };
  const step = async (id: string, what: "review" | "payment", payload: object, headers = reviewer) =>
    t.app.inject({ method: "POST", url: `/api/v1/manual-reimbursements/${id}/${what}`, headers, payload });

  beforeAll(async () => {
    t = await openTestApp(() => new Date("2026-04-21T02:00:00Z"));
    await setupRegion(t.handle.db);
    clerk = await t.auth("agency");
    reviewer = await t.auth("agency", { fresh: true });
  });
  afterAll(async () => t?.close());

  it("is approved by a second operator, then paid once with its reference; both show in the list", async () => {
    const m = await enter("REV-0001");
    expectRefusal(await step(m.id, "payment", { reference: "BANK-1" }), "SETL_MANUAL_NOT_REVIEWED", "id");
    expectRefusal(
      await step(m.id, "review", { decision: "approve" }, clerk),
      "SETL_MANUAL_SAME_OPERATOR",
      "id",
    );
    const ok = await step(m.id, "review", { decision: "approve" });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toEqual({ outcome: "approved", reversedBy: null });
    expectRefusal(
      await step(m.id, "review", { decision: "reject", note: "again" }),
      "SETL_MANUAL_STEP_DONE",
      "id",
    );
    expectRefusal(await step(m.id, "payment", { reference: "  " }), "FIELD_REQUIRED", "reference");
    const paid = await step(m.id, "payment", { reference: "BANK-20260421-1" });
    expect(paid.statusCode, paid.body).toBe(200);
    expectRefusal(await step(m.id, "payment", { reference: "BANK-2" }), "SETL_MANUAL_STEP_DONE", "id");
    const list = await t.app.inject({ method: "GET", url: "/api/v1/manual-reimbursements", headers: clerk });
    const item = list.json().items.find((i: { id: string }) => i.id === m.id);
    expect(item.review).toMatchObject({ outcome: "approved", note: "" });
    expect(item.payment).toMatchObject({ outcome: "paid", reference: "BANK-20260421-1" });
    expect(item.review.operator).not.toBe(item.operator);
  });

  it("is rejected with a note, which reverses its settlement; a rejected one is never paid", async () => {
    const m = await enter("REV-0002");
    expectRefusal(await step(m.id, "review", { decision: "reject" }), "FIELD_REQUIRED", "note");
    const no = await step(m.id, "review", { decision: "reject", note: "发票与病历不符" });
    expect(no.statusCode, no.body).toBe(200);
    expect(no.json().reversedBy).toEqual(expect.any(String));
    const rev = await t.handle.db
      .selectFrom("settlements as s")
      .innerJoin("settlements as o", "o.id", "s.reverses_id")
      .select(["o.setl_id"])
      .where("s.setl_id", "=", no.json().reversedBy)
      .executeTakeFirstOrThrow();
    expect(rev.setl_id).toBe(m.setlId);
    expectRefusal(await step(m.id, "payment", { reference: "BANK-3" }), "SETL_MANUAL_NOT_REVIEWED", "id");
    await expectInvariants(t.handle.db, persons);
  });

  it("refuses unknown, other regions' and the wrong roles' steps, writing nothing", async () => {
    const m = await enter("REV-0003");
    await t.handle.db
      .insertInto("regions")
      .values({ code: "530400", name: "玉溪市", level: "city", parent_code: "530000" })
      .execute();
    const yuxi = await t.auth("agency", { regionCode: "530400" });
    const auditor = await t.auth("auditor");
    const before = await rowCounts(t.handle.db, ["manual_reimbursement_steps", "settlements", "audit_log"]);
    expectRefusal(await step("999999", "review", { decision: "approve" }), "SETL_MANUAL_UNKNOWN", "id");
    expectRefusal(await step(m.id, "review", { decision: "approve" }, yuxi), "SETL_MANUAL_UNKNOWN", "id");
    expect((await step(m.id, "review", { decision: "approve" }, auditor)).statusCode).toBe(403);
    expect((await step(m.id, "review", { decision: "maybe" })).statusCode).toBe(400);
    expect(await rowCounts(t.handle.db, ["manual_reimbursement_steps", "settlements", "audit_log"])).toEqual(
      before,
    );
  });
});
