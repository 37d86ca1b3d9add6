import { YibaoError } from "@yibao/core/errors";
import type { FastifyReply, FastifyRequest } from "fastify";
import type { Actor } from "../audit/audit.ts";
import type { Db, Engine } from "../db/database.ts";
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
}

declare module "fastify" {
  interface FastifyInstance {
    deps: AppDeps;
    /** every route of the app by path pattern (http/route-index.ts) */
    routeIndex: RouteIndex;
  }
  interface FastifyRequest {
    actor: Actor | null;
  }
}

/** The acting operator with the request id attached; AUTH_REQUIRED when there is none. */
export function actorOf(request: FastifyRequest): Actor {
  if (!request.actor) throw new YibaoError("AUTH_REQUIRED");
  return { ...request.actor, requestId: request.id };
}

/** preHandler: the request must come from an operator with one of these roles (admin always may). */
export function requireRole(...roles: Role[]) {
  return async (request: FastifyRequest, _reply: FastifyReply) => {
    const actor = actorOf(request);
    if (actor.role !== "admin" && !roles.includes(actor.role as Role)) {
      throw new YibaoError("FORBIDDEN", `Role ${actor.role} may not do this`, { required: roles });
    }
  };
}

/** Staff roles of the agency (everyone but hospitals). */
export const STAFF_ROLES: Role[] = ["admin", "agency", "auditor", "supervisor", "leader"];
