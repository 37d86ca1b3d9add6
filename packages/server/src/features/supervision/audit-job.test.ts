import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "../../audit/audit.ts";
import { type TestApp, openTestApp } from "../../test/test-app.ts";
import { createAuditJob, runAuditJob } from "./audit-job.service.ts";
import { openCaseFromFindings } from "./case.service.ts";
import { listFindings } from "./finding.repository.ts";
import { importKbVersion, publishKbVersion } from "./kb.service.ts";
import { ULTRASOUND, XRAY, kbTexts, settledVisit, supervisionRegion } from "./supervision.fixture.ts";

const NOW = () => new Date("2026-06-01T02:00:00Z");

/** The batch audit over the database: resumable, the same findings whether interrupted or not. */
describe("audit job over settled visits", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await openTestApp(NOW);
    const persons = await supervisionRegion(t.handle.db, 3);
    for (const [i, p] of persons.entries()) {
      await settledVisit(t.handle.db, p.psn_no, `2026-04-2${i}`, XRAY, "60.00"); // before the period: history
      await settledVisit(t.handle.db, p.psn_no, `2026-05-0${i + 1}`, XRAY, `${51 + i}.00`);
      await settledVisit(t.handle.db, p.psn_no, `2026-05-1${i}`, ULTRASOUND, "120.00");
    }
    const v = await importKbVersion(t.handle.db, SYSTEM_ACTOR, { label: "t", files: kbTexts() });
    await publishKbVersion(t.handle.db, SYSTEM_ACTOR, v.id, NOW());
  });
  afterAll(async () => t?.close());

  const findingsOf = async (jobId: bigint) =>
    (await listFindings(t.handle.db, { jobId }, 500))
      .map((f) => `${f.mdtrt_id} ${f.rule} ${f.lines.join("|")} ${f.amount}`)
      .sort();

  it("resumes after an interruption and writes each finding once", async () => {
    const period = { from: "2026-05-01", to: "2026-05-31", kind: "audit" as const };
    const whole = await createAuditJob(t.handle.db, SYSTEM_ACTOR, period);
    const done = await runAuditJob(t.handle.db, whole.id, NOW, { pageSize: 4 });
    expect(done).toMatchObject({ status: "done", visits: 6, findings: 3 });
    const expected = await findingsOf(whole.id);
    expect(expected).toHaveLength(3); // the three X-rays above the cap of 50.00, not April's
    expect(expected.map((f) => f.split(" ")[3]).sort()).toEqual(["100", "200", "300"]);

    const cut = await createAuditJob(t.handle.db, SYSTEM_ACTOR, period);
    const stopped = await runAuditJob(t.handle.db, cut.id, NOW, { pageSize: 2, stopAfterPages: 1 });
    expect(stopped).toMatchObject({ status: "running" });
    expect(stopped!.visits).toBeLessThan(6);
    const resumed = await runAuditJob(t.handle.db, cut.id, NOW, { pageSize: 2 });
    expect(resumed).toMatchObject({ status: "done", visits: 6, findings: 3 });
    expect(await findingsOf(cut.id)).toEqual(expected);
  });

  it("a case gathers findings of one institution only", async () => {
    const [f] = await listFindings(t.handle.db, {}, 1);
    await t.handle.db
      .insertInto("institutions")
      .values({
        code: "H53010000002",
        name: "另一医院",
        kind: "hospital",
        level: "3",
        region_code: "530100",
        agreement_from: "2020-01-01",
      })
      .execute();
    const other = await t.handle.db
      .insertInto("audit_findings")
      .values({
        job_id: f!.job_id,
        visit_id: (await t.handle.db.selectFrom("visits").select("id").executeTakeFirstOrThrow()).id,
        mdtrt_id: f!.mdtrt_id,
        institution_code: "H53010000002",
        rule: f!.rule,
        rule_code: f!.rule_code,
        family: f!.family,
        result: f!.result,
        severity: f!.severity,
        lines: JSON.stringify(f!.lines),
        amount: f!.amount,
        evidence: f!.evidence,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await expect(
      openCaseFromFindings(t.handle.db, SYSTEM_ACTOR, { findingIds: [f!.id, other.id], summary: "x" }, NOW()),
    ).rejects.toMatchObject({ code: "SUP_FINDINGS_MIXED", details: { field: "findingIds" } });
  });

  it("a trial runs a draft (here: the price cap switched off) without publishing it", async () => {
    const rules = kbTexts().rules!.replace(
      "price-over-cap,policy,definite,1",
      "price-over-cap,policy,definite,0",
    );
    const draft = await importKbVersion(t.handle.db, SYSTEM_ACTOR, {
      label: "no cap",
      files: { ...kbTexts(), rules },
    });
    const trial = await createAuditJob(t.handle.db, SYSTEM_ACTOR, {
      from: "2026-05-01",
      to: "2026-05-31",
      kind: "trial",
      kbVersionId: draft.id,
    });
    expect(trial.kb_version_id).toBe(draft.id);
    expect(await runAuditJob(t.handle.db, trial.id, NOW)).toMatchObject({ status: "done", findings: 0 });
  });
});
