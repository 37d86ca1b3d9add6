import { makeCertno, makeUscc } from "@yibao/core/registry";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "../../audit/audit.ts";
import { type TestApp, TEST_REGION, openTestApp } from "../../test/test-app.ts";
import { insertPolicyVersion } from "../catalogue/policy.repository.ts";
import { assertImported, importCsv } from "../registry/import.service.ts";
import { createEmployer } from "../registry/person.service.ts";
import { OUTPATIENT_POLICY } from "../settlement/settlement.fixture.ts";
import { registerVisit } from "../settlement/visit.service.ts";
import { creditAccounts } from "./account-credit.service.ts";
import { assessEmployees } from "./assessment.service.ts";
import { setParams } from "./contribution-params.service.ts";

const PARAMS = {
  averageMonthlyWage: "8000.00",
  employerRate: "0.0850",
  individualRate: "0.0200",
  employerShareToAccount: "0",
  retireeMonthlyCredit: "90.00",
  residentAnnualPremium: "400.00",
  residentGovernmentSubsidy: "700.00",
  waitingDays: 90,
};
const USCC = makeUscc(TEST_REGION, 42);

/**
 * Contribution payments through the API: an Idempotency-Key makes concurrent copies of one payment
 * one payment; retirees pay nothing, owe nothing, and still get their account credit.
 */
