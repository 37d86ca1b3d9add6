import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { type Browser, type Page, chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDb } from "../../server/src/db/database.ts";
import { migrateToLatest } from "../../server/src/db/migrate.ts";
import { seedDemoIfEmpty } from "../../server/src/demo/seed.ts";
import { buildApp } from "../../server/src/http/app.ts";
import { serverContext } from "../../server/src/features/settlement/context.ts";
import { CONSOLE_DIST } from "../../server/src/http/console.ts";
import { SYSTEM_ACTOR } from "../../server/src/audit/audit.ts";
import type { DbHandle } from "../../server/src/db/database.ts";
import { issueKey } from "../../server/src/features/nhsa/keys.service.ts";
import { createOperator } from "../../server/src/features/platform/operator.service.ts";
import { testConfig } from "../../server/src/config.ts";
import { systemClock } from "../../server/src/clock.ts";
import { displayTime } from "@yibao/core/time";
import { makeCertno, makeUscc } from "@yibao/core/registry";
import { maskText } from "@yibao/core/pii";
import type { FastifyInstance } from "fastify";
import { KB_DIR, kbBody, kbTexts } from "../../server/src/features/supervision/supervision.fixture.ts";

/**
 * The console as people use it: Debian's Chromium, driven by playwright-core, against the real
 * server on the demo region (loaded once for every test here). Each role opens each of its pages
 * by deep link with no browser-console errors, and is refused the others; an operator finds a
 * person by ID number, opens a settlement statement and enters a manual reimbursement; an insured
 * person at phone width applies for an out-of-region filing and an operator approves it.
 * Screenshots of every page go to SCREENSHOT_DIR (docs/screenshots for the README's).
 */
const settings = testConfig();
const CHROMIUM = settings.chromium;
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium && settings.ci) throw new Error(`CI needs Chromium at ${CHROMIUM}`);
if (!haveChromium)
  console.warn(
    `SKIPPED: the console test in a browser: no Chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`,
  );

const SHOTS = settings.screenshotDir ?? join(tmpdir(), "yibao-screenshots");
const PASSWORDS: Record<string, [string, string]> = {
  admin: ["admin", "yibao-demo-admin"],
  agency: ["agency", "yibao-demo-agency"],
  auditor: ["auditor", "yibao-demo-auditor"],
  supervisor: ["supervisor", "yibao-demo-supervisor"],
  leader: ["leader", "yibao-demo-leader"],
  institution: ["e2e.hospital", "yibao-e2e-hospital"],
};
const HOSPITAL = "H53010000001";

