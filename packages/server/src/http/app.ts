import swagger from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import { maskText } from "@yibao/core/pii";
import Fastify, { type FastifyInstance, type FastifyServerOptions } from "fastify";
import { errorBody, httpStatusOf, toYibaoError } from "../errors/http-errors.ts";
import { catalogueRoutes } from "../features/catalogue/catalogue.routes.ts";
import { contributionRoutes } from "../features/contributions/contribution.routes.ts";
import { keyRoutes } from "../features/nhsa/keys.routes.ts";
import { nhsaRoutes } from "../features/nhsa/nhsa.routes.ts";
import { paymentRoutes } from "../features/payment/payment.routes.ts";
import { actorFromToken } from "../features/platform/session.service.ts";
import { platformRoutes } from "../features/platform/platform.routes.ts";
import { registryRoutes } from "../features/registry/registry.routes.ts";
import { settlementRoutes } from "../features/settlement/settlement.routes.ts";
import { gatewayContext } from "../features/nhsa/gateway-context.ts";
import { loginPolicy } from "../features/platform/login-policy.ts";
import { registerConsole } from "./console.ts";
import type { AppDeps, AppDepsInput } from "./context.ts";
import { installRouteGuards } from "./route-guard.ts";

export interface AppOptions {
  logger?: FastifyServerOptions["logger"];
}

/** Log serialisers that keep ID numbers and phones out of the logs (个人信息保护). */
export const safeLogger = {
  level: process.env.LOG_LEVEL ?? "info",
  serializers: {
    req: (req: { method: string; url: string; id: string }) => ({
      method: req.method,
      url: maskText(req.url),
      id: req.id,
    }),
  },
};

export async function buildApp(input: AppDepsInput, options: AppOptions = {}): Promise<FastifyInstance> {
  const deps: AppDeps = {
    ...input,
    gateway: input.gateway ?? gatewayContext(input.db),
    login: input.login ?? loginPolicy(),
  };
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: 50 * 1024 * 1024,
    ajv: {
      customOptions: { removeAdditional: false, coerceTypes: "array", useDefaults: true, allErrors: false },
    },
  }).withTypeProvider<TypeBoxTypeProvider>();
  app.decorate("deps", deps);
  app.decorateRequest("actor", null);
  installRouteGuards(app);
  app.addHook("onClose", async () => deps.gateway.lastUse.close());

  await app.register(swagger, {
    openapi: {
      info: {
        title: "Yibao API",
        description: "医疗保障信息平台 — REST API and NHSA interface",
        version: "0.1.0",
      },
      components: { securitySchemes: { bearer: { type: "http", scheme: "bearer" } } },
      security: [{ bearer: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: "/docs" });

  app.addHook("onRequest", async (request) => {
    const auth = request.headers.authorization;
    if (auth?.startsWith("Bearer ")) request.actor = await actorFromToken(deps.db, auth.slice(7), deps.now());
  });

  app.setErrorHandler((err, request, reply) => {
    const e = toYibaoError(err);
    const status = httpStatusOf(e);
    if (status >= 500) request.log.error({ err }, "internal error");
    const retryAfter = e.details.retryAfter;
    if (typeof retryAfter === "number") void reply.header("retry-after", String(retryAfter));
    void reply.status(status).send(errorBody(e));
  });
  app.setNotFoundHandler((request, reply) => {
    void reply
      .status(404)
      .send({ code: "NOT_FOUND", message: `No route ${request.method} ${request.url}`, details: {} });
  });

  app.get("/api/v1/health", { schema: { hide: true } }, async () => ({ status: "ok", engine: deps.engine }));
  await app.register(platformRoutes, { prefix: "/api/v1" });
  await app.register(registryRoutes, { prefix: "/api/v1" });
  await app.register(contributionRoutes, { prefix: "/api/v1" });
  await app.register(catalogueRoutes, { prefix: "/api/v1" });
  await app.register(settlementRoutes, { prefix: "/api/v1" });
  await app.register(paymentRoutes, { prefix: "/api/v1" });
  await app.register(keyRoutes, { prefix: "/api/v1" });
  await app.register(nhsaRoutes);
  await registerConsole(app);
  return app;
}
