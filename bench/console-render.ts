/**
 * First render of the console's login page in Debian's Chromium, N times (default 10), each in a
 * new browser context (nothing cached): from navigation start (the performance API's time origin)
 * to the login form in the page, as the browser test (packages/web/e2e/console.test.ts) measures
 * it; the script and style bytes sent, and the load average next to each run (the machine may be
 * shared). Needs `npm run build` first; a fresh in-memory database, no demo data. With a second
 * argument, the built console in that folder instead (e.g. an older build, to compare), served as
 * the server serves its own (http/console.ts) by a bare Fastify.
 *   npm run build && npx tsx bench/console-render.ts 10
 *   npx tsx bench/console-render.ts 10 /tmp/old-dist
 */
import type { AddressInfo } from "node:net";
import { loadavg } from "node:os";
import { chromium } from "playwright-core";
import { systemClock } from "../packages/server/src/clock.ts";
import { testConfig } from "../packages/server/src/config.ts";
import { openDb } from "../packages/server/src/db/database.ts";
import { migrateToLatest } from "../packages/server/src/db/migrate.ts";
import { serverContext } from "../packages/server/src/features/settlement/context.ts";
import { buildApp } from "../packages/server/src/http/app.ts";
import { consolePage, registerConsole } from "../packages/server/src/http/console.ts";
import Fastify, { type FastifyInstance } from "fastify";

const runs = Number(process.argv[2] ?? 10);
const dist = process.argv[3];
const handle = await openDb({});
let app: FastifyInstance;
if (dist) {
  const bare = Fastify();
  if (!(await registerConsole(bare, dist))) throw new Error(`no index.html in ${dist}`);
  bare.setNotFoundHandler((request, reply) => {
    if (!consolePage(bare, request, reply)) void reply.status(404).send();
  });
  app = bare;
} else {
  await migrateToLatest(handle.db);
  app = await buildApp({
    db: handle.db,
    engine: handle.engine,
    now: systemClock,
    settlement: serverContext(),
  });
}
await app.listen({ port: 0, host: "127.0.0.1" });
const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
const browser = await chromium.launch({
  executablePath: testConfig().chromium,
  args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
});
// one page first: the browser's own start is not the console's
const warm = await browser.newPage();
await warm.goto(`${base}/`);
await warm.close();
const times: number[] = [];
for (let i = 0; i < runs; i++) {
  const page = await browser.newPage({ viewport: { width: 1366, height: 800 } });
  await page.goto(`${base}/`, { waitUntil: "commit" });
  const h = await page.waitForFunction(
    `document.querySelector("#login") ? performance.now() : false`,
    undefined,
    {
      polling: "raf",
    },
  );
  const ms = Math.round((await h.jsonValue()) as number);
  const sent = (await page.evaluate(
    `performance.getEntriesByType("resource").reduce((n, e) => n + e.transferSize, 0)`,
  )) as number;
  times.push(ms);
  console.log(
    `run ${i + 1}: ${ms} ms, ${Math.round(sent / 1024)} KiB sent, load ${loadavg()[0]!.toFixed(2)}`,
  );
  await page.close();
}
times.sort((a, b) => a - b);
console.log(
  `login page first render over ${runs} runs: median ${times[Math.floor(runs / 2)]} ms, max ${times.at(-1)} ms`,
);
await browser.close();
await app.close();
await handle.close();
