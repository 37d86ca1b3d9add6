import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TestApp, openTestApp } from "../../test/test-app.ts";
import { watchAnswers } from "../../test/answer-shape.ts";
import { expectRefusal } from "../../test/refusal.ts";
import { HOSPITAL } from "../settlement/settlement.fixture.ts";
import { ULTRASOUND, XRAY, kbBody, kbTexts, settledVisit, supervisionRegion } from "./supervision.fixture.ts";

/**
 * The console's supervision reads: the rule catalogue, a knowledge-base version's contents, audit
 * jobs as a list with their resumable state, and findings page by page with their filters.
 */
describe("supervision reads for the console", () => {
  let t: TestApp;
  let watch: ReturnType<typeof watchAnswers>;
  let kbId = "";
  let jobId = "";
  let psnB = "";
  beforeAll(async () => {
    t = await openTestApp(() => new Date("2026-06-01T02:00:00Z"));
    watch = watchAnswers(t.app);
    const [a, b, c] = await supervisionRegion(t.handle.db, 3);
    await settledVisit(t.handle.db, a!.psn_no, "2026-05-03", XRAY, "80.00"); // cap 50.00: 30.00
    await settledVisit(t.handle.db, b!.psn_no, "2026-05-04", XRAY, "70.00"); // 20.00
    await settledVisit(t.handle.db, c!.psn_no, "2026-05-05", ULTRASOUND, "150.00"); // cap 120.00: 30.00
    psnB = b!.psn_no;
    const sup = await t.auth("supervisor");
    const draft = await t.app.inject({
      method: "POST",
      url: "/api/v1/supervision/kb-versions",
      headers: sup,
      payload: { label: "public suite", files: kbBody() },
    });
    kbId = draft.json().id;
    await t.app.inject({
      method: "POST",
      url: `/api/v1/supervision/kb-versions/${kbId}/publish`,
      headers: sup,
      payload: {},
    });
    const job = await t.app.inject({
      method: "POST",
      url: "/api/v1/supervision/audit-jobs",
      headers: await t.auth("auditor"),
      payload: { from: "2026-05-01", to: "2026-05-31" },
    });
    expect(job.statusCode, job.body).toBe(201);
    jobId = job.json().id;
  });
  afterAll(async () => t?.close());

  const get = async (url: string, role: Parameters<TestApp["auth"]>[0] = "auditor", code?: string) => {
    const res = await t.app.inject({
      method: "GET",
      url,
      headers: await t.auth(role, { fixmedinsCode: code }),
    });
    if (res.statusCode === 200) watch.expectWhole(res);
    return res;
  };

  it("names every rule with its code, for staff and for an institution", async () => {
    const res = await get("/api/v1/supervision/rule-catalog", "institution", HOSPITAL);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toContainEqual(
      expect.objectContaining({ key: "price-over-cap", code: "GZ1000010101", name: "超限价收费" }),
    );
    expect((await get("/api/v1/supervision/rule-catalog", "leader")).statusCode).toBe(403);
  });

  it("shows a version's files as header and rows, as many as asked", async () => {
    const res = await get(`/api/v1/supervision/kb-versions/${kbId}?limit=2`);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.version).toMatchObject({ id: kbId, status: "published", label: "public suite" });
    const texts = kbTexts();
    expect(body.files.map((f: { name: string }) => f.name)).toEqual(Object.keys(texts).sort());
    const rules = body.files.find((f: { name: string }) => f.name === "rules");
    expect(rules.header).toEqual(texts.rules!.split("\n")[0]!.split(","));
    expect(rules.rows).toHaveLength(2);
    expect(rules.rows[0]).toEqual(texts.rules!.split("\n")[1]!.split(","));
    expect(rules.total).toBe(texts.rules!.trim().split("\n").length - 1);
    expectRefusal(await get("/api/v1/supervision/kb-versions/999999"), "NOT_FOUND", "id");
  });

  it("lists audit jobs with their progress and the cursor a resumed run starts after", async () => {
    const res = await get("/api/v1/supervision/audit-jobs?kind=audit");
    expect(res.statusCode, res.body).toBe(200);
    const [job] = res.json();
    expect(job).toMatchObject({
      id: jobId,
      kind: "audit",
      status: "done",
      visits: 3,
      lines: "3",
      findings: 3,
    });
    expect(job.resumeAfter.begntime).toBe("2026-05-05T01:00:00.000Z");
    expect((await get("/api/v1/supervision/audit-jobs?kind=trial")).json()).toEqual([]);
    expect((await get("/api/v1/supervision/audit-jobs?status=running")).json()).toEqual([]);
  });

  it("lists one person's findings (the person page), the findings on their visits only", async () => {
    const mine = (await get(`/api/v1/supervision/findings?psnNo=${psnB}`)).json();
    expect(mine.map((f: { amount: string }) => f.amount)).toEqual(["20.00"]);
    expect((await get("/api/v1/supervision/findings?psnNo=NOBODY")).json()).toEqual([]);
  });

  it("pages findings newest first with the rule's name; filters by rule, severity, result and case", async () => {
    const first = (await get(`/api/v1/supervision/findings/paged?jobId=${jobId}&limit=2`)).json();
    expect(first.items).toHaveLength(2);
    expect(first.items[0]).toMatchObject({ rule: "price-over-cap", ruleName: "超限价收费", caseNo: null });
    const second = (
      await get(`/api/v1/supervision/findings/paged?jobId=${jobId}&limit=2&cursor=${first.nextCursor}`)
    ).json();
    expect(second.nextCursor).toBeNull();
    const ids = [...first.items, ...second.items].map((f: { id: string }) => BigInt(f.id));
    expect(ids).toHaveLength(3);
    expect([...ids].sort((a, b) => (a > b ? -1 : 1))).toEqual(ids);
    const amounts = [...first.items, ...second.items].map((f: { amount: string }) => f.amount).sort();
    expect(amounts).toEqual(["20.00", "30.00", "30.00"]);

    const opened = await t.app.inject({
      method: "POST",
      url: "/api/v1/supervision/cases",
      headers: await t.auth("auditor"),
      payload: { findingIds: [first.items[0].id], summary: "超限价收费" },
    });
    expect(opened.statusCode, opened.body).toBe(201);
    const inCase = (await get("/api/v1/supervision/findings/paged?inCase=true")).json().items;
    expect(inCase.map((f: { id: string }) => f.id)).toEqual([first.items[0].id]);
    expect(inCase[0]).toMatchObject({
      caseId: opened.json().id,
      caseNo: opened.json().caseNo,
      caseStatus: "open",
    });
    expect((await get("/api/v1/supervision/findings/paged?inCase=false")).json().items).toHaveLength(2);
    expect((await get("/api/v1/supervision/findings/paged?rule=sex-restricted-item")).json().items).toEqual(
      [],
    );
    const severity = first.items[0].severity;
    const other = severity === "high" ? "low" : "high";
    expect((await get(`/api/v1/supervision/findings/paged?severity=${severity}`)).json().items).toHaveLength(
      3,
    );
    expect((await get(`/api/v1/supervision/findings/paged?severity=${other}`)).json().items).toEqual([]);
    expect((await get("/api/v1/supervision/findings/paged?result=suspicious")).json().items).toEqual([]);
    expectRefusal(await get("/api/v1/supervision/findings/paged?cursor=bad"), "CURSOR_INVALID", "cursor");
  });
});
