import { drawInspections } from "@yibao/core/supervision";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectRefusal, rowCounts } from "../../test/refusal.ts";
import { type TestApp, openTestApp } from "../../test/test-app.ts";
import { HOSPITAL, setupRegion } from "../settlement/settlement.fixture.ts";

/**
 * 双随机、一公开: institutions and inspection teams drawn reproducibly from a seed, verified
 * again from the stored lists, published once, results recorded once, the published draws and
 * the disclosed typical cases open to anyone and naming no person.
 */
describe("random inspections and the disclosure of typical cases", () => {
  let t: TestApp;
  const CODES = ["H53010000101", "H53010000102", "H53010000103", "H53010000104", "H53010000105"];
  const call = async (
    role: Parameters<TestApp["auth"]>[0] | null,
    method: "GET" | "POST",
    url: string,
    payload?: object,
  ) =>
    t.app.inject({
      method,
      url: `/api/v1${url}`,
      headers: role ? await t.auth(role) : {},
      ...(payload ? { payload } : {}),
    });
  const inspectors: string[] = [];

  beforeAll(async () => {
    t = await openTestApp(() => new Date("2026-06-01T02:00:00Z"));
    await setupRegion(t.handle.db);
    await t.handle.db
      .insertInto("institutions")
      .values(
        CODES.map((code, i) => ({
          code,
          name: `抽查测试医院${i + 1}`,
          kind: "hospital" as const,
          level: i % 2 === 0 ? ("2" as const) : ("3" as const),
          region_code: "530100",
          agreement_from: "2020-01-01",
        })),
      )
      .execute();
    // the inspectors: auditors and supervisors of the region (t.auth makes one operator a role)
    for (const role of ["auditor", "supervisor"] as const) await t.auth(role);
    await t.auth("auditor", { fresh: true });
    const rows = await t.handle.db
      .selectFrom("operators")
      .select("login")
      .where("role", "in", ["auditor", "supervisor"])
      .orderBy("login")
      .execute();
    inspectors.push(...rows.map((r) => r.login));
  });
  afterAll(async () => t?.close());

  const body = {
    regionCode: "530100",
    title: "2026年第二季度抽查",
    seed: "2026Q2-530100",
    institutionCount: 3,
  };

  it("draws the same teams from the same seed, as anyone can from the published lists", async () => {
    const first = await call("supervisor", "POST", "/supervision/inspections", body);
    expect(first.statusCode, first.body).toBe(201);
    const a = first.json();
    expect(a.teams).toHaveLength(3);
    for (const team of a.teams) {
      expect(new Set(team.inspectors).size).toBe(2);
      expect(team.institutionName).toMatch(/医院/);
    }
    const again = (await call("supervisor", "POST", "/supervision/inspections", body)).json();
    expect(again.teams).toEqual(a.teams);
    expect(again.drawNo).not.toBe(a.drawNo);
    const detail = (await call("auditor", "GET", `/supervision/inspections/${a.id}`)).json();
    expect(detail.verified).toBe(true);
    expect(detail.candidateLists.inspectors).toEqual(inspectors);
    expect(detail.candidateLists.institutions).toEqual([...CODES, HOSPITAL].sort());
    // re-drawn outside Yibao, from the seed and the lists: the same teams
    const redrawn = drawInspections(
      body.seed,
      detail.candidateLists.institutions,
      detail.candidateLists.inspectors,
      3,
      2,
    );
    expect(redrawn.teams).toEqual(
      a.teams.map(({ institution, inspectors }: { institution: string; inspectors: string[] }) => ({
        institution,
        inspectors,
      })),
    );
    // another seed, another draw (with five candidates of six drawn three, a repeat is unlikely)
    const other = (
      await call("supervisor", "POST", "/supervision/inspections", { ...body, seed: "other" })
    ).json();
    expect(other.teams.map((x: { institution: string }) => x.institution)).not.toEqual(
      a.teams.map((x: { institution: string }) => x.institution),
    );
    // a level filter draws only that level
    const level3 = (
      await call("supervisor", "POST", "/supervision/inspections", {
        ...body,
        level: "3",
        institutionCount: 2,
      })
    ).json();
    for (const team of level3.teams) expect(["H53010000102", "H53010000104"]).toContain(team.institution);
    // a draw changed behind the service's back no longer verifies
    await sql`update inspection_draws set teams = '[]'::jsonb where id = ${BigInt(again.id)}`.execute(
      t.handle.db,
    );
    expect((await call("auditor", "GET", `/supervision/inspections/${again.id}`)).json().verified).toBe(
      false,
    );
  });

  it("refuses a draw it cannot make, by field, writing nothing", async () => {
    const before = await rowCounts(t.handle.db, ["inspection_draws", "audit_log"]);
    const many = await call("supervisor", "POST", "/supervision/inspections", {
      ...body,
      institutionCount: 99,
    });
    expectRefusal(many, "SUP_DRAW_TOO_FEW", "institutionCount");
    const team = await call("supervisor", "POST", "/supervision/inspections", { ...body, perTeam: 9 });
    expectRefusal(team, "SUP_DRAW_TOO_FEW", "perTeam");
    expect((await call("auditor", "POST", "/supervision/inspections", body)).statusCode).toBe(403);
    const away = await call("supervisor", "POST", "/supervision/inspections", {
      ...body,
      regionCode: "530400",
    });
    expect(away.statusCode).toBeGreaterThanOrEqual(400);
    expect(away.statusCode).toBeLessThan(500);
    expect(await rowCounts(t.handle.db, ["inspection_draws", "audit_log"])).toEqual(before);
  });

  it("publishes a draw once, records each drawn institution's result once, and shows it to anyone", async () => {
    const d = (await call("supervisor", "POST", "/supervision/inspections", { ...body, seed: "pub" })).json();
    const drawn: string = d.teams[0].institution;
    const early = await call("auditor", "POST", `/supervision/inspections/${d.id}/results`, {
      institutionCode: drawn,
      outcome: "no_finding",
    });
    expectRefusal(early, "SUP_DRAW_STATE");
    expect((await call("supervisor", "POST", `/supervision/inspections/${d.id}/publish`)).statusCode).toBe(
      200,
    );
    expectRefusal(
      await call("supervisor", "POST", `/supervision/inspections/${d.id}/publish`),
      "SUP_DRAW_STATE",
    );
    const notDrawn = CODES.concat(HOSPITAL).find(
      (c) => !d.teams.some((x: { institution: string }) => x.institution === c),
    )!;
    expectRefusal(
      await call("auditor", "POST", `/supervision/inspections/${d.id}/results`, {
        institutionCode: notDrawn,
        outcome: "no_finding",
      }),
      "FIELD_INVALID",
      "institutionCode",
    );
    const ok = { institutionCode: drawn, outcome: "no_finding", note: "未发现问题" };
    expect((await call("auditor", "POST", `/supervision/inspections/${d.id}/results`, ok)).statusCode).toBe(
      201,
    );
    expectRefusal(
      await call("auditor", "POST", `/supervision/inspections/${d.id}/results`, ok),
      "CONFLICT",
      "institutionCode",
    );

    const open = await call(null, "GET", "/public/inspections");
    expect(open.statusCode).toBe(200);
    const shown = open.json().find((x: { drawNo: string }) => x.drawNo === d.drawNo);
    expect(shown.seed).toBe("pub");
    expect(shown.institutions.find((x: { code: string }) => x.code === drawn)).toMatchObject({
      outcome: "no_finding",
    });
    for (const login of inspectors) expect(open.body).not.toContain(login);
    // unpublished draws are not shown
    expect(open.json().every((x: { drawNo: string }) => x.drawNo !== body.seed)).toBe(true);
    expect(open.json()).toHaveLength(1);
  });

  it("discloses a deducted case with a summary for the public, withdraws it as a new entry", async () => {
    const opened = (
      await call("auditor", "POST", "/supervision/reports", {
        institutionCode: CODES[0],
        summary: "举报：患者 530102199001011234 被冒名住院",
        amount: "1200.00",
      })
    ).json();
    const url = `/supervision/cases/${opened.id}`;
    const text = { action: "disclose", summary: "某医院虚构住院，追回基金并处罚" };
    expectRefusal(await call("supervisor", "POST", `${url}/disclosure`, text), "SUP_CASE_STATE");
    expect((await call("auditor", "POST", `${url}/review`, { note: "查实" })).statusCode).toBe(200);
    const decided = await call("supervisor", "POST", `${url}/decide`, {
      outcome: "deduct",
      amount: "1200.00",
      note: "扣款",
    });
    expect(decided.statusCode, decided.body).toBe(200);
    const before = await rowCounts(t.handle.db, ["case_disclosures"]);
    for (const summary of ["患者530102199001011234冒名", "联系 13912345678", "人员编号 5301020000000011"])
      expectRefusal(
        await call("supervisor", "POST", `${url}/disclosure`, { ...text, summary }),
        "FIELD_INVALID",
        "summary",
      );
    expectRefusal(
      await call("supervisor", "POST", `${url}/disclosure`, { ...text, action: "withdraw" }),
      "CONFLICT",
    );
    expect(await rowCounts(t.handle.db, ["case_disclosures"])).toEqual(before);
    expect((await call("supervisor", "POST", `${url}/disclosure`, text)).statusCode).toBe(201);
    expectRefusal(await call("supervisor", "POST", `${url}/disclosure`, text), "CONFLICT");

    const shown = await call(null, "GET", "/public/disclosures");
    expect(shown.statusCode).toBe(200);
    expect(shown.json()).toEqual([
      expect.objectContaining({
        caseNo: opened.caseNo,
        institutionCode: CODES[0],
        institutionName: "抽查测试医院1",
        deduction: "1200.00",
        summary: text.summary,
      }),
    ]);
    expect(shown.json()[0].decidedAt).not.toBeNull();
    // the case's own summary (with the person in it) is never what the public sees
    expect(shown.body).not.toContain("530102199001011234");

    const withdrawn = await call("supervisor", "POST", `${url}/disclosure`, {
      action: "withdraw",
      summary: "撤回",
    });
    expect(withdrawn.statusCode).toBe(201);
    expect((await call(null, "GET", "/public/disclosures")).json()).toEqual([]);
    const entries = await t.handle.db.selectFrom("case_disclosures").select("action").orderBy("id").execute();
    expect(entries.map((e) => e.action)).toEqual(["disclose", "withdraw"]);
  });
});
