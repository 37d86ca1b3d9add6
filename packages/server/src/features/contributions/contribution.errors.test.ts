import type { ErrorCode } from "@yibao/core/errors";
import { fenToYuan } from "@yibao/core/money";
import { makeCertno, makeUscc } from "@yibao/core/registry";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "../../audit/audit.ts";
import { expectRefusal, rowCounts } from "../../test/refusal.ts";
import { type TestApp, TEST_REGION, openTestApp } from "../../test/test-app.ts";
import { assertImported, importCsv } from "../registry/import.service.ts";
import { createEmployer } from "../registry/person.service.ts";
import { settleOnce, setupRegion } from "../settlement/settlement.fixture.ts";
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
  waitingDays: 0,
};
const USCC = makeUscc(TEST_REGION, 43);

/** The refusals of contributions through the API, each naming its field and writing nothing. */
describe("contribution refusals", () => {
  let t: TestApp;
  let agency: { authorization: string };
  let psnNo: string;
  let assessment: { id: bigint; total: bigint };
  const send = (method: "GET" | "POST", url: string, payload?: object) =>
    t.app.inject({ method, url: `/api/v1/contributions${url}`, headers: agency, payload });
  const TABLES = ["contribution_assessments", "contribution_payments", "account_ledger", "account_credits"];
  const refused = async (request: () => ReturnType<typeof send>, code: ErrorCode, field: string) => {
    const before = await rowCounts(t.handle.db, TABLES);
    expectRefusal(await request(), code, field);
    expect(await rowCounts(t.handle.db, TABLES)).toEqual(before);
  };
  const payment = (amount: string) => ({
    assessmentId: String(assessment.id),
    amount,
    channel: "bank",
    paidOn: "2026-01-15",
  });

  beforeAll(async () => {
    t = await openTestApp(() => new Date("2026-02-01T02:00:00Z"));
    agency = await t.auth("agency");
    const db = t.handle.db;
    await setupRegion(db); // an outpatient policy and a hospital, for the settlement below
    await setParams(db, SYSTEM_ACTOR, TEST_REGION, 2026, PARAMS);
    await createEmployer(db, SYSTEM_ACTOR, { uscc: USCC, name: "测试单位", regionCode: TEST_REGION });
    const csv = [
      "certno,name,region_code,insutype,psn_type,employer_uscc,flexible,start_date",
      `${makeCertno("530102", "19850101", 1)},参保人,${TEST_REGION},310,1101,${USCC},0,2026-01-01`,
    ].join("\n");
    assertImported(await importCsv(db, SYSTEM_ACTOR, "persons", csv, "2026-01-01"));
    psnNo = (await db.selectFrom("persons").select("psn_no").executeTakeFirstOrThrow()).psn_no;
    await assessEmployees(db, SYSTEM_ACTOR, { regionCode: TEST_REGION, period: "2026-01" });
    assessment = await db
      .selectFrom("contribution_assessments")
      .select(["id", "total"])
      .executeTakeFirstOrThrow();
  });
  afterAll(async () => t?.close());

  it("needs parameters for the region and year (CONTRIB_PARAMS_MISSING)", async () => {
    await refused(() => send("GET", `/params/${TEST_REGION}/2031`), "CONTRIB_PARAMS_MISSING", "year");
    await refused(
      () => send("POST", "/assessments/residents", { regionCode: TEST_REGION, year: 2031 }),
      "CONTRIB_PARAMS_MISSING",
      "year",
    );
  });

  it("assesses employees only for a real month (CONTRIB_PERIOD_INVALID)", async () => {
    for (const period of ["2026-13", "2026-1", "2026"])
      await refused(
        () => send("POST", "/assessments/employees", { regionCode: TEST_REGION, period }),
        "CONTRIB_PERIOD_INVALID",
        "period",
      );
  });

  it("pays only a known assessment, and never a negative amount", async () => {
    await refused(
      () => send("POST", "/payments", { ...payment("1.00"), assessmentId: "987654321" }),
      "CONTRIB_ASSESSMENT_UNKNOWN",
      "assessmentId",
    );
    await refused(() => send("POST", "/payments", payment("-1.00")), "AMOUNT_NEGATIVE", "amount");
  });

  it("reverses a known payment once (CONTRIB_PAYMENT_UNKNOWN, CONTRIB_ALREADY_REVERSED)", async () => {
    const reason = { reason: "bank returned the transfer" };
    await refused(
      () => send("POST", "/payments/987654321/reverse", reason),
      "CONTRIB_PAYMENT_UNKNOWN",
      "paymentId",
    );
    const paid = await send("POST", "/payments", payment("10.00"));
    expect(paid.statusCode, paid.body).toBe(201);
    const id = paid.json().paymentId as string;
    const reversed = await send("POST", `/payments/${id}/reverse`, reason);
    expect(reversed.statusCode, reversed.body).toBe(201);
    await refused(
      () => send("POST", `/payments/${id}/reverse`, reason),
      "CONTRIB_ALREADY_REVERSED",
      "paymentId",
    );
    // the reversal itself is no payment that could be reversed
    await refused(
      () => send("POST", `/payments/${reversed.json().paymentId}/reverse`, reason),
      "CONTRIB_PAYMENT_UNKNOWN",
      "paymentId",
    );
  });

  it("does not reverse a payment whose account credit was spent since (CONFLICT)", async () => {
    const owed = await t.handle.db
      .selectFrom("contribution_payments")
      .select(({ fn }) => fn.sum<string>("amount").as("paid"))
      .where("assessment_id", "=", assessment.id)
      .executeTakeFirstOrThrow();
    const full = await send(
      "POST",
      "/payments",
      payment(fenToYuan(assessment.total - BigInt(owed.paid ?? 0))),
    );
    expect(full.statusCode, full.body).toBe(201);
    const credit = await creditAccounts(t.handle.db, "2026-01");
    expect(credit.credited).toBe(1);
    // the patient pays 100.00 of an outpatient bill from the account (credited 160.00)
    await settleOnce(t.handle.db, psnNo, "100.00", true);
    const balance = await t.handle.db
      .selectFrom("personal_accounts")
      .select("balance")
      .executeTakeFirstOrThrow();
    expect(balance.balance).toBe(6_000n);
    await refused(
      () => send("POST", `/payments/${full.json().paymentId}/reverse`, { reason: "paid twice" }),
      "CONFLICT",
      "acct_pay",
    );
  });
});
