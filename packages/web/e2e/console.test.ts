import { existsSync, mkdirSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Browser, chromium } from "playwright-core";
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
import { testConfig } from "../../server/src/config.ts";
import { systemClock } from "../../server/src/clock.ts";

/**
 * The console as a person uses it: Debian's Chromium, driven by playwright-core, against the real
 * server on the demo region. CI installs chromium; locally the test is skipped without it.
 */
const settings = testConfig();
const CHROMIUM = settings.chromium;
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium && settings.ci) throw new Error(`CI needs Chromium at ${CHROMIUM}`);
// Say so in the run's output when the test cannot run here (README: how to run it).
if (!haveChromium)
  console.warn(
    `SKIPPED: the console test in a browser: no Chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`,
  );

describe.skipIf(!haveChromium)("console", () => {
  let browser: Browser;
  let base: string;
  let close: () => Promise<void>;
  let handle: DbHandle;
  let accessKey: string;

  beforeAll(async () => {
    expect(existsSync(`${CONSOLE_DIST}/index.html`), "run npm run build first").toBe(true);
    handle = await openDb({});
    await migrateToLatest(handle.db);
    await seedDemoIfEmpty(handle.db, () => {});
    const app = await buildApp({
      db: handle.db,
      engine: handle.engine,
      now: systemClock,
      settlement: serverContext(),
    });
    // a gateway key of the first hospital, used once: the institutions page shows it masked
    const key = await issueKey(handle.db, app.deps.gateway.secrets, SYSTEM_ACTOR, "H53010000001");
    accessKey = key.accessKey;
    // midday in UTC: 1 May 2026 in any browser time zone from UTC-10 to UTC+13
    app.deps.gateway.lastUse.touch(key.id, new Date("2026-05-01T10:00:00Z"));
    await app.deps.gateway.lastUse.flush();
    await app.listen({ port: 0, host: "127.0.0.1" });
    base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
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
    close = async () => {
      await browser.close();
      await app.close();
      await handle.close();
    };
  });
  afterAll(async () => close?.());

  it("logs in and shows the overview in Chinese, then in English", async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(base + "/");
    await page.fill("#login", "admin");
    await page.fill("#password", "wrong-password");
    await page.getByRole("button", { name: /登\s*录/ }).click();
    await expect.poll(() => page.getByText("登录失败").count()).toBeGreaterThan(0);
    await page.fill("#password", "yibao-demo-admin");
    await page.getByRole("button", { name: /登\s*录/ }).click();
    await page.getByText("参保人数").waitFor();
    // SCREENSHOT_DIR=docs/screenshots refreshes the README's pictures.
    const dir = settings.screenshotDir ?? tmpdir();
    mkdirSync(dir, { recursive: true });
    await page.screenshot({ path: join(dir, "overview.png") });
    await page.getByText("EN", { exact: true }).click();
    await page.getByText("Insured persons").waitFor();
    await page.getByText("Audit log").click();
    // The demo region was loaded by the system account: its writes are in the log.
    await page.getByRole("cell", { name: "system" }).first().waitFor();

    // Institutions with their gateway keys, masked, and the key's last use
    await page.getByText("Institutions", { exact: true }).click();
    const masked = `${accessKey.slice(0, 7)}****${accessKey.slice(-4)}`;
    await page.getByText(masked).waitFor();
    expect(await page.getByText(accessKey).count()).toBe(0);
    expect(await page.getByText("Last used: 2026/5/1").count()).toBe(1);

    // The demo's February clearing statement between Kunming and Yuxi (docs/regions.md)
    await page.getByText("Clearing", { exact: true }).click();
    await page.getByRole("cell", { name: "530100 / 530400" }).waitFor();
    expect(await page.getByRole("button", { name: "Confirm" }).count()).toBe(1);

    // The session ends behind the console's back: the next call goes back to the login page
    await handle.db.deleteFrom("sessions").execute();
    await page.getByText("Persons", { exact: true }).click();
    await page.getByText("Your session has ended. Please log in again.").waitFor();
    expect(await page.locator("#login").count()).toBe(1);
  });
});
