import { type Static, Type } from "@sinclair/typebox";
import type { FastifyPluginAsync } from "fastify";
import { actorOf, requireRole } from "../../http/context.ts";
import { PageQuery, decodeCursor, pageOf } from "../../http/paging.ts";
import { maskPersonData } from "../registry/person.view.ts";
import { createOperator, login, logout } from "./operator.service.ts";
import { statsRoutes } from "./stats.routes.ts";

const RoleSchema = Type.Union([
  Type.Literal("admin"),
  Type.Literal("agency"),
  Type.Literal("auditor"),
  Type.Literal("supervisor"),
  Type.Literal("leader"),
  Type.Literal("institution"),
]);

const LoginBody = Type.Object({
  login: Type.String({ minLength: 1, maxLength: 64 }),
  password: Type.String({ minLength: 1, maxLength: 200 }),
});
const OperatorBody = Type.Object({
  login: Type.String({ minLength: 2, maxLength: 64, pattern: "^[A-Za-z0-9_.-]+$" }),
  displayName: Type.String({ minLength: 1, maxLength: 100 }),
  role: RoleSchema,
  password: Type.String({ maxLength: 200 }),
  regionCode: Type.Optional(Type.String({ pattern: "^\\d{6}$" })),
  fixmedinsCode: Type.Optional(Type.String({ maxLength: 30 })),
});
const AuditQuery = Type.Intersect([
  PageQuery,
  Type.Object({
    entity: Type.Optional(Type.String({ maxLength: 64 })),
    entityId: Type.Optional(Type.String({ maxLength: 100 })),
    operatorLogin: Type.Optional(Type.String({ maxLength: 64 })),
  }),
]);

/** Sessions, operators, the audit log and regions. */
export const platformRoutes: FastifyPluginAsync = async (app) => {
  const { db, now } = app.deps;
  await app.register(statsRoutes);

  app.post("/auth/login", { schema: { tags: ["platform"], body: LoginBody, security: [] } }, async (req) => {
    const body = req.body as Static<typeof LoginBody>;
    const res = await login(db, body.login, body.password, now());
    return { token: res.token, operator: { ...res.operator, id: String(res.operator.id) } };
  });

  app.post("/auth/logout", { schema: { tags: ["platform"] } }, async (req) => {
    actorOf(req);
    await logout(db, req.headers.authorization!.slice(7));
    return { ok: true };
  });

  app.get("/auth/me", { schema: { tags: ["platform"] } }, async (req) => {
    const a = actorOf(req);
    return { id: String(a.operatorId), login: a.login, role: a.role, regionCode: a.regionCode };
  });

  app.post(
    "/operators",
    { schema: { tags: ["platform"], body: OperatorBody }, preHandler: requireRole("admin") },
    async (req, reply) => {
      const op = await createOperator(db, actorOf(req), req.body as Static<typeof OperatorBody>);
      return reply.status(201).send({ ...op, id: String(op.id) });
    },
  );

  app.get(
    "/audit-log",
    { schema: { tags: ["platform"], querystring: AuditQuery }, preHandler: requireRole("admin") },
    async (req) => {
      const q = req.query as Static<typeof AuditQuery>;
      const actor = actorOf(req);
      const limit = q.limit ?? 50;
      const after = decodeCursor(q.cursor);
      let query = db
        .selectFrom("audit_log")
        .selectAll()
        .orderBy("id", "desc")
        .limit(limit + 1);
      if (after !== null) query = query.where("id", "<", after);
      if (q.entity) query = query.where("entity", "=", q.entity);
      if (q.entityId) query = query.where("entity_id", "=", q.entityId);
      if (q.operatorLogin) query = query.where("operator_login", "=", q.operatorLogin);
      const page = pageOf(await query.execute(), limit);
      return {
        // persons in before/after are masked for roles that may not see personal data
        items: page.items.map((r) =>
          maskPersonData({ ...r, id: String(r.id), operator_id: r.operator_id?.toString() ?? null }, actor),
        ),
        nextCursor: page.nextCursor,
      };
    },
  );

  app.get("/regions", { schema: { tags: ["platform"] } }, async () => {
    return db.selectFrom("regions").selectAll().orderBy("code").execute();
  });
};
