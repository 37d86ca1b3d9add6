import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import fastifyStatic from "@fastify/static";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";

export const CONSOLE_DIST = join(dirname(fileURLToPath(import.meta.url)), "../../../web/dist");

/** Serves the built console (packages/web/dist) at "/" when it has been built. */
export async function registerConsole(app: FastifyInstance): Promise<boolean> {
  if (!existsSync(join(CONSOLE_DIST, "index.html"))) return false;
  await app.register(fastifyStatic, { root: CONSOLE_DIST, prefix: "/", wildcard: false });
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
