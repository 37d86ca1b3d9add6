import type { FastifyPluginAsync } from "fastify";

/** Routes of this feature; registered by http/app.ts. */
export const catalogueRoutes: FastifyPluginAsync = async (_app) => {};
