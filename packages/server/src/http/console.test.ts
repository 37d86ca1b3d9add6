import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from "node:zlib";
import Fastify, { type FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { IMMUTABLE, consolePage, registerConsole } from "./console.ts";

/**
 * How the console's files are sent: the .br or .gz the build wrote when the browser takes it,
 * hashed files cached for good, index.html (also for deep links) revalidated each time. A build
 * of our own in a temporary folder, so the test needs no `npm run build`.
 */
describe("the console's files", () => {
  let dir: string;
  let app: FastifyInstance;
  const script = `console.log(${JSON.stringify("医保".repeat(800))});\n`;
  const html = `<!doctype html><html><head><script src="/assets/index-AbC_d-12.js"></script></head><body>${"<!-- -->".repeat(200)}</body></html>`;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "yibao-console-"));
    mkdirSync(join(dir, "assets"));
    for (const [name, body] of [
      ["index.html", html],
      ["assets/index-AbC_d-12.js", script],
    ] as const) {
      writeFileSync(join(dir, name), body);
      writeFileSync(join(dir, `${name}.gz`), gzipSync(body));
      writeFileSync(join(dir, `${name}.br`), brotliCompressSync(body));
    }
    writeFileSync(join(dir, "assets/small-Xy12Zw34.css"), "body{margin:0}"); // too small to compress
    app = Fastify();
    expect(await registerConsole(app, dir)).toBe(true);
    app.setNotFoundHandler((request, reply) => {
      if (!consolePage(app, request, reply)) void reply.status(404).send({ code: "NOT_FOUND" });
    });
    await app.ready();
  });
  afterAll(async () => {
    await app?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const get = (url: string, headers: Record<string, string> = {}) =>
    app.inject({ method: "GET", url, headers });

  it("sends brotli to a browser that takes it, gzip to one that takes only gzip, the file itself to others", async () => {
    const br = await get("/assets/index-AbC_d-12.js", { "accept-encoding": "gzip, deflate, br" });
    expect(br.statusCode).toBe(200);
    expect(br.headers["content-encoding"]).toBe("br");
    expect(br.headers["content-type"]).toMatch(/javascript/);
    expect(br.headers.vary).toMatch(/accept-encoding/i);
    expect(brotliDecompressSync(br.rawPayload).toString()).toBe(script);
    expect(br.rawPayload.length).toBeLessThan(Buffer.byteLength(script) / 4);

    const gz = await get("/assets/index-AbC_d-12.js", { "accept-encoding": "gzip" });
    expect(gz.headers["content-encoding"]).toBe("gzip");
    expect(gunzipSync(gz.rawPayload).toString()).toBe(script);

    const plain = await get("/assets/index-AbC_d-12.js", { "accept-encoding": "identity" });
    expect(plain.headers["content-encoding"]).toBeUndefined();
    expect(plain.body).toBe(script);
  });

  it("caches hashed files for a year as immutable, compressed or not", async () => {
    for (const enc of ["br", "gzip", "identity"])
      expect(
        (await get("/assets/index-AbC_d-12.js", { "accept-encoding": enc })).headers["cache-control"],
        enc,
      ).toBe(IMMUTABLE);
    const css = await get("/assets/small-Xy12Zw34.css", { "accept-encoding": "br" });
    expect(css.statusCode).toBe(200);
    expect(css.headers["content-encoding"]).toBeUndefined();
    expect(css.headers["cache-control"]).toBe(IMMUTABLE);
  });

  it("revalidates index.html on every load, at / and at a deep link, and sends it compressed", async () => {
    for (const url of ["/", "/index.html", "/persons/53010000000000000001"]) {
      const res = await get(url, { accept: "text/html", "accept-encoding": "br" });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers["cache-control"], url).toBe("no-cache");
      expect(res.headers["content-encoding"], url).toBe("br");
      expect(brotliDecompressSync(res.rawPayload).toString(), url).toBe(html);
    }
    // not a browser asking for a page: the 404 stays
    expect((await get("/persons/1", { accept: "application/json" })).statusCode).toBe(404);
  });
});
