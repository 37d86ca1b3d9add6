import { makeCertno, makeUscc } from "@yibao/core/registry";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { aCursor, aTime, anId, answer } from "../../test/answer-shapes.ts";
import { type TestApp, TEST_REGION, openTestApp } from "../../test/test-app.ts";
import { creditAccounts } from "./account-credit.service.ts";

const PARAMS = {
  averageMonthlyWage: "8000.00",
  employerRate: "0.085",
  individualRate: "0.02",
  employerShareToAccount: "0.3",
  retireeMonthlyCredit: "90",
  residentAnnualPremium: "400.00",
  residentGovernmentSubsidy: "700.00",
  assistanceSubsidy: { db: "0.5" },
  waitingDays: 90,
};

/**
 * The full answer of every route of contribution.routes.ts, property by property: with a
 * response schema Fastify writes only the properties it names, so a forgotten one would silently
 * go missing.
 */
describe("contribution answers", () => {
  let t: TestApp;
  let agency: { authorization: string };
  let auditor: { authorization: string };
  const uscc = makeUscc(TEST_REGION, 42);
  const psn: Record<string, string> = {};
  const call = (method: "GET" | "POST" | "PUT", url: string, payload?: unknown, headers = agency) =>
    answer(t, { method, url, headers, payload: payload as object });
  const assessment = (who: string) =>
    t.handle.db
      .selectFrom("contribution_assessments as a")
      .innerJoin("persons as p", "p.id", "a.person_id")
      .select(["a.id", "a.total"])
      .where("p.psn_no", "=", psn[who]!)
      .executeTakeFirstOrThrow();

  beforeAll(async () => {
    t = await openTestApp(() => new Date("2026-06-01T08:00:00Z"));
    agency = await t.auth("agency");
    auditor = await t.auth("auditor");
    await call("POST", "/api/v1/employers", { uscc, name: "单位", regionCode: TEST_REGION });
    const enrol = async (who: string, birth: string, seq: number, e: Record<string, unknown>) => {
      const p = await call("POST", "/api/v1/persons", {
        certno: makeCertno("530102", birth, seq),
        name: who,
        regionCode: TEST_REGION,
      });
      psn[who] = p.body.psn_no;
      const made = await call("POST", "/api/v1/enrolments", {
        psnNo: psn[who],
        regionCode: TEST_REGION,
        startDate: "2026-01-01",
        ...e,
      });
      expect(made.status, made.raw).toBe(201);
    };
    await enrol("employee", "19800101", 1, { insutype: "310", psnType: "1101", employerUscc: uscc });
    await enrol("retiree", "19500101", 2, { insutype: "310", psnType: "1201", flexible: true });
    await enrol("resident", "19900101", 3, { insutype: "390", psnType: "1501" });
  });
  afterAll(async () => t?.close());

  it("answers the parameters as stored, every one named", async () => {
    const expected = {
      averageMonthlyWage: "8000.00",
      baseFloorRatio: "0.6000",
      baseCeilingRatio: "3.0000",
      employerRate: "0.0850",
      individualRate: "0.0200",
      employerShareToAccount: "0.3000",
      retireeMonthlyCredit: "90.00",
      residentAnnualPremium: "400.00",
      residentGovernmentSubsidy: "700.00",
      assistanceSubsidy: { tk: "0.0000", db: "0.5000", jc: "0.0000" },
      waitingDays: 90,
    };
    const put = await call("PUT", `/api/v1/contributions/params/${TEST_REGION}/2026`, PARAMS);
    expect(put.body).toStrictEqual(expected);
    const get = await call("GET", `/api/v1/contributions/params/${TEST_REGION}/2026`, undefined, auditor);
    expect(get.body).toStrictEqual(expected);
  });

  it("answers assessments", async () => {
    const employees = await call("POST", "/api/v1/contributions/assessments/employees", {
      regionCode: TEST_REGION,
      period: "2026-05",
      wages: { [psn.employee!]: "6000.00" },
    });
    expect(employees.body).toStrictEqual({ period: "2026-05", assessed: 2, created: 2 });
    const residents = await call("POST", "/api/v1/contributions/assessments/residents", {
      regionCode: TEST_REGION,
      year: 2026,
    });
    expect(residents.body).toStrictEqual({ period: "2026", assessed: 1, created: 1 });
  });

  it("answers payments, their replays and reversals", async () => {
    const a = await assessment("employee");
    const payload = { assessmentId: String(a.id), amount: "1.00", channel: "bank", paidOn: "2026-05-01" };
    const headers = { ...agency, "idempotency-key": "answers-1" };
    const paid = await answer(t, { method: "POST", url: "/api/v1/contributions/payments", headers, payload });
    const owed = (a.total - 100n) / 100n;
    const body = { paymentId: anId, amount: "1.00", owed: `${owed}.00` };
    expect(paid).toMatchObject({ status: 201 });
    expect(paid.body).toStrictEqual(body);
    const again = await answer(t, {
      method: "POST",
      url: "/api/v1/contributions/payments",
      headers,
      payload,
    });
    expect(again.body).toStrictEqual(paid.body);
    const reversed = await call("POST", `/api/v1/contributions/payments/${paid.body.paymentId}/reverse`, {
      reason: "mistake",
    });
    expect(reversed).toMatchObject({ status: 201 });
    expect(reversed.body).toStrictEqual({ paymentId: anId, amount: "-1.00", reverses: paid.body.paymentId });
  });

  it("answers arrears, page by page", async () => {
    const first = await call("GET", "/api/v1/contributions/arrears?limit=1", undefined, auditor);
    const employee = await assessment("employee");
    expect(first.body).toStrictEqual({
      items: [
        {
          assessmentId: String(employee.id),
          kind: "employee",
          period: "2026-05",
          psn_no: psn.employee,
          employerUscc: uscc,
          employerName: "单位",
          total: expect.stringMatching(/^\d+\.\d{2}$/),
          owed: expect.stringMatching(/^\d+\.\d{2}$/),
          monthsOverdue: 1, // 2026-05 on 2026-06-01
        },
      ],
      nextCursor: aCursor,
      // of every page: the employee's month and the resident's year
      totals: { count: 2, owed: expect.stringMatching(/^\d+\.\d{2}$/) },
    });
    const rest = await call("GET", `/api/v1/contributions/arrears?cursor=${first.body.nextCursor}`);
    expect(rest.body).toStrictEqual({
      items: [
        expect.objectContaining({
          kind: "resident",
          period: "2026",
          employerUscc: null,
          employerName: null,
          monthsOverdue: 5,
        }),
      ],
      nextCursor: null,
      totals: first.body.totals,
    });
    const fen = (y: string) => BigInt(y.replace(".", ""));
    expect(fen(first.body.totals.owed)).toBe(fen(first.body.items[0].owed) + fen(rest.body.items[0].owed));
  });

  it("answers the assessment and payment lists, every property named", async () => {
    const employee = await assessment("employee");
    const list = await call(
      "GET",
      `/api/v1/contributions/assessments?psnNo=${psn.employee}&period=2026-05`,
      undefined,
      auditor,
    );
    expect(list.body).toStrictEqual({
      items: [
        {
          assessmentId: String(employee.id),
          kind: "employee",
          period: "2026-05",
          regionCode: TEST_REGION,
          psnNo: psn.employee,
          employerUscc: uscc,
          employerName: "单位",
          base: "6000.00",
          employerAmount: "510.00",
          individualAmount: "120.00",
          assistanceAmount: "0.00",
          governmentSubsidy: "0.00",
          total: "630.00",
          accountCredit: "273.00", // 120 + 30% of 510
          coverageStart: "2026-05-01",
          paid: "0.00", // paid 1.00 and reversed
          owed: "630.00",
          createdAt: aTime,
        },
      ],
      nextCursor: null,
    });
    const payments = await call(
      "GET",
      `/api/v1/contributions/payments?assessmentId=${employee.id}`,
      undefined,
      auditor,
    );
    const common = {
      assessmentId: String(employee.id),
      kind: "employee",
      period: "2026-05",
      psnNo: psn.employee,
      employerUscc: uscc,
      channel: "bank",
      paidOn: "2026-05-01",
      operator: expect.stringMatching(/^t_agency_/),
      createdAt: aTime,
    };
    const [reversal, payment] = payments.body.items;
    expect(payments.body).toStrictEqual({
      items: [
        {
          ...common,
          paymentId: anId,
          amount: "-1.00",
          reference: "mistake",
          reverses: payment.paymentId,
          reversedBy: null,
        },
        {
          ...common,
          paymentId: anId,
          amount: "1.00",
          reference: null,
          reverses: null,
          reversedBy: reversal.paymentId,
        },
      ],
      nextCursor: null,
    });
  });

  it("answers a personal account with its ledger", async () => {
    await creditAccounts(t.handle.db, "2026-05");
    const account = await call("GET", `/api/v1/persons/${psn.retiree}/account`, undefined, auditor);
    const retiree = await assessment("retiree");
    expect(account.body).toStrictEqual({
      balance: "90.00",
      items: [
        {
          id: anId,
          at: aTime,
          kind: "contribution_credit",
          amount: "90.00",
          balance_after: "90.00",
          ref_type: "assessment",
          ref_id: String(retiree.id),
        },
      ],
      nextCursor: null,
    });
    const empty = await call("GET", `/api/v1/persons/${psn.resident}/account`);
    expect(empty.body).toStrictEqual({ balance: "0.00", items: [], nextCursor: null });
  });
});
