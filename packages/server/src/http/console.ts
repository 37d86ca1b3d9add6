import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import fastifyStatic from "@fastify/static";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";

export const CONSOLE_DIST = join(dirname(fileURLToPath(import.meta.url)), "../../../web/dist");

/** Hashed build files (assets/name-hash.js): their content never changes under their name. */
const HASHED = /[\\/]assets[\\/][^\\/]+-[A-Za-z0-9_-]{8}\.[a-z]+(\.(gz|br))?$/;
export const IMMUTABLE = "public, max-age=31536000, immutable";

/**
 * Serves the built console (packages/web/dist) at "/" when it has been built: the .br or .gz the
 * build wrote next to each file when the browser accepts it (vite.config.ts, no compression per
 * request), hashed files cached for a year (immutable), everything else (index.html) revalidated
 * on every load (no-cache), so a new build is seen at once.
 */
export async function registerConsole(app: FastifyInstance, root = CONSOLE_DIST): Promise<boolean> {
  if (!existsSync(join(root, "index.html"))) return false;
  await app.register(fastifyStatic, {
    root,
    prefix: "/",
    wildcard: false,
    preCompressed: true,
    setHeaders: (reply, path) => {
      void reply.header("cache-control", HASHED.test(path) ? IMMUTABLE : "no-cache");
    },
  });
  consoleServed.add(app);
  return true;
}

const consoleServed = new WeakSet<object>();
/** Paths the console never owns: their unknown URLs keep the JSON 404. */
const NOT_CONSOLE = /^\/(api|fsi|docs)(\/|$)/;

/**
 * Deep links of the console (/persons/5301..., /my/apply): a GET of any other path from a browser
 * (it accepts text/html) is the console's index.html, whose router shows the page. Answered from
 * the 404 handler, so real files and routes come first. Returns whether it answered.
 */
export function consolePage(app: FastifyInstance, request: FastifyRequest, reply: FastifyReply): boolean {
  if (!consoleServed.has(app) || (request.method !== "GET" && request.method !== "HEAD")) return false;
  const path = request.url.split("?")[0]!;
  if (NOT_CONSOLE.test(path) || !String(request.headers.accept ?? "").includes("text/html")) return false;
  void reply.header("cache-control", "no-cache").sendFile("index.html");
  return true;
}
