import { YibaoError } from "@yibao/core/errors";
import type { FastifyReply, FastifyRequest } from "fastify";
import type { WarningSettings } from "@yibao/core/fund";
import type { Actor } from "../audit/audit.ts";
import type { Db, Engine } from "../db/database.ts";
import type { GatewayContext } from "../features/nhsa/gateway-context.ts";
import type { LoginPolicy } from "../features/platform/login-policy.ts";
import type { Citizen, CitizenPolicy, CodeDelivery } from "../features/selfservice/citizen-login.ts";
import type { Role } from "../features/platform/platform.table.ts";
import type { SettlementContext } from "../features/settlement/context.ts";
import type { RouteIndex } from "./route-index.ts";

/** What every route can reach: the database and the clock (injected so tests can fix time). */
export interface AppDeps {
  db: Db;
  engine: Engine;
  now: () => Date;
  /** reference data, visit sessions and id blocks this process keeps (features/settlement/context.ts) */
  settlement: SettlementContext;
  /** the NHSA gateway's mode, secret key, replay cache, key last-use times and 1101 limits */
  gateway: GatewayContext;
  /** login throttling and session length (features/platform/login-policy.ts) */
  login: LoginPolicy;
  /** when the fund warns: reserve months out of range, spending ahead of budget (config.ts) */
  fundWarnings: WarningSettings;
  /** online services' sign-in of insured persons and employers (features/selfservice) */
  citizen: CitizenPolicy;
  /** where one-time sign-in codes go (the demo: the server log) */
  codes: CodeDelivery;
}

/** What buildApp takes: the gateway defaults to hmac with an in-process key, login policy to the environment's. */
export type AppDepsInput = Omit<AppDeps, "gateway" | "login" | "fundWarnings" | "citizen" | "codes"> &
  Partial<Pick<AppDeps, "gateway" | "login" | "fundWarnings" | "citizen" | "codes">>;

declare module "fastify" {
  interface FastifyInstance {
    deps: AppDeps;
    /** every route of the app by path pattern (http/route-index.ts) */
    routeIndex: RouteIndex;
  }
  interface FastifyRequest {
    actor: Actor | null;
    /** an insured person or employer signed in to the online services (never an operator) */
    citizen: Citizen | null;
  }
}

/**
 * The acting operator with the request id attached. Without one: AUTH_SESSION_EXPIRED when a
 * bearer token was sent (it expired or its session was ended), AUTH_REQUIRED otherwise.
 */
export function actorOf(request: FastifyRequest): Actor {
  if (request.citizen) throw new YibaoError("FORBIDDEN", "Online-service sessions may not use staff routes");
  if (!request.actor) {
    if (request.headers.authorization?.startsWith("Bearer ")) throw new YibaoError("AUTH_SESSION_EXPIRED");
    throw new YibaoError("AUTH_REQUIRED");
  }
  return { ...request.actor, requestId: request.id };
}

/** A role guard knows its roles, so the route table (http/route-guard.ts) can list them. */
export type RoleGuard = ((request: FastifyRequest, reply: FastifyReply) => Promise<void>) & {
  readonly roles: readonly Role[];
};

/**
 * Guard: the request must come from an operator with one of these roles (admin always may).
 * Routes put it in `preHandler`; buildApp moves it before body parsing and validation, so an
 * anonymous or wrong-role request is refused before anything else is looked at.
 */
export function requireRole(...roles: Role[]): RoleGuard {
  const guard = async (request: FastifyRequest, _reply: FastifyReply) => {
    const actor = actorOf(request);
    if (actor.role !== "admin" && !roles.includes(actor.role as Role)) {
      throw new YibaoError("FORBIDDEN", `Role ${actor.role} may not do this`, { required: roles });
    }
  };
  return Object.assign(guard, { roles: roles.includes("admin") ? roles : (["admin", ...roles] as Role[]) });
}

/** A guard of the online services: the request must come from a signed-in insured person or employer. */
export type CitizenKindName = "insured" | "employer";
export type CitizenGuard = RoleGuard & { readonly citizen: readonly CitizenKindName[] };

export function citizenOf(request: FastifyRequest, ...kinds: CitizenKindName[]): Citizen {
  const c = request.citizen;
  if (!c) {
    if (request.actor) throw new YibaoError("FORBIDDEN", "This route is for insured persons and employers");
    if (request.headers.authorization?.startsWith("Bearer ")) throw new YibaoError("AUTH_SESSION_EXPIRED");
    throw new YibaoError("AUTH_REQUIRED");
  }
  if (!kinds.includes(c.kind)) throw new YibaoError("FORBIDDEN", `This route is not for ${c.kind} sessions`);
  return c;
}

/** Guard of an online-service route (moved before body parsing like requireRole; no operator passes). */
export function requireCitizen(...kinds: CitizenKindName[]): CitizenGuard {
  const guard = async (request: FastifyRequest, _reply: FastifyReply) => {
    citizenOf(request, ...kinds);
  };
  return Object.assign(guard, { roles: [] as Role[], citizen: kinds });
}

/** Staff roles of the agency (everyone but hospitals). */
export const STAFF_ROLES: Role[] = ["admin", "agency", "auditor", "supervisor", "leader"];
/** Every role: routes any logged-in operator may use (their own session, password). */
export const ALL_ROLES: Role[] = [...STAFF_ROLES, "institution"];