describe("contribution payments and retirees", () => {
  let t: TestApp;
  let agency: { authorization: string };
  const psnNo: Record<string, string> = {};
  const assessment = async (who: string) =>
    t.handle.db
      .selectFrom("contribution_assessments as a")
      .innerJoin("persons as p", "p.id", "a.person_id")
      .select(["a.id", "a.total", "a.kind", "a.account_credit", "p.id as person_id"])
      .where("p.psn_no", "=", psnNo[who]!)
      .executeTakeFirstOrThrow();
  const paymentsOf = async (assessmentId: bigint) =>
    t.handle.db
      .selectFrom("contribution_payments")
      .selectAll()
      .where("assessment_id", "=", assessmentId)
      .execute();
  const payReq = (payload: Record<string, unknown>, key?: string) =>
    t.app.inject({
      method: "POST",
      url: "/api/v1/contributions/payments",
      headers: { ...agency, ...(key ? { "idempotency-key": key } : {}) },
      payload,
    });

  beforeAll(async () => {
    t = await openTestApp(() => new Date("2026-02-01T02:00:00Z"));
    agency = await t.auth("agency");
    const db = t.handle.db;
    await setParams(db, SYSTEM_ACTOR, TEST_REGION, 2026, PARAMS);
    await createEmployer(db, SYSTEM_ACTOR, { uscc: USCC, name: "测试单位", regionCode: TEST_REGION });
    // as the demo loads its persons: a CSV import (retirees must come out covered from the start)
    const rows: [string, string, string][] = [
      ["a", "19850101", "1101"],
      ["b", "19860202", "1101"],
      ["retiree", "19500303", "1201"],
    ];
    const csv = [
      "certno,name,region_code,insutype,psn_type,employer_uscc,flexible,start_date",
      ...rows.map(
        ([, birth, type], i) =>
          `${makeCertno("530102", birth, i + 1)},参保人,${TEST_REGION},310,${type},${USCC},0,2026-01-01`,
      ),
    ].join("\n");
    assertImported(await importCsv(db, SYSTEM_ACTOR, "persons", csv, "2026-01-01"));
    const persons = await db.selectFrom("persons").select(["psn_no", "certno"]).orderBy("id").execute();
    rows.forEach(([who], i) => {
      psnNo[who] = persons[i]!.psn_no;
    });
    await assessEmployees(db, SYSTEM_ACTOR, { regionCode: TEST_REGION, period: "2026-01" });
  });
  afterAll(async () => t?.close());

  it("makes 50 simultaneous payments with one Idempotency-Key one payment, answered alike", async () => {
    const a = await assessment("a");
    const owed = `${a.total / 100n}.${String(a.total % 100n).padStart(2, "0")}`;
    const body = { assessmentId: String(a.id), amount: owed, channel: "bank", paidOn: "2026-01-15" };
    const answers = await Promise.all(Array.from({ length: 50 }, () => payReq(body, "pay-a-2026-01")));
    for (const r of answers) expect(r.statusCode, r.body).toBe(201);
    const first = answers[0]!.json();
    for (const r of answers) expect(r.json()).toEqual(first);
    expect(first).toMatchObject({ amount: owed, owed: "0.00" });
    const rows = await paymentsOf(a.id);
    expect(rows).toHaveLength(1);
    expect(String(rows[0]!.id)).toBe(first.paymentId);
    const audits = await t.handle.db
      .selectFrom("audit_log")
      .select("id")
      .where("action", "=", "contribution.pay")
      .where("entity_id", "=", first.paymentId)
      .execute();
    expect(audits).toHaveLength(1);
    // the same key with another content is refused; another key is a new payment (here: too much)
    const changed = await payReq({ ...body, amount: "1.00" }, "pay-a-2026-01");
    expect(changed.json()).toMatchObject({ code: "IDEMPOTENCY_KEY_REUSED" });
    expect((await payReq(body, "pay-a-2026-01-again")).json()).toMatchObject({ code: "CONTRIB_OVERPAYMENT" });
    expect(await paymentsOf(a.id)).toHaveLength(1);
  });

  it("makes partial payments with one key one payment; without a key each request pays", async () => {
    const b = await assessment("b");
    const part = { assessmentId: String(b.id), amount: "10.00", channel: "counter", paidOn: "2026-01-20" };
    const answers = await Promise.all(Array.from({ length: 50 }, () => payReq(part, "pay-b-part")));
    expect(new Set(answers.map((r) => r.json().paymentId)).size).toBe(1);
    expect(await paymentsOf(b.id)).toHaveLength(1);
    await payReq(part);
    await payReq(part);
    expect(await paymentsOf(b.id)).toHaveLength(3);
  });

  it("reverses once per key, also when the copies arrive together", async () => {
    const b = await assessment("b");
    const [p] = await paymentsOf(b.id);
    const reverse = () =>
      t.app.inject({
        method: "POST",
        url: `/api/v1/contributions/payments/${p!.id}/reverse`,
        headers: { ...agency, "idempotency-key": "rev-b" },
        payload: { reason: "bank returned it" },
      });
    const answers = await Promise.all(Array.from({ length: 20 }, reverse));
    for (const r of answers) expect(r.statusCode, r.body).toBe(201);
    expect(new Set(answers.map((r) => r.json().paymentId)).size).toBe(1);
    expect((await paymentsOf(b.id)).filter((x) => x.reverses_id === p!.id)).toHaveLength(1);
  });

  it("refuses a malformed Idempotency-Key naming it", async () => {
    const a = await assessment("a");
    const body = { assessmentId: String(a.id), amount: "1.00", channel: "bank", paidOn: "2026-01-15" };
    const r = await payReq(body, "x".repeat(201));
    expect(r.statusCode).toBe(400);
    expect(r.json()).toMatchObject({ code: "FIELD_INVALID", details: { field: "Idempotency-Key" } });
  });

  it("assesses a retiree at zero: not in arrears, credited, covered without a waiting period", async () => {
    const r = await assessment("retiree");
    expect(r).toMatchObject({ kind: "retiree", total: 0n, account_credit: 9_000n });
    const arrears = await t.app.inject({
      method: "GET",
      url: `/api/v1/contributions/arrears?regionCode=${TEST_REGION}&period=2026-01`,
      headers: agency,
    });
    const owing = arrears.json().items.map((i: { psn_no: string }) => i.psn_no);
    expect(owing).toContain(psnNo.b); // partly paid, then reversed
    expect(owing).not.toContain(psnNo.retiree);
    await creditAccounts(t.handle.db, "2026-01");
    const acct = await t.app.inject({
      method: "GET",
      url: `/api/v1/persons/${psnNo.retiree}/account`,
      headers: agency,
    });
    expect(acct.json()).toMatchObject({
      balance: "90.00",
      items: [expect.objectContaining({ kind: "contribution_credit" })],
    });
    await t.handle.db.transaction().execute(async (trx) => {
      await insertPolicyVersion(trx, TEST_REGION, 2026, OUTPATIENT_POLICY, "test");
      await trx
        .insertInto("institutions")
        .values({
          code: "H53010000001",
          name: "医院",
          kind: "hospital",
          level: "2",
          region_code: TEST_REGION,
          agreement_from: "2020-01-01",
        })
        .execute();
    });
    const visit = await registerVisit(t.handle.db, {
      psnNo: psnNo.retiree!,
      insutype: "310",
      medType: "11",
      institutionCode: "H53010000001",
      begntime: new Date("2026-01-02T02:00:00Z"),
    });
    expect(visit.status).toBe("open");
    // an employee who has not paid waits, as before
    await expect(
      registerVisit(t.handle.db, {
        psnNo: psnNo.b!,
        insutype: "310",
        medType: "11",
        institutionCode: "H53010000001",
        begntime: new Date("2026-01-02T02:00:00Z"),
      }),
    ).rejects.toMatchObject({ code: "SETL_WAITING_PERIOD" });
  });
});
