import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TestApp, openTestApp } from "../../test/test-app.ts";
import { sql } from "kysely";
import { rowCounts } from "../../test/refusal.ts";
import {
  FILING_RULES,
  YUXI,
  YUXI_HOSPITAL,
  his,
  setupBothRegions,
} from "../regions/out-of-region.fixture.ts";
import { insuredPerson } from "../settlement/settlement.fixture.ts";

/**
 * The online services end to end through the API: an insured person signs in with a one-time
 * code, applies for an out-of-region filing, an operator approves it, the person rates it; the
 * filing is then in force for the settlement side. Nobody sees another's applications.
 */
describe("online services", () => {
  let t: TestApp;
  const codes: { kind: string; to: string; code: string }[] = [];
  let now = new Date("2026-05-01T02:00:00Z");
  let person: { id: bigint; psn_no: string; certno: string };
  let other: { id: bigint; psn_no: string; certno: string };

  const { visit } = his(
    () => t,
    () => now,
  );
  const filingsOf = (personId: bigint) =>
    t.handle.db.selectFrom("filings").selectAll().where("person_id", "=", personId).execute();
  const kunmingRules = async () => {
    const agency = await t.auth("agency");
    const r = await t.app.inject({
      method: "PUT",
      url: "/api/v1/regions/530100/filing-rules",
      headers: agency,
      payload: FILING_RULES,
    });
    expect(r.statusCode, r.body).toBe(200);
  };

  const sessions = new Map<string, { authorization: string }>();
  /** One session per person for the whole file (codes per ID number are limited per window). */
  const signIn = async (certno: string) => {
    const known = sessions.get(certno);
    if (known) return known;
    const sent = await t.app.inject({
      method: "POST",
      url: "/api/v1/selfservice/codes",
      payload: { kind: "insured", credential: certno },
    });
    expect(sent.statusCode, sent.body).toBe(200);
    const code = codes.at(-1)!.code;
    const res = await t.app.inject({
      method: "POST",
      url: "/api/v1/selfservice/login",
      payload: { kind: "insured", credential: certno, code },
    });
    expect(res.statusCode, res.body).toBe(200);
    const auth = { authorization: `Bearer ${res.json().token}` };
    sessions.set(certno, auth);
    return auth;
  };

  beforeAll(async () => {
    t = await openTestApp(() => now);
    // the app's code delivery: recorded here instead of the log
    t.app.deps.codes = { send: (kind, to, code) => codes.push({ kind, to, code }) };
    await setupBothRegions(t.handle.db);
    person = await insuredPerson(t.handle.db, 701);
    other = await insuredPerson(t.handle.db, 702);
  });
  afterAll(async () => t?.close());

  it("sends a code only for a known ID number, masked; answers an unknown one the same", async () => {
    const before = codes.length;
    const unknown = await t.app.inject({
      method: "POST",
      url: "/api/v1/selfservice/codes",
      payload: { kind: "insured", credential: "11010119900307001X" },
    });
    expect(unknown.statusCode).toBe(200);
    expect(unknown.json()).toEqual({ sent: true, expiresInSeconds: 300 });
    expect(codes.length).toBe(before);
    await t.app.inject({
      method: "POST",
      url: "/api/v1/selfservice/codes",
      payload: { kind: "insured", credential: person.certno },
    });
    expect(codes.length).toBe(before + 1);
    expect(codes.at(-1)!.to).not.toContain(person.certno.slice(6, 14));
    expect(codes.at(-1)!.code).toMatch(/^\d{6}$/);
  });

  it("refuses a wrong code, a used code and an expired one; locks after repeated failures", async () => {
    const login = (code: string) =>
      t.app.inject({
        method: "POST",
        url: "/api/v1/selfservice/login",
        payload: { kind: "insured", credential: other.certno, code },
      });
    await t.app.inject({
      method: "POST",
      url: "/api/v1/selfservice/codes",
      payload: { kind: "insured", credential: other.certno },
    });
    const code = codes.at(-1)!.code;
    const wrong = await login(code === "000000" ? "111111" : "000000");
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().code).toBe("AUTH_FAILED");
    const ok = await login(code);
    expect(ok.statusCode).toBe(200);
    sessions.set(other.certno, { authorization: `Bearer ${ok.json().token}` });
    expect((await login(code)).json().code).toBe("AUTH_FAILED"); // used
    for (let i = 0; i < 4; i++) await login("000001");
    const locked = await login("000001");
    expect(locked.statusCode).toBe(429);
    expect(locked.json().code).toBe("AUTH_LOCKED");
  });

  it("shows the person their coverage and limits, and nothing to an operator token", async () => {
    const me = await signIn(person.certno);
    const res = await t.app.inject({ method: "GET", url: "/api/v1/selfservice/me", headers: me });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.psnNo).toBe(person.psn_no);
    expect(body.certno).not.toBe(person.certno);
    expect(body.coverage[0]).toMatchObject({ insutype: "310", status: "active" });
    expect(body.policies[0]).toMatchObject({ medType: "11", poolAnnualCap: "4000.00" });
    const staff = await t.auth("agency");
    const refused = await t.app.inject({ method: "GET", url: "/api/v1/selfservice/me", headers: staff });
    expect(refused.statusCode).toBe(403);
    const staffRoute = await t.app.inject({ method: "GET", url: "/api/v1/persons", headers: me });
    expect(staffRoute.statusCode).toBe(403);
  });

  it("refuses an out-of-region application for an unknown region or the applicant's own, writing nothing", async () => {
    const me = await signIn(person.certno);
    const tables = ["service_applications", "service_application_events", "filings"];
    const before = await rowCounts(t.handle.db, tables);
    for (const treatmentRegion of ["539999", "530100"]) {
      const r = await t.app.inject({
        method: "POST",
        url: "/api/v1/selfservice/applications",
        headers: me,
        payload: {
          itemCode: "out_of_region_filing",
          form: { treatmentRegion, filingType: "commitment", validFrom: "2026-05-01" },
        },
      });
      expect(r.statusCode, r.body).toBeGreaterThanOrEqual(400);
      expect(r.statusCode).toBeLessThan(500);
      expect(r.json()).toMatchObject({
        code: "FILING_REGION_INVALID",
        details: { field: "form.treatmentRegion" },
      });
    }
    expect(await rowCounts(t.handle.db, tables)).toEqual(before);
  });

  it("files out-of-region care online; an operator approves it; it is in force; the person rates it", async () => {
    const me = await signIn(person.certno);
    const form = { treatmentRegion: YUXI, filingType: "commitment", validFrom: "2026-05-01" };
    const applied = await t.app.inject({
      method: "POST",
      url: "/api/v1/selfservice/applications",
      headers: me,
      payload: { itemCode: "out_of_region_filing", form },
    });
    expect(applied.statusCode, applied.body).toBe(201);
    const app = applied.json();
    expect(app).toMatchObject({ status: "submitted", overdue: false, itemName: "异地就医备案" });
    expect(app.filing).toBeNull(); // filed on approval, not before
    expect(await filingsOf(person.id)).toEqual([]);
    // another person cannot see it
    const them = await signIn(other.certno);
    const peek = await t.app.inject({
      method: "GET",
      url: `/api/v1/selfservice/applications/${app.id}`,
      headers: them,
    });
    expect(peek.json().code).toBe("SERVICE_APPLICATION_UNKNOWN");
    const early = await t.app.inject({
      method: "POST",
      url: `/api/v1/selfservice/applications/${app.id}/rating`,
      headers: me,
      payload: { score: 5 },
    });
    expect(early.json().code).toBe("SERVICE_NOT_DECIDED");

    const agency = await t.auth("agency");
    const queue = await t.app.inject({
      method: "GET",
      url: "/api/v1/service-applications?status=submitted",
      headers: agency,
    });
    expect(queue.json().items.map((a: { id: string }) => a.id)).toContain(app.id);
    const rejectWithout = await t.app.inject({
      method: "POST",
      url: `/api/v1/service-applications/${app.id}/decision`,
      headers: agency,
      payload: { decision: "reject" },
    });
    expect(rejectWithout.json()).toMatchObject({ code: "FIELD_REQUIRED", details: { field: "note" } });
    await kunmingRules();
    now = new Date("2026-05-01T02:10:00Z");
    const approved = await t.app.inject({
      method: "POST",
      url: `/api/v1/service-applications/${app.id}/decision`,
      headers: agency,
      payload: { decision: "approve", note: "材料齐全" },
    });
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json()).toMatchObject({ status: "approved", filing: { status: "active" } });
    expect(approved.json().events.map((e: { status: string }) => e.status)).toEqual([
      "submitted",
      "approved",
    ]);
    const again = await t.app.inject({
      method: "POST",
      url: `/api/v1/service-applications/${app.id}/decision`,
      headers: agency,
      payload: { decision: "reject", note: "x" },
    });
    expect(again.json().code).toBe("SERVICE_APPLICATION_DECIDED");
    // the settlement filing (features/regions' filings), under Kunming's rules: 承诺制 documents due in 10 days
    expect(approved.json().filing).toMatchObject({
      filingType: "commitment",
      insuredRegion: "530100",
      treatmentRegion: YUXI,
      validFrom: "2026-05-01",
      validTo: "2027-04-30",
      commitmentDue: "2026-05-11",
      applicationId: app.id,
    });
    const filings = await filingsOf(person.id);
    expect(filings).toHaveLength(1);
    const listed = await t.app.inject({
      method: "GET",
      url: `/api/v1/filings?psnNo=${person.psn_no}`,
      headers: agency,
    });
    expect(listed.json().items.map((f: { filing_no: string }) => f.filing_no)).toEqual([
      filings[0]!.filing_no,
    ]);
    // a 2207 at a Yuxi hospital settles as filed: cleared to the insured region (clr_optins 530100)
    const s = await visit(YUXI_HOSPITAL, person.psn_no, "100.00");
    expect([s.clr_optins, s.clr_type]).toEqual(["530100", "11"]);
    const v = await sql<{ filing_id: string | null; insured_region: string }>`
      select filing_id::text, insured_region from visits where mdtrt_id = ${s.mdtrt_id}`.execute(t.handle.db);
    expect(v.rows[0]).toEqual({ filing_id: String(filings[0]!.id), insured_region: "530100" });

    const rated = await t.app.inject({
      method: "POST",
      url: `/api/v1/selfservice/applications/${app.id}/rating`,
      headers: me,
      payload: { score: 5, comment: "很快" },
    });
    expect(rated.json().rating).toMatchObject({ score: 5, comment: "很快" });
    const ratedAgain = await t.app.inject({
      method: "POST",
      url: `/api/v1/selfservice/applications/${app.id}/rating`,
      headers: me,
      payload: { score: 1 },
    });
    expect(ratedAgain.statusCode).toBe(409);
    expect(ratedAgain.json()).toMatchObject({ code: "SERVICE_ALREADY_RATED", details: { field: "id" } });
    const audit = await t.handle.db
      .selectFrom("audit_log")
      .select("action")
      .where("entity", "=", "service_applications")
      .execute();
    expect(audit.map((a) => a.action)).toEqual(["service.apply", "service.approve"]);
  });

  it("an application the insured region's rules refuse, or that overlaps a filing, is refused on approval by its field; a rejected one files nothing", async () => {
    const me = await signIn(person.certno);
    const agency = await t.auth("agency");
    const applyFor = async (form: Record<string, string>) => {
      const r = await t.app.inject({
        method: "POST",
        url: "/api/v1/selfservice/applications",
        headers: me,
        payload: { itemCode: "out_of_region_filing", form },
      });
      expect(r.statusCode, r.body).toBe(201);
      return r.json().id as string;
    };
    const decideOn = (id: string, decision: string, note?: string) =>
      t.app.inject({
        method: "POST",
        url: `/api/v1/service-applications/${id}/decision`,
        headers: agency,
        payload: { decision, ...(note ? { note } : {}) },
      });
    const tables = ["filings", "service_application_events"];
    const overlap = await applyFor({
      treatmentRegion: YUXI,
      filingType: "temporary",
      validFrom: "2026-05-01",
      validTo: "2026-06-30",
    });
    const referral = await applyFor({
      treatmentRegion: YUXI,
      filingType: "referral",
      validFrom: "2026-05-01",
    });
    const before = await rowCounts(t.handle.db, tables);
    const clash = await decideOn(overlap, "approve");
    expect(clash.statusCode).toBe(409);
    expect(clash.json()).toMatchObject({ code: "FILING_OVERLAP", details: { field: "form.validFrom" } });
    const notAllowed = await decideOn(referral, "approve");
    expect(notAllowed.json()).toMatchObject({
      code: "FILING_NOT_ALLOWED",
      details: { field: "form.filingType" },
    });
    expect(await rowCounts(t.handle.db, tables)).toEqual(before);
    const still = await t.app.inject({
      method: "GET",
      url: `/api/v1/service-applications/${overlap}`,
      headers: agency,
    });
    expect(still.json()).toMatchObject({ status: "submitted", filing: null });
    // another person's application for an open period, rejected: no filing
    const them = await signIn(other.certno);
    const r = await t.app.inject({
      method: "POST",
      url: "/api/v1/selfservice/applications",
      headers: them,
      payload: {
        itemCode: "out_of_region_filing",
        form: { treatmentRegion: YUXI, filingType: "long_term_resident", validFrom: "2026-05-01" },
      },
    });
    const rejected = await decideOn(r.json().id, "reject", "材料不全");
    expect(rejected.json()).toMatchObject({ status: "rejected", filing: null });
    expect(await filingsOf(other.id)).toEqual([]);
  });

  it("takes invoice images by their content, at most 2 MiB, served to the applicant and staff only", async () => {
    const me = await signIn(person.certno);
    const applied = await t.app.inject({
      method: "POST",
      url: "/api/v1/selfservice/applications",
      headers: me,
      payload: {
        itemCode: "manual_reimbursement",
        form: {
          invoiceNo: "INV-9",
          institutionCode: "H11010800012",
          amount: "320.50",
          billDate: "2026-04-20",
        },
      },
    });
    const id = applied.json().id;
    const png = Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      Buffer.alloc(64, 1),
    ]);
    const upload = (payload: Buffer, type: string, headers = me) =>
      t.app.inject({
        method: "POST",
        url: `/api/v1/selfservice/applications/${id}/attachments`,
        headers: { ...headers, "content-type": type },
        payload,
      });
    const ok = await upload(png, "image/png");
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json()).toMatchObject({ contentType: "image/png", size: 72 });
    const fake = await upload(Buffer.from("<html>not an image</html>"), "image/jpeg");
    expect(fake.json()).toMatchObject({ code: "SERVICE_ATTACHMENT_INVALID" });
    const big = await upload(Buffer.concat([png, Buffer.alloc(2 * 1024 * 1024)]), "image/png");
    expect(big.statusCode).toBe(413);
    const aid = ok.json().id;
    const mine = await t.app.inject({
      method: "GET",
      url: `/api/v1/selfservice/applications/${id}/attachments/${aid}`,
      headers: me,
    });
    expect(mine.statusCode).toBe(200);
    expect(mine.headers["content-type"]).toBe("image/png");
    expect(mine.rawPayload.equals(png)).toBe(true);
    const missing = await t.app.inject({
      method: "GET",
      url: `/api/v1/selfservice/applications/${id}/attachments/${BigInt(aid) + 1000n}`,
      headers: me,
    });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({ code: "SERVICE_ATTACHMENT_UNKNOWN" });
    // at most five files an application; the sixth is refused and not stored
    for (let i = 0; i < 4; i++) expect((await upload(png, "image/png")).statusCode).toBe(201);
    const sixth = await upload(png, "image/png");
    expect(sixth.statusCode).toBe(409);
    expect(sixth.json()).toMatchObject({ code: "SERVICE_ATTACHMENT_LIMIT", details: { field: "id" } });
    const stored = await t.handle.db
      .selectFrom("service_attachments")
      .select((eb) => eb.fn.countAll<string>().as("n"))
      .where("application_id", "=", BigInt(id))
      .executeTakeFirstOrThrow();
    expect(Number(stored.n)).toBe(5);
    const them = await signIn(other.certno);
    const theirs = await t.app.inject({
      method: "GET",
      url: `/api/v1/selfservice/applications/${id}/attachments/${aid}`,
      headers: them,
    });
    expect(theirs.statusCode).toBe(404);
    const staff = await t.app.inject({
      method: "GET",
      url: `/api/v1/service-applications/${id}/attachments/${aid}`,
      headers: await t.auth("auditor"),
    });
    expect(staff.rawPayload.equals(png)).toBe(true);
    const anonymous = await t.app.inject({
      method: "GET",
      url: `/api/v1/service-applications/${id}/attachments/${aid}`,
    });
    expect(anonymous.statusCode).toBe(401);
  });

  it("shows staff the applicant masked unless their role may see personal data (agency, admin)", async () => {
    const me = await signIn(other.certno);
    const res = await t.app.inject({
      method: "POST",
      url: "/api/v1/selfservice/applications",
      headers: me,
      payload: {
        itemCode: "chronic_disease",
        form: {
          diseaseName: "高血压",
          hospital: "昆明市第一人民医院",
          phone: "13912345678",
          reason: `复诊，联系 13912345678，身份证 ${other.certno}`,
        },
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    const id = res.json().id as string;
    const masked = `${other.certno.slice(0, 6)}********${other.certno.slice(-4)}`;
    for (const role of ["auditor", "supervisor", "leader"] as const) {
      const headers = await t.auth(role);
      const one = (
        await t.app.inject({ method: "GET", url: `/api/v1/service-applications/${id}`, headers })
      ).json();
      expect(one.applicant, role).toMatchObject({ psnNo: other.psn_no, name: "测*", certno: masked });
      expect(one.form, role).toMatchObject({ diseaseName: "高血压", phone: "139****5678" });
      expect(one.form.reason, role).toBe(`复诊，联系 139****5678，身份证 ${masked}`);
      const list = (
        await t.app.inject({
          method: "GET",
          url: `/api/v1/service-applications?psnNo=${other.psn_no}`,
          headers,
        })
      ).json();
      const row = list.items.find((i: { id: string }) => i.id === id);
      expect(row.applicant, role).toMatchObject({ name: "测*", certno: masked });
      expect(JSON.stringify(list), role).not.toContain(other.certno);
    }
    for (const role of ["agency", "admin"] as const) {
      const one = (
        await t.app.inject({
          method: "GET",
          url: `/api/v1/service-applications/${id}`,
          headers: await t.auth(role),
        })
      ).json();
      expect(one.applicant, role).toMatchObject({ name: "测试", certno: other.certno });
      expect(one.form, role).toMatchObject({ phone: "13912345678" });
      expect(one.form.reason, role).toContain(other.certno);
    }
  });

  it("refuses an item that cannot be done online, and says what share can", async () => {
    const me = await signIn(person.certno);
    const offline = await t.app.inject({
      method: "POST",
      url: "/api/v1/selfservice/applications",
      headers: me,
      payload: { itemCode: "disability_assessment", form: {} },
    });
    expect(offline.json()).toMatchObject({ code: "SERVICE_ITEM_OFFLINE", details: { field: "itemCode" } });
    const unknown = await t.app.inject({
      method: "POST",
      url: "/api/v1/selfservice/applications",
      headers: me,
      payload: { itemCode: "no_such_item", form: {} },
    });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ code: "SERVICE_ITEM_UNKNOWN", details: { field: "itemCode" } });
    const share = await t.app.inject({
      method: "GET",
      url: "/api/v1/service-items/online-share",
      headers: await t.auth("leader"),
    });
    expect(share.json()).toEqual({ online: 7, total: 8, share: "0.8750" });
  });

  it("ends the session after its time", async () => {
    const me = await signIn(person.certno);
    now = new Date(now.getTime() + 31 * 60_000);
    const res = await t.app.inject({ method: "GET", url: "/api/v1/selfservice/me", headers: me });
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe("AUTH_SESSION_EXPIRED");
  });
});
