import { randomUUID } from "node:crypto";
import swagger from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import { isCalendarDate, isCalendarDateTime, isCalendarMonth } from "@yibao/core/time";
import Fastify, { type FastifyInstance, type FastifyServerOptions } from "fastify";
import { catalogueRoutes } from "../features/catalogue/catalogue.routes.ts";
import { contributionRoutes } from "../features/contributions/contribution.routes.ts";
import { institutionRoutes } from "../features/institutions/institution.routes.ts";
import { keyRoutes } from "../features/nhsa/keys.routes.ts";
import { eVoucherRoutes } from "../features/evoucher/evoucher.routes.ts";
import { nhsaRoutes } from "../features/nhsa/nhsa.routes.ts";
import { paymentRoutes } from "../features/payment/payment.routes.ts";
import { fundRoutes } from "../features/fund/fund.routes.ts";
import { indicatorRoutes } from "../features/indicators/indicators.routes.ts";
import { exportRoutes } from "../features/analytics/export.routes.ts";
import { DEFAULT_WARNING_SETTINGS } from "@yibao/core/fund";
import { actorFromToken } from "../features/platform/session.service.ts";
import { clearingRoutes } from "../features/regions/clearing.routes.ts";
import { reconciliationRoutes } from "../features/reconciliation/reconciliation.routes.ts";
import { filingRoutes } from "../features/regions/filing.routes.ts";
import { divisionRoutes } from "../features/regions/divisions.routes.ts";
import { platformRoutes } from "../features/platform/platform.routes.ts";
import { registryRoutes } from "../features/registry/registry.routes.ts";
import { settlementRoutes } from "../features/settlement/settlement.routes.ts";
import { supervisionRoutes } from "../features/supervision/supervision.routes.ts";
import { inspectionRoutes } from "../features/supervision/inspection.routes.ts";
import { supervisionReadRoutes } from "../features/supervision/supervision-read.routes.ts";
import { gatewayContext } from "../features/nhsa/gateway-context.ts";
import { loginPolicy } from "../features/platform/login-policy.ts";
import {
  CITIZEN_TOKEN_PREFIX,
  citizenFromToken,
  logDelivery,
} from "../features/selfservice/citizen-login.ts";
import { citizenPolicy } from "../features/selfservice/citizen-policy.ts";
import { selfServiceRoutes } from "../features/selfservice/selfservice.routes.ts";
import { servicesRoutes } from "../features/services/services.routes.ts";
import { registryReadRoutes } from "../features/registry/registry-read.routes.ts";
import { settlementReadRoutes } from "../features/settlement/settlement-read.routes.ts";
import { paymentReadRoutes } from "../features/payment/payment-read.routes.ts";
import { registerConsole } from "./console.ts";
import type { AppDeps, AppDepsInput } from "./context.ts";
import { clientErrorHandler, frameworkErrors, registerRefusals } from "./refusals.ts";
import { installRouteGuards } from "./route-guard.ts";

export { safeLogger } from "./log.ts";

export interface AppOptions {
  logger?: FastifyServerOptions["logger"];
}

/** Body limits: JSON bodies of the REST API (the NHSA gateway and CSV imports set their own). */
const JSON_BODY_LIMIT = 2 * 1024 * 1024;

export async function buildApp(input: AppDepsInput, options: AppOptions = {}): Promise<FastifyInstance> {
  const deps: AppDeps = {
    ...input,
    gateway: input.gateway ?? gatewayContext(input.db),
    login: input.login ?? loginPolicy(),
    fundWarnings: input.fundWarnings ?? DEFAULT_WARNING_SETTINGS,
    citizen: input.citizen ?? citizenPolicy(),
    // replaced below by the app's logger once the app exists (the demo prints codes there)
    codes: input.codes ?? { send: () => {} },
  };
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: JSON_BODY_LIMIT,
    genReqId: () => randomUUID(),
    frameworkErrors,
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
  if (!input.codes) deps.codes = logDelivery((fields, msg) => app.log.warn(fields, msg));
  app.decorate("deps", deps);
  app.decorateRequest("actor", null);
  app.decorateRequest("citizen", null);
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

  app.addHook("onRequest", async (request, reply) => {
    void reply.header("x-request-id", request.id);
    const auth = request.headers.authorization;
    if (auth?.startsWith(`Bearer ${CITIZEN_TOKEN_PREFIX}`))
      request.citizen = await citizenFromToken(deps.db, auth.slice(7), deps.now());
    else if (auth?.startsWith("Bearer "))
      request.actor = await actorFromToken(deps.db, auth.slice(7), deps.now());
  });
  registerRefusals(app);

  app.get("/api/v1/health", { schema: { hide: true } }, async () => ({ status: "ok", engine: deps.engine }));
  await app.register(platformRoutes, { prefix: "/api/v1" });
  await app.register(registryRoutes, { prefix: "/api/v1" });
  await app.register(institutionRoutes, { prefix: "/api/v1" });
  await app.register(contributionRoutes, { prefix: "/api/v1" });
  await app.register(catalogueRoutes, { prefix: "/api/v1" });
  await app.register(settlementRoutes, { prefix: "/api/v1" });
  await app.register(paymentRoutes, { prefix: "/api/v1" });
  await app.register(supervisionRoutes, { prefix: "/api/v1" });
  await app.register(inspectionRoutes, { prefix: "/api/v1" });
  await app.register(supervisionReadRoutes, { prefix: "/api/v1" });
  await app.register(fundRoutes, { prefix: "/api/v1" });
  await app.register(indicatorRoutes, { prefix: "/api/v1" });
  await app.register(exportRoutes, { prefix: "/api/v1" });
  await app.register(keyRoutes, { prefix: "/api/v1" });
  await app.register(filingRoutes, { prefix: "/api/v1" });
  await app.register(divisionRoutes, { prefix: "/api/v1" });
  await app.register(clearingRoutes, { prefix: "/api/v1" });
  await app.register(reconciliationRoutes, { prefix: "/api/v1" });
  await app.register(eVoucherRoutes, { prefix: "/api/v1" });
  await app.register(registryReadRoutes, { prefix: "/api/v1" });
  await app.register(settlementReadRoutes, { prefix: "/api/v1" });
  await app.register(paymentReadRoutes, { prefix: "/api/v1" });
  await app.register(servicesRoutes, { prefix: "/api/v1" });
  await app.register(selfServiceRoutes, { prefix: "/api/v1" });
  await app.register(nhsaRoutes);
  await registerConsole(app);
  return app;
}
