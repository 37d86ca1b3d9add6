import { rowCounts } from "../../test/refusal.ts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TestApp, openTestApp } from "../../test/test-app.ts";
import { expectInvariants, insuredPerson, setupRegion } from "./settlement.fixture.ts";

const OUT_OF_REGION = "H11010800012"; // a Beijing hospital: not one of ours

/** Manual reimbursement (零星报销): one invoice, one reimbursement, whoever asks and however often. */
describe("manual reimbursement", () => {
  let t: TestApp;
  let agency: { authorization: string };
  const persons: { id: bigint; psn_no: string }[] = [];
  let seq = 0;
  const claim = (psnNo: string, invoiceNo: string, extra: Record<string, unknown> = {}) => ({
    psnNo,
    insutype: "310",
    medType: "11",
    level: "3",
    billDate: "2026-04-20",
    institutionCode: OUT_OF_REGION,
    invoiceNo,
    lines: [{ code: "XOUT", name: "门诊诊疗", pric: "120.00", cnt: "1" }],
    ...extra,
  });
  const post = (
    payload: Record<string, unknown>,
    opts: { key?: string; auth?: { authorization: string } } = {},
  ) =>
    t.app.inject({
      method: "POST",
      url: "/api/v1/manual-reimbursements",
      headers: { ...(opts.auth ?? agency), ...(opts.key ? { "idempotency-key": opts.key } : {}) },
      payload,
    });
  /** An insured person; `settles`: one this file settles for (the invariants check their accumulators). */
  const person = async (settles = true) => {
    const p = await insuredPerson(t.handle.db, 900 + ++seq);
    if (settles) persons.push(p);
    return p.psn_no;
  };
  const reimbursements = async (psnNo: string) =>
    t.handle.db
      .selectFrom("manual_reimbursements as m")
      .innerJoin("persons as p", "p.id", "m.person_id")
      .select(["m.invoice_no", "m.institution_code", "m.invoice_no_sent"])
      .where("p.psn_no", "=", psnNo)
      .execute();

  beforeAll(async () => {
    t = await openTestApp(() => new Date("2026-04-21T02:00:00Z"));
    await setupRegion(t.handle.db);
    agency = await t.auth("agency");
  });
  afterAll(async () => t?.close());

  it("reimburses an invoice of an out-of-region institution once; a replay gets the first answer", async () => {
    const psnNo = await person();
    const first = await post(claim(psnNo, "INV-0001"), { key: "k-1" });
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json().setlinfo).toMatchObject({ medfee_sumamt: "120.00", clr_optins: null });
    const again = await post(claim(psnNo, "INV-0001"), { key: "k-1" });
    expect(again.statusCode).toBe(201);
    expect(again.json()).toEqual(first.json());
    expect(await reimbursements(psnNo)).toEqual([
      { invoice_no: "INV-0001", institution_code: OUT_OF_REGION, invoice_no_sent: "INV-0001" },
    ]);
    const audits = await t.handle.db
      .selectFrom("audit_log")
      .select("after")
      .where("action", "=", "settlement.manual")
      .where("entity_id", "=", first.json().setlinfo.setl_id)
      .execute();
    expect(audits).toHaveLength(1);
    expect(audits[0]!.after).toMatchObject({ invoice: { institution: OUT_OF_REGION, number: "INV-0001" } });
  });

  it("refuses the same invoice under another key, operator or spelling", async () => {
    const psnNo = await person();
    const first = (await post(claim(psnNo, "FP20260420"), { key: "k-2" })).json();
    const setlId = first.setlinfo.setl_id;
    const duplicate = { code: "SETL_INVOICE_DUPLICATE", details: { field: "invoiceNo", setlId } };
    const attempts = [
      post(claim(psnNo, "FP20260420"), { key: "k-other" }),
      post(claim(psnNo, "FP20260420"), { key: "k-2", auth: await t.auth("admin") }), // another operator
      post(claim(psnNo, "ＦＰ２０２６０４２０")), // full-width, no key
      post(claim(psnNo, "  fp20260420 ")),
      post(claim(psnNo, "FP20260420", { institutionCode: " h11010800012" })),
      post(claim(psnNo, "FP20260420", { lines: [{ code: "XOUT", pric: "99.00", cnt: "1" }] })),
    ];
    for (const r of await Promise.all(attempts)) {
      expect(r.statusCode, r.body).toBe(409);
      expect(r.json()).toMatchObject(duplicate);
    }
    expect(await reimbursements(psnNo)).toHaveLength(1);
    // another invoice number, or the same number from another issuer, is another invoice
    expect((await post(claim(psnNo, "FP20260421"))).statusCode).toBe(201);
    expect((await post(claim(psnNo, "FP20260420", { institutionCode: "H53010000001" }))).statusCode).toBe(
      201,
    );
    // one invoice is one patient's bill: claimed again for another person (a family member, a
    // made-up claimant) it is the same duplicate, told without the first person's settlement
    const other = await person(false);
    const before = await rowCounts(t.handle.db, ["manual_reimbursements", "settlements", "visits"]);
    const forOther = await post(claim(other, "ｆｐ20260420"));
    expect(forOther.statusCode, forOther.body).toBe(409);
    expect(forOther.json()).toMatchObject({
      code: "SETL_INVOICE_DUPLICATE",
      details: { field: "invoiceNo" },
    });
    expect(forOther.json().details.setlId).toBeUndefined();
    expect(forOther.body).not.toContain(psnNo);
    expect(await rowCounts(t.handle.db, ["manual_reimbursements", "settlements", "visits"])).toEqual(before);
  });

  it("answers an identical retry without a key from the store", async () => {
    const psnNo = await person();
    const first = await post(claim(psnNo, "NOKEY-1"));
    const again = await post(claim(psnNo, "NOKEY-1"));
    expect(again.statusCode).toBe(201);
    expect(again.json()).toEqual(first.json());
    expect(await reimbursements(psnNo)).toHaveLength(1);
  });

  it("lets one of many simultaneous attempts at one invoice through", async () => {
    const psnNo = await person();
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) => post(claim(psnNo, "RACE-1"), { key: `race-${i}` })),
    );
    expect(answers.filter((r) => r.statusCode === 201)).toHaveLength(1);
    for (const r of answers.filter((x) => x.statusCode !== 201))
      expect(r.json()).toMatchObject({ code: "SETL_INVOICE_DUPLICATE", details: { field: "invoiceNo" } });
    expect(await reimbursements(psnNo)).toHaveLength(1);
    const settled = await t.handle.db
      .selectFrom("settlements as s")
      .innerJoin("persons as p", "p.id", "s.person_id")
      .select("s.id")
      .where("p.psn_no", "=", psnNo)
      .execute();
    expect(settled).toHaveLength(1);
  });

  it("lets one of simultaneous claims of one invoice for different persons through", async () => {
    // made one after another (each its own number), claimed all at once
    const claimants: Awaited<ReturnType<typeof insuredPerson>>[] = [];
    for (let i = 0; i < 5; i++) claimants.push(await insuredPerson(t.handle.db, 900 + ++seq));
    const answers = await Promise.all(claimants.map((p) => post(claim(p.psn_no, "RACE-PERSONS"))));
    expect(answers.filter((r) => r.statusCode === 201)).toHaveLength(1);
    persons.push(claimants[answers.findIndex((r) => r.statusCode === 201)]!); // the one who settled
    for (const r of answers.filter((x) => x.statusCode !== 201))
      expect(r.json()).toMatchObject({ code: "SETL_INVOICE_DUPLICATE", details: { field: "invoiceNo" } });
    const stored = await t.handle.db
      .selectFrom("manual_reimbursements")
      .select("id")
      .where("invoice_no", "=", "RACE-PERSONS")
      .execute();
    expect(stored).toHaveLength(1);
  });

  it("needs the issuing institution and refuses bills that cannot settle, naming the field", async () => {
    const psnNo = await person(false);
    const { institutionCode: _, ...without } = claim(psnNo, "BAD-1");
    expect((await post(without)).json()).toMatchObject({
      code: "FIELD_REQUIRED",
      details: { field: "institutionCode" },
    });
    expect((await post(claim(psnNo, "BAD-1", { institutionCode: "H-01" }))).json()).toMatchObject({
      code: "FIELD_INVALID",
      details: { field: "institutionCode" },
    });
    expect((await post(claim(psnNo, "　"))).json()).toMatchObject({
      code: "FIELD_INVALID",
      details: { field: "invoiceNo" },
    });
    const negative = claim(psnNo, "BAD-2", { lines: [{ code: "X", pric: "10.00", cnt: "-1" }] });
    expect((await post(negative)).json()).toMatchObject({
      code: "SETL_REFUND_UNLINKED",
      details: { field: "lines.0.cnt" },
    });
    const zero = claim(psnNo, "BAD-3", { lines: [{ code: "X", pric: "0", cnt: "2" }] });
    expect((await post(zero)).json()).toMatchObject({ code: "SETL_BILL_NOT_POSITIVE" });
    expect(await reimbursements(psnNo)).toHaveLength(0);
    await expectInvariants(t.handle.db, persons);
  });
});
