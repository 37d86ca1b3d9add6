import type { FastifyInstance, RouteOptions } from "fastify";
import type { Role } from "../features/platform/platform.table.ts";
import type { RoleGuard } from "./context.ts";

/** One route as registered: its method(s), URL and the roles its guard admits (null: no guard). */
export interface RouteEntry {
  methods: string[];
  url: string;
  roles: readonly Role[] | null;
  /** online-service routes: the kind of citizen session they admit (http/context.ts requireCitizen) */
  citizen?: readonly ("insured" | "employer")[];
}

const tables = new WeakMap<FastifyInstance, RouteEntry[]>();

const isGuard = (f: unknown): f is RoleGuard =>
  typeof f === "function" && Array.isArray((f as RoleGuard).roles);

/**
 * Installs the onRoute hook that (1) runs every role guard (http/context.ts requireRole) as the
 * route's first onRequest hook, before the body is parsed and validated, so an anonymous or
 * wrong-role request learns nothing about the route's input; and (2) records the route table,
 * so a test can walk every route for every role (http/access-control.test.ts).
 */
export function installRouteGuards(app: FastifyInstance) {
  const table: RouteEntry[] = [];
  tables.set(app, table);
  app.addHook("onRoute", (route: RouteOptions) => {
    const pre = route.preHandler ? [route.preHandler].flat() : [];
    const guards = pre.filter(isGuard);
    if (guards.length > 0) {
      const rest = pre.filter((f) => !isGuard(f));
      route.preHandler = rest.length > 0 ? rest : undefined;
      route.onRequest = [...guards, ...(route.onRequest ? [route.onRequest].flat() : [])];
    }
    table.push({
      methods: [route.method].flat().map(String),
      url: route.url,
      roles: guards[0]?.roles ?? null,
      ...(guards[0] && "citizen" in guards[0]
        ? { citizen: guards[0].citizen as readonly ("insured" | "employer")[] }
        : {}),
    });
  });
}

export function routeTable(app: FastifyInstance): RouteEntry[] {
  return tables.get(app) ?? [];
}