describe.skipIf(!haveChromium)("console", () => {
  let browser: Browser;
  let base: string;
  let app: FastifyInstance;
  let handle: DbHandle;
  let accessKey: string;
  const codes: string[] = [];
  /** Concrete values for the route patterns, read from the demo region. */
  const at: Record<string, string> = {};

  beforeAll(async () => {
    expect(existsSync(`${CONSOLE_DIST}/index.html`), "run npm run build first").toBe(true);
    mkdirSync(SHOTS, { recursive: true });
    handle = await openDb({});
    await migrateToLatest(handle.db);
    await seedDemoIfEmpty(handle.db, () => {});
    app = await buildApp({
      db: handle.db,
      engine: handle.engine,
      now: systemClock,
      settlement: serverContext(),
      // the demo prints one-time codes to the log; here the test reads them
      codes: { send: (_kind, _to, code) => codes.push(code) },
    });
    const key = await issueKey(handle.db, app.deps.gateway.secrets, SYSTEM_ACTOR, HOSPITAL);
    accessKey = key.accessKey;
    app.deps.gateway.lastUse.touch(key.id, new Date("2026-05-01T10:00:00Z"));
    await app.deps.gateway.lastUse.flush();
    await createOperator(handle.db, SYSTEM_ACTOR, {
      login: "e2e.hospital",
      displayName: "医院操作员",
      role: "institution",
      password: "yibao-e2e-hospital",
      fixmedinsCode: HOSPITAL,
    });
    const db = handle.db;
    const setl = await db
      .selectFrom("settlements as s")
      .innerJoin("visits as v", "v.id", "s.visit_id")
      .innerJoin("persons as p", "p.id", "s.person_id")
      .select(["s.setl_id", "p.psn_no", "p.certno"])
      .where("v.institution_code", "=", HOSPITAL)
      .where("v.insutype", "=", "310") // an employee: the manual reimbursement below is 310
      .where("s.kind", "=", "settle")
      // not filed yet: the online filing application below must not overlap a demo filing
      .where(({ not, exists, selectFrom }) =>
        not(exists(selectFrom("filings as f").select("f.person_id").whereRef("f.person_id", "=", "p.id"))),
      )
      .orderBy("s.id")
      .executeTakeFirstOrThrow();
    // the demo's year is open (simulated to November): its year-end liquidation, as the agency runs it
    const agency = await app.inject({
      method: "POST",
      url: "/api/v1/auth/login",
      payload: { login: PASSWORDS.agency![0], password: PASSWORDS.agency![1] },
    });
    const liquidated = await app.inject({
      method: "POST",
      url: "/api/v1/payment/liquidations",
      headers: { authorization: `Bearer ${agency.json().token}` },
      payload: { region: "530100", year: 2026, budget: "9000000.00", dipBudget: "2000000.00" },
    });
    expect(liquidated.statusCode, liquidated.body).toBe(201);
    const run = await db
      .selectFrom("liquidation_runs")
      .select("id")
      .where("method", "=", "drg")
      .executeTakeFirstOrThrow();
    const stmt = await db
      .selectFrom("liquidation_statements")
      .select("institution_code")
      .where("run_id", "=", run.id)
      .orderBy("institution_code")
      .executeTakeFirstOrThrow();
    const drgCase = await db
      .selectFrom("drg_cases")
      .select("id")
      .where("year", "=", 2026)
      .orderBy("id")
      .executeTakeFirstOrThrow();
    const employer = await db.selectFrom("employers").select("uscc").orderBy("id").executeTakeFirstOrThrow();
    Object.assign(at, {
      psnNo: setl.psn_no,
      certno: setl.certno,
      setlId: setl.setl_id,
      id: String(run.id),
      code: stmt.institution_code,
      caseId: drgCase.id,
      uscc: employer.uscc,
    });
    await app.listen({ port: 0, host: "127.0.0.1" });
    base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    Object.assign(at, await seedSupervision());
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    });
  });
  afterAll(async () => {
    // the first render under 1 s: pages over it are listed (an idle machine has none; see docs/console.md)
    if (slow.length) console.warn(`pages slower than 1 s:\n${slow.join("\n")}`);
    await browser?.close();
    await app?.close();
    await handle?.close();
  });

  /** A page that records every browser-console error and uncaught exception. */
  const open = async (width = 1366, height = 800) => {
    const page = await browser.newPage({ viewport: { width, height } });
    const errors: string[] = [];
    page.on("console", (m) => {
      if (m.type() === "error") errors.push(m.text());
    });
    page.on("pageerror", (e) => errors.push(String(e)));
    return { page, errors };
  };
  /** Logged in as a role: the token the console keeps after its login form (localStorage). */
  const loginAs = async (page: Page, role: string) => {
    const [login, password] = PASSWORDS[role]!;
    const res = await fetch(`${base}/api/v1/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ login, password }),
    });
    const body = (await res.json()) as { token: string };
    await page.goto(`${base}/nothing-yet`);
    // an expression (this file is typed for Node, not the page): what the login form stores
    await page.evaluate(
      `localStorage.setItem("yibao.token", ${JSON.stringify(body.token)}); localStorage.setItem("yibao.role", ${JSON.stringify(role)})`,
    );
    return body.token;
  };
  /**
   * The first render of the page being loaded: from navigation start (the performance API's time
   * origin) until `shows` (a CSS selector, or text) is in the page, read in the page at the first
   * animation frame it is there.
   */
  const firstRender = async (page: Page, shows: string, selector = false) => {
    const found = selector
      ? `document.querySelector(${JSON.stringify(shows)})`
      : `document.body && document.body.innerText.includes(${JSON.stringify(shows)})`;
    const handle = await page.waitForFunction(`(${found}) ? performance.now() : false`, undefined, {
      polling: "raf",
      timeout: 20_000,
    });
    return Math.round((await handle.jsonValue()) as number);
  };
  const shot = (page: Page, name: string) =>
    page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: false });

  /**
   * Fund supervision through the API, as its staff would: the public suite's knowledge base
   * published, a batch audit of the demo quarter, and a case opened from one of HOSPITAL's
   * findings and assigned to the auditor (the supervision pages' deep links and flow use them).
   */
  const seedSupervision = async () => {
    const as = async (role: string) => {
      const [login, password] = PASSWORDS[role]!;
      const res = await app.inject({
        method: "POST",
        url: "/api/v1/auth/login",
        payload: { login, password },
      });
      return { authorization: `Bearer ${res.json().token}` };
    };
    const call = async (role: string, method: "GET" | "POST", url: string, payload?: object) => {
      const res = await app.inject({ method, url: `/api/v1${url}`, headers: await as(role), payload });
      expect(res.statusCode, `${method} ${url}: ${res.body}`).toBeLessThan(300);
      return res.json();
    };
    const kb = await call("supervisor", "POST", "/supervision/kb-versions", {
      label: "e2e",
      files: kbBody(),
    });
    await call("supervisor", "POST", `/supervision/kb-versions/${kb.id}/publish`, {});
    const job = await call("auditor", "POST", "/supervision/audit-jobs", {
      from: "2026-02-01",
      to: "2026-03-31",
    });
    const found = await call(
      "auditor",
      "GET",
      `/supervision/findings/paged?jobId=${job.id}&institution=${HOSPITAL}&limit=1`,
    );
    expect(found.items.length, "a finding at the e2e hospital").toBe(1);
    const opened = await call("auditor", "POST", "/supervision/cases", {
      findingIds: [found.items[0].id],
      summary: `${found.items[0].ruleCode} ${found.items[0].ruleName}`,
      assignedTo: PASSWORDS.auditor![0],
    });
    // a random inspection of the demo region, one inspector a team (双随机), made public
    const draw = await call("supervisor", "POST", "/supervision/inspections", {
      regionCode: "530100",
      title: "e2e 抽查",
      seed: "e2e",
      institutionCount: 2,
      perTeam: 1,
    });
    await call("supervisor", "POST", `/supervision/inspections/${draw.id}/publish`, {});
    return {
      kbId: String(kb.id),
      supCaseId: String(opened.id),
      supCaseNo: String(opened.caseNo),
      drawId: String(draw.id),
    };
  };

  it("logs in and shows the overview in Chinese, then in English; the session ends behind its back", async () => {
    const { page } = await open(1280, 800);
    await page.goto(`${base}/`);
    await page.fill("#login", "admin");
    await page.fill("#password", "wrong-password");
    await page.getByRole("button", { name: /登\s*录/ }).click();
    await expect.poll(() => page.getByText("登录失败").count()).toBeGreaterThan(0);
    await page.fill("#password", "yibao-demo-admin");
    await page.getByRole("button", { name: /登\s*录/ }).click();
    await page.getByText("参保人数").waitFor();
    await shot(page, "overview");
    await page.getByText("EN", { exact: true }).click();
    await page.getByText("Insured persons", { exact: true }).waitFor();
    await page.getByRole("menuitem", { name: "Audit log" }).click();
    await page.getByRole("cell", { name: "system" }).first().waitFor();
    expect(page.url()).toBe(`${base}/audit-log`);
    await page.getByRole("menuitem", { name: "Institutions" }).click();
    const masked = `${accessKey.slice(0, 7)}****${accessKey.slice(-4)}`;
    await page.getByText(masked).waitFor();
    expect(await page.getByText(accessKey).count()).toBe(0);
    // Beijing time whatever the browser's zone: 10:00 UTC is 18:00 in Beijing
    expect(await page.getByText("Last used: 2026-05-01 18:00:00").count()).toBe(1);
    await handle.db.deleteFrom("sessions").execute();
    await page.getByRole("menuitem", { name: "Persons" }).click();
    await page.getByText("Your session has ended. Please log in again.").waitFor();
    expect(await page.locator("#login").count()).toBe(1);
    // logging in again stays on the page asked for
    await page.fill("#login", "admin");
    await page.fill("#password", "yibao-demo-admin");
    await page.getByRole("button", { name: /Log\s*in/ }).click();
    await page.locator("#person-search").waitFor();
    expect(page.url()).toBe(`${base}/persons`);
  });

  /** path, the roles that may open it (admin always), text that shows it loaded */
  const consolePages = (p: Record<string, string>): [string, string[], string | RegExp][] => [
    ["/", ["agency", "auditor", "supervisor", "leader"], "参保人数"],
    ["/persons", ["agency", "auditor", "supervisor", "leader"], "人员编号"],
    [`/persons/${p.psnNo}`, ["agency", "auditor", "supervisor", "leader"], "参保信息"],
    ["/employers", ["agency", "auditor", "supervisor", "leader"], "统一社会信用代码"],
    [`/employers/${p.uscc}`, ["agency", "auditor", "supervisor", "leader"], "职工"],
    // registry forms (s17-enrol): CSV imports and their history
    ["/imports", ["agency"], "导入记录"],
    // the leaders' dashboards on the demo's simulated year (figures loaded: a budget row, an indicator)
    ["/fund", ["agency", "auditor", "supervisor", "leader"], "收入预算"],
    ["/indicators", ["agency", "auditor", "supervisor", "leader"], "基本医疗保险参保率"],
    ["/settlements", ["agency", "auditor", "supervisor", "leader", "institution"], "医疗费总额"],
    [`/settlements/${p.setlId}`, ["agency", "auditor", "supervisor", "leader", "institution"], "费用明细"],
    ["/manual-reimbursements", ["agency"], "发票号"],
    ["/liquidations", ["agency", "auditor", "supervisor", "leader"], "点值"],
    [`/liquidations/${p.id}`, ["agency", "auditor", "supervisor", "leader"], "清算应付"],
    [
      `/liquidations/${p.id}/hospitals/${p.code}`,
      ["agency", "auditor", "supervisor", "leader"],
      "结余留用/超支分担",
    ],
    ["/cases", ["agency", "auditor", "supervisor", "leader"], "出院"],
    [`/cases/${p.caseId}`, ["agency", "auditor", "supervisor", "leader"], "分组路径"],
    ["/applications", ["agency", "auditor", "supervisor", "leader"], "网上可办率"],
    [
      "/reconciliation",
      ["agency", "auditor", "supervisor", "leader"],
      "对账交易（3201 对总账 / 3202 对明细账）",
    ],
    ["/catalogue", ["agency", "auditor", "supervisor", "leader", "institution"], "限价"],
    ["/institutions", [], "接口密钥"],
    // registry work (issue 13)
    [`/institutions/${p.code}`, ["agency", "auditor", "supervisor", "leader"], "协议"],
    ["/operators", [], "新增操作员"],
    ["/policies", ["agency", "auditor", "supervisor", "leader"], "统筹基金年度最高支付限额"],
    ["/contributions", ["agency", "leader"], "社平工资（月）"],
    ["/roles", [], "各角色可打开的页面"],
    ["/audit-log", [], "对象编号"],
    // fund supervision (pages/Supervision.tsx)
    ["/supervision/findings", ["auditor", "supervisor"], "判断依据"],
    ["/supervision/cases", ["auditor", "supervisor", "institution"], "案件编号"],
    [`/supervision/cases/${p.supCaseId}`, ["auditor", "supervisor", "institution"], "办理过程"],
    ["/supervision/rules", ["auditor", "supervisor"], "有效期"],
    [`/supervision/rules/${p.kbId}`, ["auditor", "supervisor"], "测试台"],
    ["/supervision/audit-jobs", ["auditor", "supervisor"], "续跑位置"],
    ["/supervision/early-warnings", ["agency", "auditor", "supervisor"], "预警线"],
    ["/supervision/credit", ["auditor", "supervisor"], "协议管理"],
    ["/supervision/inspections", ["auditor", "supervisor"], "抽查编号"],
    ["/supervision/credit/doctors", ["auditor", "supervisor", "institution"], "医保医师代码"],
    ["/supervision/credit/persons", ["auditor", "supervisor"], "重点监控"],
    [`/supervision/inspections/${p.drawId}`, ["auditor", "supervisor"], "重新抽取结果一致"],
    ["/supervision/disclosures", ["auditor", "supervisor"], "已向社会公开的典型案例"],
  ];
  /** First renders slower than 1 s, reported once at the end (a busy shared machine has them). */
  const slow: string[] = [];

  for (const role of Object.keys(PASSWORDS))
    it(`${role}: opens each of its pages by deep link without console errors, and is refused the others`, async () => {
      const { page, errors } = await open();
      await loginAs(page, role);
      for (const [path, roles, shows] of consolePages(at)) {
        await page.goto(`${base}${path}`, { waitUntil: "commit" });
        if (role === "admin" || roles.includes(role)) {
          const ms =
            typeof shows === "string"
              ? await firstRender(page, shows).catch((err: Error) => {
                  throw new Error(`${path} did not show ${shows}: ${err.message}`);
                })
              : 0;
          await page.getByText(shows).first().waitFor({ timeout: 20_000 });
          if (ms > 1000) slow.push(`${role} ${path} ${ms} ms`);
          // admin opens every page: a screenshot of each; the institution's view of settlements too
          if (
            role === "admin" ||
            role === "agency" ||
            (role === "institution" && path.startsWith("/settlements"))
          )
            await shot(page, `${role}${path.replace(/\//g, "_") || "_home"}`);
        } else {
          await page.getByText("403").first().waitFor();
        }
        expect(errors, `${role} ${path}`).toEqual([]);
      }
      await page.close();
    }, 240_000);

  it("renders the login page and a deep-linked page first in under 1 s, from precompressed, cached files", async () => {
    // the shell's files: brotli for a browser, cached for good; index.html (under 1 KB, sent as
    // it is) revalidated
    const index = await fetch(`${base}/persons/${at.psnNo}`, {
      headers: { accept: "text/html", "accept-encoding": "br" },
    });
    expect(index.headers.get("cache-control")).toBe("no-cache");
    const scripts = [...(await index.text()).matchAll(/(?:src|href)="(\/assets\/[^"]+\.js)"/g)].map(
      (m) => m[1]!,
    );
    expect(scripts.length).toBeGreaterThan(2); // the shell, react, antd: apart
    for (const src of scripts) {
      const res = await fetch(`${base}${src}`, { headers: { "accept-encoding": "br" } });
      expect(res.headers.get("cache-control"), src).toBe("public, max-age=31536000, immutable");
      if (Number((await res.arrayBuffer()).byteLength) > 1024)
        expect(res.headers.get("content-encoding"), src).toBe("br");
    }

    const [user, password] = PASSWORDS.agency!;
    const token = (
      (await (
        await fetch(`${base}/api/v1/auth/login`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ login: user, password }),
        })
      ).json()) as { token: string }
    ).token;
    const deepPath = `/persons/${at.psnNo}`;
    /** One first visit, in a new browser context (nothing cached); logged in before it if `deep`. */
    const visit = async (deep: boolean) => {
      const { page, errors } = await open();
      if (deep)
        // the token where the login form keeps it, before the first load
        await page.addInitScript(
          `localStorage.setItem("yibao.token", ${JSON.stringify(token)}); localStorage.setItem("yibao.role", "agency")`,
        );
      await page.goto(`${base}${deep ? deepPath : "/"}`, { waitUntil: "commit" });
      const ms = deep ? await firstRender(page, "参保信息") : await firstRender(page, "#login", true);
      expect(errors, deep ? deepPath : "/").toEqual([]);
      await page.close();
      return ms;
    };
    // the median of 3 first visits each: one visit's figure on a shared machine is mostly noise
    const median = async (deep: boolean) => {
      const ms = [await visit(deep), await visit(deep), await visit(deep)].sort((a, b) => a - b);
      return { median: ms[1]!, all: ms };
    };
    const login = await median(false);
    const deep = await median(true);
    const load = loadavg()[0]!;
    const cores = availableParallelism();
    console.log(
      `first render (navigation start to main content, new context each, median of 3): login page ${login.median} ms (${login.all.join(", ")}), deep link ${deepPath} ${deep.median} ms (${deep.all.join(", ")}); load ${load.toFixed(2)} on ${cores} cores`,
    );
    // The 1 s goal is asserted on a machine that is not oversubscribed (load at most one per
    // core, as CI's). On a busier one (the shared 2-core machine this was written on, load 7-9)
    // the figures are printed above with a warning and only a page that takes over 4 s fails:
    // there even the old single 2.2 MB bundle rendered its login page in 1.2 s (median), so the
    // 1 s goal is then not checked by this test (docs/benchmarks.md has the figures).
    const limit = load <= cores ? 1000 : 4000;
    if (limit > 1000)
      console.warn(`the 1 s first render is not asserted at load ${load.toFixed(2)} on ${cores} cores`);
    expect(login.median, "login page").toBeLessThan(limit);
    expect(deep.median, deepPath).toBeLessThan(limit);
  });

  it("an operator finds a person by ID number, opens a settlement statement with the API's figures, enters a manual reimbursement", async () => {
    const { page, errors } = await open();
    const token = await loginAs(page, "agency");
    await page.goto(`${base}/persons`);
    await page.fill("#person-search", at.certno!);
    await page.keyboard.press("Enter");
    await page.getByRole("link", { name: at.psnNo! }).click();
    await page.getByText("参保信息").waitFor();
    expect(page.url()).toBe(`${base}/persons/${at.psnNo}`);
    const apiGet = async <T>(path: string) =>
      (await (
        await fetch(`${base}/api/v1${path}`, { headers: { authorization: `Bearer ${token}` } })
      ).json()) as T;
    const yuanText = (v: string) => v.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
    // the person page's figures are the API's, in yuan
    const person = await apiGet<{ accountBalance: string | null }>(`/persons/${at.psnNo}`);
    if (person.accountBalance !== null)
      await page.getByText(`¥ ${yuanText(person.accountBalance)}`, { exact: true }).waitFor();
    await shot(page, "person");
    await page.getByRole("tab", { name: "结算" }).click();
    const listed = await apiGet<{ items: Record<string, string>[] }>(`/settlements?psnNo=${at.psnNo}`);
    const item = listed.items.find((i) => i.setl_id === at.setlId)!;
    const row = page.getByRole("row").filter({ has: page.getByRole("link", { name: at.setlId! }) });
    const rowText = (await row.textContent()) ?? "";
    for (const k of ["medfee_sumamt", "fund_pay_sumamt", "psn_cash_pay"])
      expect(rowText, k).toContain(yuanText(item[k]!));
    await page.getByRole("link", { name: at.setlId! }).click();
    await page.getByText("费用明细").waitFor();
    const api = await apiGet<{ setlinfo: Record<string, string> }>(`/settlements/${at.setlId}`);
    const shown = await page.locator("[data-field]").allTextContents();
    for (const k of ["medfee_sumamt", "fund_pay_sumamt", "psn_cash_pay", "hifp_pay"])
      expect(shown, k).toContain(yuanText(api.setlinfo[k]!));
    await shot(page, "settlement-statement");

    await page.goto(`${base}/manual-reimbursements`);
    await page.fill("#manual-psnNo", at.psnNo!);
    await page.fill("#manual-issuer", "H11010800012");
    await page.fill("#manual-invoice", `E2E-${Date.now()}`);
    await page.fill("#manual-date", "2026-04-20");
    await page.fill("#manual-code-0", "XOUT");
    await page.fill("#manual-price-0", "120.00");
    await page.click("#manual-submit");
    await page.locator("#manual-result").waitFor();
    await shot(page, "manual-reimbursement");
    await page.locator("#manual-result a").click();
    await page.getByText("零星报销").first().waitFor();
    expect(errors).toEqual([]);
  });

  it("shows a liquidation's figures as the API answers them, with hospital names", async () => {
    const { page, errors } = await open();
    const token = await loginAs(page, "leader");
    await page.goto(`${base}/liquidations/${at.id}`);
    await page.locator("#run-payable").waitFor();
    const api = (await (
      await fetch(`${base}/api/v1/payment/liquidations/${at.id}/statements`, {
        headers: { authorization: `Bearer ${token}` },
      })
    ).json()) as { run: { payable: string }; statements: { fixmedins_name: string }[] };
    const payable = await page.locator("#run-payable").textContent();
    expect(payable?.replace(/[¥,\s]/g, "")).toBe(api.run.payable);
    await page.getByText(api.statements[0]!.fixmedins_name).first().waitFor();
    await shot(page, "liquidation");
    expect(errors).toEqual([]);
  });

  it("an insured person applies for an out-of-region filing on a phone; an operator approves it; the person sees it", async () => {
    const phone = await open(390, 844);
    const me = phone.page;
    await me.goto(`${base}/my`);
    await me.fill("#my-credential", at.certno!);
    await me.click("#my-send");
    await expect.poll(() => codes.length).toBeGreaterThan(0);
    await me.fill("#my-code", codes.at(-1)!);
    await me.click("#my-login");
    await me.getByText("年已用额度").waitFor();
    await shot(me, "my-home");
    // the e-voucher: the API's QR code, its expiry in Beijing time, a new one on refresh
    const issued = async (click: string) => {
      const [res] = await Promise.all([
        me.waitForResponse((r) => r.url().endsWith("/api/v1/selfservice/e-voucher")),
        me.click(click),
      ]);
      expect(res.status()).toBe(201);
      return (await res.json()) as { token: string; expiresAt: string; qrSvg: string };
    };
    const voucher = await issued("#my-evoucher");
    const qr = me.locator("#my-evoucher-qr");
    await qr.waitFor();
    expect(await qr.getAttribute("src")).toBe(
      `data:image/svg+xml;charset=utf-8,${encodeURIComponent(voucher.qrSvg)}`,
    );
    expect(await me.locator("#my-evoucher-expiry").textContent()).toBe(
      `有效至 ${displayTime(new Date(voucher.expiresAt))}`,
    );
    const left = Number((await me.locator("#my-evoucher-left").textContent())?.replace(/\D/g, ""));
    expect(left).toBeGreaterThan(240);
    expect(left).toBeLessThanOrEqual(300);
    await shot(me, "my-evoucher");
    const renewed = await issued("#my-evoucher-refresh");
    expect(renewed.token).not.toBe(voucher.token);
    await expect
      .poll(() => qr.getAttribute("src"))
      .toBe(`data:image/svg+xml;charset=utf-8,${encodeURIComponent(renewed.qrSvg)}`);
    await me.click("#my-apply");
    await me.fill("#my-treatmentRegion", "530400"); // Yuxi, the second region this deployment hosts
    await me.locator("#my-filingType").click();
    await me.getByText("承诺制备案（先备案，后补材料）").click();
    await me.fill("#my-validFrom", "2026-12-01");
    await me.keyboard.press("Escape"); // no list left open in the picture
    await shot(me, "my-apply");
    await me.click("#my-submit");
    await me.locator("#my-status").getByText("待审核").waitFor();
    const applicationUrl = me.url();
    const id = applicationUrl.split("/").pop()!;

    const desk = await open();
    await loginAs(desk.page, "agency");
    await desk.page.goto(`${base}/applications`);
    await desk.page.getByRole("link", { name: id, exact: true }).click();
    await desk.page.fill("#decision-note", "承诺制，材料后补");
    await desk.page.click("#approve");
    await desk.page.getByText("已通过").first().waitFor();
    await shot(desk.page, "application-approved");

    await me.reload();
    await me.locator("#my-status").getByText("已通过").waitFor();
    await me.getByText("请评价这次办理").waitFor();
    await shot(me, "my-application");
    expect(phone.errors).toEqual([]);
    expect(desk.errors).toEqual([]);
  });

  it("an auditor opens a case from the queue and sees the evidence lines; the hospital appeals; a supervisor decides a deduction", async () => {
    const auditor = await open();
    const token = await loginAs(auditor.page, "auditor");
    const detail = (await (
      await fetch(`${base}/api/v1/supervision/cases/${at.supCaseId}`, {
        headers: { authorization: `Bearer ${token}` },
      })
    ).json()) as {
      case: { amountAtIssue: string };
      findings: { evidence: string; lines: { feedetlSn: string; code: string; amount: string }[] }[];
    };
    const yuanText = (v: string) => v.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
    await auditor.page.goto(`${base}/supervision/cases`);
    await auditor.page.click("#cases-mine");
    await auditor.page.waitForURL(`${base}/supervision/cases?mine=true`);
    await auditor.page.getByRole("link", { name: at.supCaseNo! }).click();
    await auditor.page.getByText("办理过程").waitFor();
    expect(auditor.page.url()).toBe(`${base}/supervision/cases/${at.supCaseId}`);
    // the cited fee lines as the API gives them: line number, item code, amount in yuan
    const evidence = auditor.page.locator(".evidence-lines").first();
    const cited = detail.findings[0]!.lines;
    expect(cited.length).toBeGreaterThan(0);
    for (const l of cited) {
      const row = evidence.getByRole("row").filter({ hasText: l.code });
      await row.first().waitFor();
      expect(await row.first().textContent()).toContain(`¥ ${yuanText(l.amount)}`);
    }
    await auditor.page.getByText(detail.findings[0]!.evidence, { exact: false }).first().waitFor();
    await shot(auditor.page, "supervision-case");
    await auditor.page.fill("#case-note", "超限价收费属实，请机构说明");
    await auditor.page.click("#case-review");
    await auditor.page.locator("#case-status").getByText("待机构反馈").waitFor();

    const hospital = await open(390, 844); // the hospital answers on a phone
    await loginAs(hospital.page, "institution");
    await hospital.page.goto(`${base}/supervision/cases`);
    await hospital.page.getByRole("link", { name: at.supCaseNo! }).click();
    await hospital.page.locator("#case-answer-kind").getByText("申诉").click();
    await hospital.page.fill("#case-note", "价格经物价部门批准");
    await hospital.page.click("#case-answer");
    await hospital.page.locator("#case-status").getByText("待处理决定").waitFor();
    await shot(hospital.page, "supervision-case-appeal");

    const supervisor = await open();
    await loginAs(supervisor.page, "supervisor");
    await supervisor.page.goto(`${base}/supervision/cases/${at.supCaseId}`);
    await supervisor.page.locator("#case-amount").waitFor();
    expect(await supervisor.page.locator("#case-amount").inputValue()).toBe(detail.case.amountAtIssue);
    await supervisor.page.fill("#case-note", "申诉理由不成立，扣款");
    await supervisor.page.click("#case-decide");
    await supervisor.page.locator("#case-status").getByText("已扣款").waitFor();
    expect(await supervisor.page.locator("#case-deduction").textContent()).toBe(
      `¥ ${yuanText(detail.case.amountAtIssue)}`,
    );
    // every step in the history, with who took it
    const history = supervisor.page.locator("#case-history");
    for (const [step, who] of [
      ["立案 (opened)", "auditor"],
      ["审核 (reviewed)", "auditor"],
      ["申诉 (appealed)", "e2e.hospital"],
      ["扣款 (deducted)", "supervisor"],
    ])
      await history.getByRole("row").filter({ hasText: step }).filter({ hasText: who }).first().waitFor();
    await shot(supervisor.page, "supervision-case-decided");
    expect(auditor.errors).toEqual([]);
    expect(hospital.errors).toEqual([]);
    expect(supervisor.errors).toEqual([]);
  }, 120_000);

  it("a supervisor uploads a draft knowledge base, tries it on the test bench next to the published one, publishes it; an auditor registers a report (举报)", async () => {
    const { page, errors } = await open();
    const token = await loginAs(page, "supervisor");
    await page.goto(`${base}/supervision/rules`);
    await page.fill("#kb-label", "e2e draft");
    await page.setInputFiles(
      "#kb-files",
      Object.keys(kbTexts()).map((name) => join(KB_DIR, `${name}.csv`)),
    );
    // the files picked, by the contract's names
    await page.getByText(`文件: ${Object.keys(kbTexts()).sort().join(", ")} (`).waitFor();
    await page.click("#kb-upload");
    await page.getByText("草稿已保存").waitFor();
    await page.getByRole("link", { name: /· e2e draft$/ }).click();
    await page.locator("#kb-status").getByText("草稿").waitFor();
    const draftId = page.url().split("/").pop()!;
    await page.fill("#bench-from", "2026-02-01");
    await page.fill("#bench-to", "2026-03-31");
    await page.click("#bench-run");
    await page.locator("#bench-summary").waitFor();
    const trials = (await (
      await fetch(`${base}/api/v1/supervision/audit-jobs?kind=trial`, {
        headers: { authorization: `Bearer ${token}` },
      })
    ).json()) as { kbVersionId: string; findings: number }[];
    const mine = trials.find((j) => j.kbVersionId === draftId)!;
    const theirs = trials.find((j) => j.kbVersionId === at.kbId)!;
    expect(await page.locator("#bench-summary").textContent()).toContain(`${mine.findings} 条线索`);
    expect(await page.locator("#bench-summary").textContent()).toContain(
      `已发布版本 ${at.kbId}: ${theirs.findings} 条线索`,
    );
    // by rule, the draft's counts next to the published one's; sample findings below
    await page.locator("#bench-by-rule").getByText("GZ1000020303").first().waitFor();
    await page.getByText("线索样例").waitFor();
    await shot(page, "supervision-test-bench");
    await page.click("#kb-publish");
    await page.locator("#kb-status").getByText("已发布").waitFor();
    await page.goto(`${base}/supervision/rules`);
    await page.getByText("已停用").first().waitFor(); // the version before it, retired
    expect(errors).toEqual([]);

    const desk = await open();
    await loginAs(desk.page, "auditor");
    await desk.page.goto(`${base}/supervision/cases`);
    await desk.page.getByText("举报登记").click();
    await desk.page.fill("#report-institution", HOSPITAL);
    await desk.page.fill("#report-summary", "举报: 挂床住院");
    await desk.page.fill("#report-amount", "1200.50");
    await desk.page.click("#report-submit");
    await desk.page.getByText("办理过程").waitFor();
    await desk.page.getByText("举报 (report)").first().waitFor();
    await desk.page.getByText("¥ 1,200.50").first().waitFor();
    expect(desk.errors).toEqual([]);
  }, 120_000);
  // --- manual reimbursement review and payment (int) ---
  it("a second agency operator approves a manual reimbursement and records its payment", async () => {
    await createOperator(handle.db, SYSTEM_ACTOR, {
      login: "e2e.reviewer",
      displayName: "复核员",
      role: "agency",
      password: "yibao-e2e-reviewer",
      regionCode: "530100",
      fixmedinsCode: null,
    });
    const res = await fetch(`${base}/api/v1/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ login: "e2e.reviewer", password: "yibao-e2e-reviewer" }),
    });
    const { token } = (await res.json()) as { token: string };
    const { page, errors } = await open();
    await page.goto(`${base}/nothing-yet`);
    await page.evaluate(
      `localStorage.setItem("yibao.token", ${JSON.stringify(token)}); localStorage.setItem("yibao.role", "agency")`,
    );
    await page.goto(`${base}/manual-reimbursements`);
    const row = page
      .locator("tr.ant-table-row")
      .filter({ has: page.locator(".manual-approve") })
      .first();
    await row.waitFor();
    const setlId = (await row.locator("td").first().textContent())!;
    await row.locator(".manual-approve").click();
    const done = page.locator("tr.ant-table-row").filter({ hasText: setlId });
    await done.getByText("复核通过 · e2e.reviewer").waitFor();
    page.once("dialog", (d) => void d.accept("BANK-E2E-0001"));
    await done.locator(".manual-pay").click();
    await done.getByText("已支付 · BANK-E2E-0001").waitFor();
    await shot(page, "manual-review-paid");
    const steps = await handle.db
      .selectFrom("manual_reimbursement_steps as x")
      .innerJoin("manual_reimbursements as m", "m.id", "x.reimbursement_id")
      .innerJoin("settlements as s", "s.id", "m.settlement_id")
      .select(["x.step", "x.outcome", "x.operator_login"])
      .where("s.setl_id", "=", setlId)
      .orderBy("x.id")
      .execute();
    expect(steps).toEqual([
      { step: "review", outcome: "approved", operator_login: "e2e.reviewer" },
      { step: "payment", outcome: "paid", operator_login: "e2e.reviewer" },
    ]);
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);

  // --- a person's findings (int) ---
  it("shows an auditor the findings on a person's visits, on the person's page", async () => {
    const { page, errors } = await open();
    await loginAs(page, "auditor");
    const f = await handle.db
      .selectFrom("audit_findings as f")
      .innerJoin("visits as v", "v.mdtrt_id", "f.mdtrt_id")
      .innerJoin("persons as p", "p.id", "v.person_id")
      .select(["p.psn_no", "f.rule", "f.mdtrt_id"])
      .orderBy("f.id", "desc")
      .executeTakeFirstOrThrow();
    await page.goto(`${base}/persons/${f.psn_no}`);
    await page.getByRole("tab", { name: "违规线索" }).click();
    await page.getByRole("cell", { name: f.mdtrt_id }).first().waitFor();
    await page.getByRole("cell", { name: f.rule }).first().waitFor();
    await shot(page, "person-findings");
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);

  // --- server-side order (int) ---
  it("sorts the settlements on the server: a click on 时间 asks for the oldest first", async () => {
    const { page, errors } = await open();
    await loginAs(page, "agency");
    await page.goto(`${base}/settlements`);
    const firstCell = page.locator(".ant-table-tbody tr.ant-table-row").first().locator("td").first();
    await expect.poll(() => firstCell.textContent()).toMatch(/\S/);
    const newest = (await firstCell.textContent())!;
    const asked = page.waitForRequest(
      (r) => r.url().includes("/api/v1/settlements?") && r.url().includes("order=asc"),
    );
    await page.locator("th").filter({ hasText: "时间" }).click();
    await asked;
    await expect.poll(() => firstCell.textContent()).not.toBe(newest);
    const oldest = (await firstCell.textContent())!;
    const idOf = async (setlId: string) =>
      (
        await handle.db
          .selectFrom("settlements")
          .select("id")
          .where("setl_id", "=", setlId)
          .executeTakeFirstOrThrow()
      ).id;
    expect(await idOf(oldest)).toBeLessThan(await idOf(newest));
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);

  // --- service agreements (int) ---
  it("shows an institution's agreements; the agency's forms show the server's refusal on the field", async () => {
    const { page, errors } = await open();
    await loginAs(page, "agency");
    await page.goto(`${base}/institutions/${HOSPITAL}`);
    await page.getByText("服务协议").first().waitFor();
    const first = await handle.db
      .selectFrom("institution_agreements")
      .select("agreement_no")
      .where("institution_code", "=", HOSPITAL)
      .orderBy("id")
      .executeTakeFirstOrThrow();
    await page.getByRole("cell", { name: first.agreement_no }).waitFor();
    // renewing an open-ended agreement: the days overlap it, said on 开始日期
    await page.getByRole("button", { name: "签订 / 续签协议" }).click();
    await page.fill("#agreement-agreementNo", "XY-E2E-2030");
    await page.fill("#agreement-validFrom", "2030-01-01");
    await page.getByRole("button", { name: /OK|确\s*定/ }).click();
    await page.getByText("协议期限与该机构另一份有效协议重叠").waitFor();
    await shot(page, "institution-agreements");
    await page.getByRole("button", { name: /Cancel|取\s*消/ }).click();
    // terminating on a day outside the agreement: said on its field, nothing changed
    await page.getByRole("button", { name: "解除协议" }).click();
    await page.fill("#agreement-lastDay", "2000-01-01");
    await page.fill("#agreement-reason", "e2e");
    await page.getByRole("button", { name: /OK|确\s*定/ }).click();
    await page.getByText("日期先后顺序不正确").waitFor();
    await page.getByRole("button", { name: /Cancel|取\s*消/ }).click();
    const one = await handle.db.selectFrom("agreement_terminations").select("agreement_id").execute();
    expect(one).toEqual([]);
    // the two refusals asked for, and nothing else
    expect(errors.filter((e) => !/status of (400|409)/.test(e))).toEqual([]);
    expect(errors).toHaveLength(2);
    await page.close();
  }, 60_000);

  // --- contributions (s17-contrib) ---
  it("an agency operator runs an assessment on the contributions page, records a payment for one assessed person, sees it leave the arrears, reverses it with a reason and sees it back", async () => {
    const { page, errors } = await open();
    const token = await loginAs(page, "agency");
    const apiCall = async <T>(path: string, init: RequestInit = {}) => {
      const res = await fetch(`${base}/api/v1${path}`, {
        ...init,
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      });
      expect(res.status, `${path}: ${res.status}`).toBeLessThan(300);
      return (await res.json()) as T;
    };
    const fen = (v: string) => BigInt(v.replace(".", ""));
    const yuanOf = (f: bigint) => `${f / 100n}.${String(f % 100n).padStart(2, "0")}`;
    const yuanText = (v: string) => v.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
    // an employer with active employees, and their county (the assessment's region)
    const staff = await handle.db
      .selectFrom("enrolments as e")
      .innerJoin("employers as m", "m.id", "e.employer_id")
      .select(["m.uscc", "e.region_code"])
      .where("e.insutype", "=", "310")
      .where("e.psn_type", "=", "1101") // in work: a retiree is assessed nothing
      .where("e.status", "=", "active")
      .orderBy("m.id")
      .executeTakeFirstOrThrow();
    await page.goto(`${base}/contributions?region=${staff.region_code}`);
    await page.locator("#params-words").getByText("8.50%").waitFor(); // the demo's employer rate
    await shot(page, "contributions-params");
    // next year's from this year's: a rate with 5 decimals is refused by the server, on its field
    // the page's years are the browser's (Beijing) year and the ones around it
    const thisYear = Number(displayTime(new Date()).slice(0, 4));
    const nextYear = thisYear + 1;
    const current = await apiCall<{ averageMonthlyWage: string }>(
      `/contributions/params/${staff.region_code}/${thisYear}`,
    );
    await page.click("#params-next");
    expect(await page.locator("#params-averageMonthlyWage").inputValue()).toBe(current.averageMonthlyWage);
    await page.fill("#params-employerRate", "0.08505");
    await page.click("#params-save");
    await page.getByText("数字格式不正确或小数位数过多").waitFor();
    await shot(page, "contributions-params-refused");
    await page.fill("#params-employerRate", "0.0900");
    await page.click("#params-save");
    await page.locator("#params-words").getByText("9.00%").waitFor();
    // the demo assesses every month of its year: the month assessed here is next year's first,
    // under the parameters just saved
    const period = `${nextYear}-01`;
    const next = await apiCall<{ employerRate: string; averageMonthlyWage: string }>(
      `/contributions/params/${staff.region_code}/${nextYear}`,
    );
    expect(next).toMatchObject({ employerRate: "0.0900", averageMonthlyWage: current.averageMonthlyWage });

    await page.getByRole("tab", { name: "缴费核定" }).click();
    await page.fill("#assess-period", period);
    await page.fill("#assess-employer", staff.uscc);
    await page.click("#assess-run");
    await page.locator("#assess-result").waitFor();
    type Assessed = { assessmentId: string; psnNo: string; owed: string };
    const assessed = await apiCall<{ items: Assessed[] }>(
      `/contributions/assessments?employerUscc=${staff.uscc}&period=${period}`,
    );
    expect(assessed.items.length).toBeGreaterThan(0);
    expect(await page.locator("#assess-result").textContent()).toContain(
      `已核定 ${assessed.items.length} 人`,
    );
    // the first that owes (the employer's retirees are assessed nothing)
    const one = assessed.items.find((i) => fen(i.owed) > 0n)!;
    expect(one, "an assessed employee who owes").toBeDefined();
    const row = page.getByRole("row").filter({ hasText: one.psnNo }).filter({ hasText: one.assessmentId });
    await row.locator(".assessment-pay").click();
    await page
      .locator("#pay-owed")
      .getByText(`¥ ${yuanText(one.owed)}`)
      .waitFor();
    // more than is owed: refused here, before any request
    await page.fill("#pay-amount", yuanOf(fen(one.owed) + 1n));
    await page.click("#pay-submit");
    await page.getByText(`最多只欠缴 ${one.owed} 元`).waitFor();
    // paid 1.00 elsewhere meanwhile: what the page still thinks is owed is refused by the server
    const elsewhere = await apiCall<{ paymentId: string }>("/contributions/payments", {
      method: "POST",
      body: JSON.stringify({
        assessmentId: one.assessmentId,
        amount: "1.00",
        channel: "bank",
        paidOn: `${period}-10`,
      }),
    });
    await page.fill("#pay-amount", one.owed);
    await page.fill("#pay-reference", "E2E-柜台");
    await page.click("#pay-submit");
    await page.getByText(`缴费金额超过欠缴金额: 最多只欠缴 ${yuanOf(fen(one.owed) - 100n)} 元`).waitFor();
    await shot(page, "contributions-pay-refused");
    await apiCall(`/contributions/payments/${elsewhere.paymentId}/reverse`, {
      method: "POST",
      body: JSON.stringify({ reason: "e2e: the other channel's payment undone" }),
    });
    await page.click("#pay-submit");
    await page.locator("#pay-done").waitFor();
    expect(await page.locator("#pay-done").textContent()).toContain(
      `已登记缴费 ${one.owed} 元，尚欠 0.00 元`,
    );
    await page.click("#pay-close");

    /** The arrears tab, filtered on the employer, once the list and its totals are the API's. */
    type Arrear = { assessmentId: string };
    const arrears = async () => {
      await page.getByRole("tab", { name: "欠费" }).click();
      await page.fill("#arrears-employer", staff.uscc);
      await page.click("#arrears-employer-apply");
      const api = await apiCall<{ items: Arrear[]; totals: { count: number; owed: string } }>(
        `/contributions/arrears?regionCode=${staff.region_code}&employerUscc=${staff.uscc}&limit=50`,
      );
      await page
        .locator("#arrears-totals")
        .getByText(`共 ${api.totals.count} 笔，欠缴合计 ${yuanText(api.totals.owed)} 元`)
        .waitFor();
      const shown = page.getByRole("cell", { name: one.assessmentId, exact: true });
      const listed = api.items.some((i) => i.assessmentId === one.assessmentId);
      if (listed) await shown.waitFor();
      else {
        // the table is loaded when another of the API's rows (or the empty list) shows
        const other = api.items[0];
        if (other) await page.getByRole("cell", { name: other.assessmentId, exact: true }).waitFor();
        else await page.locator(".ant-empty").first().waitFor();
      }
      expect(await shown.count()).toBe(listed ? 1 : 0);
      return listed;
    };
    expect(await arrears()).toBe(false);
    await shot(page, "contributions-arrears");

    await page.getByRole("tab", { name: "缴费到账" }).click();
    await page.fill("#payments-psn", one.psnNo);
    await page.click("#payments-psn-apply");
    const payments = await apiCall<{
      items: { paymentId: string; amount: string; reversedBy: string | null }[];
    }>(`/contributions/payments?assessmentId=${one.assessmentId}`);
    const mine = payments.items.find((p) => p.amount === one.owed && p.reversedBy === null)!;
    const paymentRow = page
      .getByRole("row")
      .filter({ has: page.getByRole("cell", { name: mine.paymentId, exact: true }) });
    await paymentRow.locator(".payment-reverse").click();
    await page
      .locator("#payment-reverse-confirm")
      .getByText(`${yuanText(one.owed)} 元`)
      .waitFor();
    expect(await page.locator("#payment-reverse-ok").isDisabled()).toBe(true); // no reason yet
    await page.fill("#payment-reverse-reason", "银行重复入账，冲正");
    await shot(page, "contributions-reverse");
    await page.click("#payment-reverse-ok");
    await paymentRow.getByText("已冲正").waitFor();
    const after = await apiCall<{ items: { reverses: string | null; reference: string | null }[] }>(
      `/contributions/payments?assessmentId=${one.assessmentId}`,
    );
    expect(
      after.items.some((p) => p.reverses === mine.paymentId && p.reference === "银行重复入账，冲正"),
    ).toBe(true);
    expect(await arrears()).toBe(true);
    await shot(page, "contributions-arrears-back");
    // the employer's page has its arrears too, the reversed one among them
    await page.goto(`${base}/employers/${staff.uscc}`);
    await page.getByRole("tab", { name: "欠费" }).click();
    await page.getByRole("cell", { name: one.assessmentId, exact: true }).waitFor();
    await page
      .locator("#arrears-totals")
      .getByText(/^共 \d+ 笔，欠缴合计 [\d,]+\.\d{2} 元$/)
      .waitFor();
    // the refusals above are answers the page expected (400, 409), logged by the browser as such
    expect(errors.filter((e) => !/status of (400|409)/.test(e))).toEqual([]);
  }, 120_000);

  // --- registry forms (s17-enrol) ---
  /** An ID number nobody in the database has yet (the demo's are random over the counties). */
  const unusedCertno = async (birth: string) => {
    for (let seq = 1; ; seq++) {
      const certno = makeCertno("530102", birth, seq);
      const taken = await handle.db
        .selectFrom("persons")
        .select("id")
        .where("certno", "=", certno)
        .executeTakeFirst();
      if (!taken) return certno;
    }
  };
  /** The browser logs the refusals a test asks for as resource errors: those statuses only are expected. */
  const unexpected = (errors: string[], ...statuses: number[]) =>
    errors.filter(
      (e) =>
        !statuses.some(
          (s) =>
            e ===
            `Failed to load resource: the server responded with a status of ${s} (${s === 400 ? "Bad Request" : "Conflict"})`,
        ),
    );
  /** The error antd shows under a form field (its input's id). */
  const fieldError = (page: Page, id: string) =>
    page.locator(`.ant-form-item:has(#${id}) .ant-form-item-explain-error`);

  it("the agency enrols a person: a client-side and a server refusal on their fields, then the person's page", async () => {
    const { page, errors } = await open();
    await loginAs(page, "agency");
    await page.goto(`${base}/persons`);
    await page.click("#enrol-open");
    const fresh = await unusedCertno("19770707");
    // a wrong check digit: core's check, in the browser, on the field
    await page.fill("#enrol_certno", fresh.slice(0, 17) + (fresh[17] === "1" ? "2" : "1"));
    await page.fill("#enrol_name", "参保测试");
    await page.fill("#enrol_phone", "13900001111");
    await page.fill("#enrol_regionCode", "530100");
    await page.keyboard.press("Tab"); // the region's suggestions close
    await page.fill("#enrol_startDate", "2026-05-01");
    await page.click("#enrol-submit");
    await expect.poll(() => fieldError(page, "enrol_certno").textContent()).toBe("身份证号校验码不正确");
    // a registered ID number passes the browser's check; the server refuses it, shown on the field
    await page.fill("#enrol_certno", at.certno!);
    await page.click("#enrol-submit");
    await expect.poll(() => fieldError(page, "enrol_certno").textContent()).toBe("该身份证号已登记");
    expect(page.url()).toBe(`${base}/persons`);
    await shot(page, "enrol-person-refused");
    await page.fill("#enrol_certno", fresh);
    // gender and birth date, from the ID number (an odd 17th digit: male)
    await page
      .locator("#enrol-derived")
      .getByText(`${Number(fresh[16]) % 2 === 1 ? "男" : "女"}`)
      .waitFor();
    expect(await page.locator("#enrol-derived").textContent()).toContain("· 1977-07-07");
    await page.click("#enrol-submit");
    await page.waitForURL(/\/persons\/[^/]+$/);
    await page.getByText("参保信息").waitFor();
    const person = await handle.db
      .selectFrom("persons")
      .innerJoin("enrolments", "enrolments.person_id", "persons.id")
      .select(["persons.psn_no", "enrolments.insutype", "enrolments.psn_type"])
      .where("persons.certno", "=", fresh)
      .executeTakeFirstOrThrow();
    expect(page.url()).toBe(`${base}/persons/${person.psn_no}`);
    expect(person).toMatchObject({ insutype: "390", psn_type: "1501" });
    await page.getByText("城乡居民基本医疗保险").first().waitFor();
    await shot(page, "enrol-person-done");
    expect(unexpected(errors, 409)).toEqual([]); // the registered ID number's refusal
  }, 120_000);

  it("the agency uploads a persons file with a bad row (the row's error, the report as CSV), then a good one", async () => {
    const { page, errors } = await open();
    await loginAs(page, "agency");
    const dir = join(tmpdir(), `yibao-e2e-import-${process.pid}`);
    mkdirSync(dir, { recursive: true });
    const [a, b] = [await unusedCertno("19660606"), makeCertno("530102", "19660606", 999)];
    const bad = b.slice(0, 17) + (b[17] === "1" ? "2" : "1");
    const header = "certno,name,region_code,insutype,psn_type,start_date";
    const refusedFile = join(dir, "persons-bad.csv");
    writeFileSync(
      refusedFile,
      `${header}\n${a},导入甲,530100,390,1501,2026-05-01\n${bad},导入乙,530100,,,\n`,
    );
    await page.goto(`${base}/imports`);
    await page.locator("#import-header").getByText("certno,name,region_code").waitFor();
    await page.setInputFiles("#import-file", refusedFile);
    await page.click("#import-upload");
    await page.locator("#import-refused").waitFor();
    const row = page.locator("#import-errors tbody tr").first();
    await expect.poll(() => row.textContent()).toBe("3certnoREG_CERTNO_CHECKSUM身份证号校验码不正确");
    await shot(page, "import-refused");
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.click("#import-errors-download"),
    ]);
    const report = readFileSync((await download.path())!, "utf8");
    expect(
      report
        .replace(/^\uFEFF/, "")
        .trim()
        .split("\n"),
    ).toEqual(["行号,字段,编码,错误说明", "3,certno,REG_CERTNO_CHECKSUM,身份证号校验码不正确"]);
    // nothing of the refused file was imported
    expect(await handle.db.selectFrom("persons").select("id").where("certno", "=", a).execute()).toEqual([]);

    const goodFile = join(dir, "persons-good.csv");
    writeFileSync(goodFile, `${header}\n${a},导入甲,530100,390,1501,2026-05-01\n`);
    await page.setInputFiles("#import-file", goodFile);
    await page.click("#import-upload");
    await expect
      .poll(() => page.locator("#import-result").textContent())
      .toBe("persons-good.csv: 导入成功行数 1 / 1");
    // both files in the history, newest first
    await page.getByRole("row").filter({ hasText: "persons-good.csv" }).getByText("已导入").first().waitFor();
    await page.getByRole("row").filter({ hasText: "persons-bad.csv" }).getByText("未通过").waitFor();
    await shot(page, "import-accepted");
    expect(await handle.db.selectFrom("persons").select("name").where("certno", "=", a).execute()).toEqual([
      { name: "导入甲" },
    ]);
    // the catalogue's own import from the same page: a bad class refused by row, then the entry in force
    await page.locator("#import-kind").getByText("目录条目").click();
    await page.locator("#import-header").getByText("code,name,kind,chrgitm_type,class").waitFor();
    const catHeader = "code,name,kind,chrgitm_type,class,self_pay_ratio,price_cap,valid_from";
    const catBad = join(dir, "catalogue-bad.csv");
    writeFileSync(catBad, `${catHeader}\nXME2E0000001,导入项目,service,05,D,,12.00,2026-01-01\n`);
    await page.setInputFiles("#import-file", catBad);
    await page.click("#import-upload");
    await page.locator("#import-refused").waitFor();
    await expect.poll(() => page.locator("#import-errors tbody tr").first().textContent()).toMatch(/^2class/);
    const catGood = join(dir, "catalogue-good.csv");
    writeFileSync(catGood, `${catHeader}\nXME2E0000001,导入项目,service,05,A,,12.00,2026-01-01\n`);
    await page.setInputFiles("#import-file", catGood);
    await page.click("#import-upload");
    await expect
      .poll(() => page.locator("#import-result").textContent())
      .toBe("catalogue-good.csv: 导入成功行数 1 / 1");
    const entry = await handle.db
      .selectFrom("catalogue_entries")
      .select(["name", "class"])
      .where("code", "=", "XME2E0000001")
      .execute();
    expect(entry).toEqual([{ name: "导入项目", class: "A" }]);
    expect(unexpected(errors, 400)).toEqual([]); // the refused files' answers
  }, 120_000);
  it("the agency registers an employer in English: the check character in the browser, the server's refusal on its field", async () => {
    const { page, errors } = await open();
    await loginAs(page, "agency");
    await page.goto(`${base}/employers`);
    await page.getByText("EN", { exact: true }).click();
    await page.click("#employer-open");
    let serial = 900_001;
    while (
      await handle.db
        .selectFrom("employers")
        .select("id")
        .where("uscc", "=", makeUscc("530100", serial))
        .executeTakeFirst()
    )
      serial++;
    const uscc = makeUscc("530100", serial);
    await page.fill("#employer_uscc", uscc.slice(0, 17) + (uscc[17] === "1" ? "2" : "1"));
    await page.fill("#employer_name", "注册测试有限公司");
    await page.fill("#employer_regionCode", "530100");
    await page.keyboard.press("Tab"); // the region's suggestions close
    await page.click("#employer-submit");
    await expect
      .poll(() => fieldError(page, "employer_uscc").textContent())
      .toBe("uscc fails the GB 32100 check character");
    await page.fill("#employer_uscc", at.uscc!);
    await page.click("#employer-submit");
    await expect
      .poll(() => fieldError(page, "employer_uscc").textContent())
      // an all-digit credit code looks like an ID number to the messages' masking, which hides it as one
      .toBe(`Employer ${maskText(at.uscc!)} is already registered`);
    await shot(page, "employer-refused-en");
    await page.fill("#employer_uscc", uscc);
    await page.click("#employer-submit");
    await page.waitForURL(`${base}/employers/${uscc}`);
    await page.getByText("注册测试有限公司").first().waitFor();
    expect(unexpected(errors, 409)).toEqual([]); // the registered code's refusal
  }, 120_000);
});
