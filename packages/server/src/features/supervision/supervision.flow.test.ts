import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TestApp, TEST_REGION, openTestApp } from "../../test/test-app.ts";
import { expectRefusal } from "../../test/refusal.ts";
import { HOSPITAL } from "../settlement/settlement.fixture.ts";
import { type CaseJson, importCases } from "../payment/cases.import.ts";
import {
  DOCTOR,
  ULTRASOUND,
  XRAY,
  kbBody,
  kbTexts,
  settledVisit,
  supervisionRegion,
} from "./supervision.fixture.ts";

const DRG_SOURCE = readFileSync(
  fileURLToPath(new URL("../../../../../conformance/drg/chs-drg-1.1.jsonl", import.meta.url)),
  "utf8",
)
  .trim()
  .split("\n")
  .slice(0, 60)
  .map((l) => JSON.parse(l));

/**
 * The whole way of a violation: knowledge base imported and published, settled visits audited
 * by a job, a finding made a case, reviewed, appealed by the hospital, decided, and the deduction
 * in the hospital's next liquidation statement with its case number, the statement still summing
 * exactly to the budget.
 */
describe("supervision: finding -> case -> deduction in the liquidation", () => {
  let t: TestApp;
  let overCap: string;
  let patient: { psn_no: string; name: string };
  beforeAll(async () => {
    t = await openTestApp(() => new Date("2026-06-01T02:00:00Z"));
    const [a, b] = await supervisionRegion(t.handle.db, 2);
    patient = a!;
    overCap = await settledVisit(t.handle.db, a!.psn_no, "2026-05-03", XRAY, "80.00"); // cap 50.00
    await settledVisit(t.handle.db, b!.psn_no, "2026-05-04", ULTRASOUND, "120.00"); // at the cap: clean
    await settledVisit(t.handle.db, b!.psn_no, "2026-06-04", XRAY, "90.00"); // outside the period
  });
  afterAll(async () => t?.close());

  const post = async (
    role: Parameters<TestApp["auth"]>[0],
    url: string,
    payload: unknown,
    fixmedinsCode?: string,
  ) =>
    t.app.inject({
      method: "POST",
      url,
      headers: await t.auth(role, { fixmedinsCode }),
      payload: payload as object,
    });
  const get = async (role: Parameters<TestApp["auth"]>[0], url: string, fixmedinsCode?: string) =>
    t.app.inject({ method: "GET", url, headers: await t.auth(role, { fixmedinsCode }) });

  let caseId = "";
  let caseNo = "";

  it("audits only with a published knowledge base; publishes a draft once", async () => {
    const period = { from: "2026-05-01", to: "2026-05-31" };
    expectRefusal(await post("auditor", "/api/v1/supervision/audit-jobs", period), "SUP_KB_NONE");
    const draft = await post("supervisor", "/api/v1/supervision/kb-versions", {
      label: "public suite",
      files: kbBody(),
    });
    expect(draft.statusCode, draft.body).toBe(201);
    expect(draft.json()).toMatchObject({ status: "draft", label: "public suite" });
    const bad = { ...kbTexts(), params: "key,value\nreadmission_days,x\n" };
    expectRefusal(
      await post("supervisor", "/api/v1/supervision/kb-versions", { label: "bad", files: kbBody(bad) }),
      "AUDIT_KB_INVALID",
    );
    const id = draft.json().id;
    const pub = await post("supervisor", `/api/v1/supervision/kb-versions/${id}/publish`, {});
    expect(pub.statusCode, pub.body).toBe(200);
    expect(pub.json().status).toBe("published");
    expectRefusal(
      await post("supervisor", `/api/v1/supervision/kb-versions/${id}/publish`, {}),
      "SUP_KB_STATE",
    );
  });

  it("a job audits the period's settled visits and writes their findings", async () => {
    const res = await post("auditor", "/api/v1/supervision/audit-jobs", {
      from: "2026-05-01",
      to: "2026-05-31",
    });
    expect(res.statusCode, res.body).toBe(201);
    const job = res.json();
    expect(job).toMatchObject({ status: "done", visits: 2, lines: "2", findings: 1 });
    expect(job.byRule).toEqual([
      { rule: "price-over-cap", result: "definite", findings: 1, amount: "30.00" },
    ]);
    const found = (await get("auditor", `/api/v1/supervision/findings?jobId=${job.id}`)).json();
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({
      mdtrtId: overCap,
      rule: "price-over-cap",
      lines: ["1"],
      amount: "30.00",
      institution: HOSPITAL,
    });

    const opened = await post("auditor", "/api/v1/supervision/cases", {
      findingIds: [found[0].id],
      summary: "超限价收费",
    });
    expect(opened.statusCode, opened.body).toBe(201);
    ({ id: caseId, caseNo } = opened.json());
    expect(caseNo).toMatch(/^JG2026\d{6}$/);
    expect(opened.json()).toMatchObject({ status: "open", amountAtIssue: "30.00", institution: HOSPITAL });
    expectRefusal(
      await post("auditor", "/api/v1/supervision/cases", { findingIds: [found[0].id], summary: "again" }),
      "SUP_FINDING_TAKEN",
    );
  });

  it("auditor reviews, the hospital appeals on its own case only, the supervisor decides a deduction", async () => {
    const url = `/api/v1/supervision/cases/${caseId}`;
    expectRefusal(
      await post("institution", `${url}/answer`, { kind: "appeal", note: "早了" }, HOSPITAL),
      "SUP_CASE_STATE",
    );
    const me = (await get("auditor", "/api/v1/auth/me")).json().login;
    expect((await post("auditor", `${url}/review`, { note: "属实", assignedTo: me })).statusCode).toBe(200);
    expect((await get("institution", url, "H53010000999")).statusCode).toBe(404);
    expectRefusal(
      await post("institution", `${url}/answer`, { kind: "appeal", note: "x" }, "H53010000999"),
      "NOT_FOUND",
    );
    const own = (await get("institution", "/api/v1/supervision/cases", HOSPITAL)).json();
    expect(own.map((c: { id: string }) => c.id)).toEqual([caseId]);
    expect((await get("institution", "/api/v1/supervision/cases", "H53010000999")).json()).toEqual([]);
    const appeal = await post(
      "institution",
      `${url}/answer`,
      { kind: "appeal", note: "价格经物价部门批准" },
      HOSPITAL,
    );
    expect(appeal.statusCode, appeal.body).toBe(200);
    expectRefusal(
      await post("supervisor", `${url}/decide`, { outcome: "deduct", amount: "30.01", note: "" }),
      "FIELD_INVALID",
      "amount",
    );
    expectRefusal(
      await post("supervisor", `${url}/decide`, { outcome: "deduct", note: "" }),
      "AMOUNT_NEGATIVE",
      "amount",
    );
    const decided = await post("supervisor", `${url}/decide`, {
      outcome: "deduct",
      amount: "30.00",
      note: "申诉不成立",
    });
    expect(decided.statusCode, decided.body).toBe(200);
    expect(decided.json()).toMatchObject({ status: "deducted", deduction: "30.00" });
    expectRefusal(
      await post("supervisor", `${url}/decide`, { outcome: "dismiss", note: "" }),
      "SUP_CASE_STATE",
    );

    const detail = (await get("auditor", url)).json();
    expect(detail.events.map((e: { action: string; role: string }) => [e.action, e.role])).toEqual([
      ["opened", "auditor"],
      ["reviewed", "auditor"],
      ["appealed", "institution"],
      ["deducted", "supervisor"],
    ]);
    expect(detail.findings[0].lines).toEqual([
      expect.objectContaining({ feedetlSn: "1", code: XRAY, price: "80.000000", amount: "80.00" }),
    ]);
    const queue = (await get("auditor", "/api/v1/supervision/cases?mine=true")).json();
    expect(queue.map((c: { caseNo: string }) => c.caseNo)).toEqual([caseNo]);

    // credit: the deducted case costs the hospital 20 points; under a threshold of 990 it is flagged
    const credit = (await get("auditor", "/api/v1/supervision/credit/institutions?year=2026")).json();
    expect(credit).toEqual([
      {
        institution: HOSPITAL,
        score: 980,
        agreementReview: false,
        history: [{ caseNo, at: expect.any(String), delta: -20, score: 980 }],
      },
    ]);
    const strict = await get("supervisor", "/api/v1/supervision/credit/institutions?year=2026&threshold=990");
    expect(strict.json()[0].agreementReview).toBe(true);
    expect((await get("auditor", "/api/v1/supervision/credit/institutions?year=2025")).json()).toEqual([]);
    expect(
      (await get("institution", "/api/v1/supervision/credit/institutions?year=2026", HOSPITAL)).statusCode,
    ).toBe(403);
    // the person the case's findings concern loses 10 of 100 points; the name is masked
    const persons = (await get("supervisor", "/api/v1/supervision/credit/persons?year=2026")).json();
    expect(persons).toEqual([
      {
        psnNo: patient.psn_no,
        name: expect.stringMatching(/\*/),
        regionCode: expect.any(String),
        score: 90,
        closerReview: false,
        history: [{ caseNo, at: expect.any(String), delta: -10, score: 90 }],
      },
    ]);
    expect(persons[0].name).not.toBe(patient.name);
    const watch = await get("auditor", "/api/v1/supervision/credit/persons?year=2026&threshold=95");
    expect(watch.json()[0].closerReview).toBe(true);
    // an operator of another region sees none of them
    await t.handle.db
      .insertInto("regions")
      .values({ code: "530400", name: "玉溪市", level: "city", parent_code: "530000" })
      .onConflict((oc) => oc.column("code").doNothing())
      .execute();
    const yuxi = await t.app.inject({
      method: "GET",
      url: "/api/v1/supervision/credit/persons?year=2026",
      headers: await t.auth("supervisor", { regionCode: "530400" }),
    });
    expect(yuxi.statusCode).toBe(200);
    expect(yuxi.json()).toEqual([]);
    expect(
      (await get("institution", "/api/v1/supervision/credit/persons?year=2026", HOSPITAL)).statusCode,
    ).toBe(403);
    // the doctor who attended the visit loses 2 of 12 points; the hospital sees its own doctor
    const doctor = {
      doctor: DOCTOR,
      institutions: [HOSPITAL],
      score: 10,
      registrationReview: false,
      history: [{ caseNo, at: expect.any(String), delta: -2, score: 10 }],
    };
    expect((await get("auditor", "/api/v1/supervision/credit/doctors?year=2026")).json()).toEqual([doctor]);
    expect(
      (await get("institution", "/api/v1/supervision/credit/doctors?year=2026", HOSPITAL)).json(),
    ).toEqual([doctor]);
    const elsewhere = await get(
      "institution",
      "/api/v1/supervision/credit/doctors?year=2026",
      "H53010000999",
    );
    expect(elsewhere.json()).toEqual([]);
    const strictDr = await get("supervisor", "/api/v1/supervision/credit/doctors?year=2026&threshold=11");
    expect(strictDr.json()[0].registrationReview).toBe(true);
  });

  it("the case history is append-only", async () => {
    await expect(sql`update case_events set note = 'x'`.execute(t.handle.db)).rejects.toThrow(/append-only/);
  });

  it("the deduction is in the next liquidation statement with its case number; amounts still sum to the budget", async () => {
    const cases: CaseJson[] = DRG_SOURCE.map((c, i) => ({
      ...c,
      id: `K${i}`,
      fixmedins_code: HOSPITAL,
      psn_no: `P${i}`,
      admission: "2026-03-02",
      discharge: "2026-03-09",
      cost: `${4000 + i * 37}.00`,
      fundPaid: `${3000 + i * 20}.00`,
    }));
    await importCases(t.handle.db, cases);
    const liquidate = async () => {
      const res = await post("agency", "/api/v1/payment/liquidations", {
        region: TEST_REGION,
        year: 2026,
        budget: "250000.00",
      });
      expect(res.statusCode, res.body).toBe(201);
      return (await get("leader", `/api/v1/payment/liquidations/${res.json().runId}`)).json();
    };
    const run = await liquidate();
    const s = run.statements.find((x: { fixmedins_code: string }) => x.fixmedins_code === HOSPITAL);
    expect(s.deduction).toBe("30.00");
    expect(s.deductions).toEqual([{ caseNo, amount: "30.00" }]);
    const fen = (y: string) => BigInt(y.replace(".", ""));
    expect(run.statements.reduce((a: bigint, x: { drgAmount: string }) => a + fen(x.drgAmount), 0n)).toBe(
      25_000_000n,
    );
    expect(fen(s.payable)).toBe(fen(s.drgAmount) + fen(s.adjustment) - fen(s.deduction));
    expect((await get("auditor", `/api/v1/supervision/cases/${caseId}`)).json().case.deductedYear).toBe(2026);
    // a re-run of the year takes the same deduction; it is not taken twice by another year
    expect((await liquidate()).statements[0].deductions).toEqual([{ caseNo, amount: "30.00" }]);
  });
});
