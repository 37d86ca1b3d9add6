import type { FastifyPluginAsync } from "fastify";

/** Routes of this feature; registered by http/app.ts. */
export const paymentRoutes: FastifyPluginAsync = async (_app) => {};
