import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import fastifyStatic from "@fastify/static";
import type { FastifyInstance } from "fastify";

export const CONSOLE_DIST = join(dirname(fileURLToPath(import.meta.url)), "../../../web/dist");

/** Serves the built console (packages/web/dist) at "/" when it has been built. */
export async function registerConsole(app: FastifyInstance): Promise<boolean> {
  if (!existsSync(join(CONSOLE_DIST, "index.html"))) return false;
  await app.register(fastifyStatic, { root: CONSOLE_DIST, prefix: "/", wildcard: false });
  return true;
}
