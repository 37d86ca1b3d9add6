import { randomUUID } from "node:crypto";
import type { Socket } from "node:net";
import swagger from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import { YibaoError } from "@yibao/core/errors";
import { isCalendarDate, isCalendarDateTime, isCalendarMonth } from "@yibao/core/dates";
import { maskText } from "@yibao/core/pii";
import Fastify, { type FastifyInstance, type FastifyServerOptions } from "fastify";
import { errorBody, httpStatusOf, toYibaoError } from "../errors/http-errors.ts";
import { catalogueRoutes } from "../features/catalogue/catalogue.routes.ts";
import { contributionRoutes } from "../features/contributions/contribution.routes.ts";
import { nhsaRoutes } from "../features/nhsa/nhsa.routes.ts";
import { paymentRoutes } from "../features/payment/payment.routes.ts";
import { actorFromToken } from "../features/platform/operator.service.ts";
import { platformRoutes } from "../features/platform/platform.routes.ts";
import { registryRoutes } from "../features/registry/registry.routes.ts";
import { settlementRoutes } from "../features/settlement/settlement.routes.ts";
import { registerConsole } from "./console.ts";
import type { AppDeps } from "./context.ts";
import { coercedGuard, inputGuard } from "./input-guard.ts";
import { RouteIndex } from "./route-index.ts";

export { safeLogger } from "./log.ts";

export interface AppOptions {
  logger?: FastifyServerOptions["logger"];
}

/** Body limits: JSON bodies of the REST API (the NHSA gateway and CSV imports set their own). */
export const JSON_BODY_LIMIT = 2 * 1024 * 1024;

/** A request Node's HTTP parser cannot read at all: a 400 with our error body, then close. */
function clientErrorHandler(_err: Error, socket: Socket) {
  if (!socket.writable) return socket.destroy();
  const body = JSON.stringify({
    code: "REQUEST_INVALID",
    message: "The HTTP request cannot be parsed",
    details: {},
  });
  socket.end(
    `HTTP/1.1 400 Bad Request\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

export async function buildApp(deps: AppDeps, options: AppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: JSON_BODY_LIMIT,
    genReqId: () => randomUUID(),
    // Fastify's refusals before routing (bad URL encoding, over-long parameters), as our error body.
    frameworkErrors: (err, request, reply) => {
      const e = toYibaoError(err);
      // the generic reply type of this hook cannot know our body; it is the plain Fastify reply
      const r = reply as unknown as { code(n: number): { send(b: unknown): void } };
      r.code(httpStatusOf(e)).send(errorBody(e, request.id));
    },
    clientErrorHandler,
    ajv: {
      customOptions: {
        removeAdditional: false,
        coerceTypes: "array",
        useDefaults: true,
        allErrors: false,
        // The one strict validator of dates (core/dates): real calendar days only.
        formats: {
          "calendar-date": isCalendarDate,
          "calendar-time": isCalendarDateTime,
          "calendar-month": isCalendarMonth,
        },
      },
    },
  }).withTypeProvider<TypeBoxTypeProvider>();
  app.decorate("deps", deps);
  app.decorateRequest("actor", null);

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

  const routes = new RouteIndex();
  app.decorate("routeIndex", routes);
  app.addHook("onRoute", (route) => routes.add(route.url, route.method));
  app.addHook("onRequest", async (request, reply) => {
    void reply.header("x-request-id", request.id);
    const auth = request.headers.authorization;
    if (auth?.startsWith("Bearer ")) request.actor = await actorFromToken(deps.db, auth.slice(7), deps.now());
  });

  app.addHook("preValidation", inputGuard);
  app.addHook("preHandler", coercedGuard);

  app.setErrorHandler((err, request, reply) => {
    const e = toYibaoError(err);
    const status = httpStatusOf(e);
    if (status >= 500) request.log.error({ err }, "internal error");
    if (e.code === "METHOD_NOT_ALLOWED")
      void reply.header("allow", routes.methodsFor(request.url.split("?")[0]!));
    void reply.status(status).send(errorBody(e, request.id));
  });
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split("?")[0]!;
    const allowed = routes.methodsFor(path);
    const e =
      allowed.length > 0
        ? new YibaoError("METHOD_NOT_ALLOWED", `${request.method} is not served on ${maskText(path)}`, {
            allowed,
          })
        : new YibaoError("NOT_FOUND", `No route ${request.method} ${maskText(path)}`, {});
    if (allowed.length > 0) void reply.header("allow", allowed.join(", "));
    void reply.status(httpStatusOf(e)).send(errorBody(e));
  });

  app.get("/api/v1/health", { schema: { hide: true } }, async () => ({ status: "ok", engine: deps.engine }));
  await app.register(platformRoutes, { prefix: "/api/v1" });
  await app.register(registryRoutes, { prefix: "/api/v1" });
  await app.register(contributionRoutes, { prefix: "/api/v1" });
  await app.register(catalogueRoutes, { prefix: "/api/v1" });
  await app.register(settlementRoutes, { prefix: "/api/v1" });
  await app.register(paymentRoutes, { prefix: "/api/v1" });
  await app.register(nhsaRoutes);
  await registerConsole(app);
  return app;
}
