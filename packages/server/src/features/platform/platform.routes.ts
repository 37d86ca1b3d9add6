import { Type } from "typebox";
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { ALL_ROLES, actorOf, requireRole } from "../../http/context.ts";
import { PageQuery, decodeCursor, encodeCursor, pageOf } from "../../http/paging.ts";
import { accessLogRoutes } from "./access-log.routes.ts";
import {
  createOperator,
  listOperators,
  resetPassword,
  setOperatorActive,
  unlockOperator,
} from "./operator.service.ts";
import { changePassword, login, logout } from "./session.service.ts";
import { maskPersonData } from "../registry/person.view.ts";
import { statsRoutes } from "./stats.routes.ts";
import { auditLogPage } from "./audit-log.repository.ts";
import { listRegions } from "./region.repository.ts";
import { OkAnswer, answers } from "../../http/schemas.ts";
import {
  AuditPage,
  CreatedOperatorAnswer,
  LoginAnswer,
  MeAnswer,
  OperatorAnswer,
  OperatorPage,
  RegionList,
} from "./platform.responses.ts";

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
const PasswordBody = Type.Object({
  oldPassword: Type.String({ minLength: 1, maxLength: 200 }),
  newPassword: Type.String({ maxLength: 200 }),
});
const ResetBody = Type.Object({ newPassword: Type.String({ maxLength: 200 }) });
const OperatorBody = Type.Object({
  login: Type.String({ minLength: 2, maxLength: 64, pattern: "^[A-Za-z0-9_.-]+$" }),
  displayName: Type.String({ minLength: 1, maxLength: 100 }),
  role: RoleSchema,
  password: Type.String({ maxLength: 200 }),
  regionCode: Type.Optional(Type.String({ pattern: "^\\d{6}$" })),
  fixmedinsCode: Type.Optional(Type.String({ maxLength: 30 })),
});
const IdParams = Type.Object({ id: Type.String({ pattern: "^\\d{1,18}$" }) });
const AuditQuery = Type.Intersect([
  PageQuery,
  Type.Object({
    entity: Type.Optional(Type.String({ maxLength: 64 })),
    entityId: Type.Optional(Type.String({ maxLength: 100 })),
    operatorLogin: Type.Optional(Type.String({ maxLength: 64 })),
  }),
]);

const ADMIN = requireRole("admin");
const ANY_OPERATOR = requireRole(...ALL_ROLES);
const tags = ["platform"];

/** Sessions, operators, the audit log, the person access log and regions. */
export const platformRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db, now } = app.deps;
  await app.register(statsRoutes);
  await app.register(accessLogRoutes);
  const bearer = (authorization: string | undefined) => authorization!.slice(7);

  app.post(
    "/auth/login",
    { schema: { tags, body: LoginBody, security: [], response: answers({ 200: LoginAnswer }) } },
    async (req) => {
      const body = req.body;
      const res = await login(db, app.deps.login, body, { address: req.ip, requestId: req.id }, now());
      return { token: res.token, operator: { ...res.operator, id: String(res.operator.id) } };
    },
  );

  app.post(
    "/auth/logout",
    { schema: { tags, response: answers({ 200: OkAnswer }) }, preHandler: ANY_OPERATOR },
    async (req) => {
      await logout(db, actorOf(req), bearer(req.headers.authorization));
      return { ok: true };
    },
  );

  app.get(
    "/auth/me",
    { schema: { tags, response: answers({ 200: MeAnswer }) }, preHandler: ANY_OPERATOR },
    async (req) => {
      const a = actorOf(req);
      return {
        id: String(a.operatorId),
        login: a.login,
        role: a.role,
        regionCode: a.regionCode,
        fixmedinsCode: a.fixmedinsCode,
      };
    },
  );

  app.post(
    "/auth/password",
    {
      schema: {
        tags,
        body: PasswordBody,
        summary: "change your own password; your other sessions end",
        response: answers({ 200: OkAnswer }),
      },
      preHandler: ANY_OPERATOR,
    },
    async (req) => {
      await changePassword(
        db,
        app.deps.login,
        actorOf(req),
        bearer(req.headers.authorization),
        req.body,
        { address: req.ip, requestId: req.id },
        now(),
      );
      return { ok: true };
    },
  );

  app.get(
    "/operators",
    { schema: { tags, querystring: PageQuery, response: answers({ 200: OperatorPage }) }, preHandler: ADMIN },
    async (req) => {
      const q = req.query;
      const limit = q.limit ?? 50;
      const rows = await listOperators(db, now(), decodeCursor(q.cursor), limit + 1);
      const items = rows.slice(0, limit);
      const last = items[items.length - 1];
      return {
        items: items.map(({ rowId: _id, ...op }) => op),
        nextCursor: rows.length > limit && last ? encodeCursor(last.rowId) : null,
      };
    },
  );

  app.post(
    "/operators",
    {
      schema: { tags, body: OperatorBody, response: answers({ 201: CreatedOperatorAnswer }) },
      preHandler: ADMIN,
    },
    async (req, reply) => {
      const op = await createOperator(db, actorOf(req), req.body);
      return reply.status(201).send({ ...op, id: String(op.id) });
    },
  );

  const id = (req: { params: { id: string } }) => BigInt(req.params.id);
  app.post(
    "/operators/:id/deactivate",
    {
      schema: {
        tags,
        params: IdParams,
        summary: "deactivate; the operator's sessions end at once",
        response: answers({ 200: OperatorAnswer }),
      },
      preHandler: ADMIN,
    },
    async (req) => setOperatorActive(db, actorOf(req), id(req), false, now()),
  );
  app.post(
    "/operators/:id/activate",
    { schema: { tags, params: IdParams, response: answers({ 200: OperatorAnswer }) }, preHandler: ADMIN },
    async (req) => setOperatorActive(db, actorOf(req), id(req), true, now()),
  );
  app.post(
    "/operators/:id/password",
    {
      schema: {
        tags,
        params: IdParams,
        body: ResetBody,
        summary: "set a new password; sessions end, lock lifted",
        response: answers({ 200: OperatorAnswer }),
      },
      preHandler: ADMIN,
    },
    async (req) => resetPassword(db, actorOf(req), id(req), req.body.newPassword, now()),
  );
  app.post(
    "/operators/:id/unlock",
    {
      schema: {
        tags,
        params: IdParams,
        summary: "lift a login lock before it ends",
        response: answers({ 200: OperatorAnswer }),
      },
      preHandler: ADMIN,
    },
    async (req) => unlockOperator(db, actorOf(req), id(req)),
  );

  app.get(
    "/audit-log",
    { schema: { tags, querystring: AuditQuery, response: answers({ 200: AuditPage }) }, preHandler: ADMIN },
    async (req) => {
      const q = req.query;
      const actor = actorOf(req);
      const limit = q.limit ?? 50;
      const filter = { entity: q.entity, entityId: q.entityId, operatorLogin: q.operatorLogin };
      const page = pageOf(await auditLogPage(db, filter, decodeCursor(q.cursor), limit + 1), limit);
      return {
        // persons in before/after are masked for roles that may not see personal data
        items: page.items.map((r) =>
          maskPersonData({ ...r, id: String(r.id), operator_id: r.operator_id?.toString() ?? null }, actor),
        ),
        nextCursor: page.nextCursor,
      };
    },
  );

  app.get(
    "/regions",
    { schema: { tags, response: answers({ 200: RegionList }) }, preHandler: ANY_OPERATOR },
    async () => {
      return listRegions(db);
    },
  );
};
