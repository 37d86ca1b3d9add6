import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { fenToYuan } from "@yibao/core/money";
import { Type } from "typebox";
import { STAFF_ROLES, actorOf, requireRole } from "../../http/context.ts";
import { PageQuery, decodeCursor, pageOf } from "../../http/paging.ts";
import {
  IdOut,
  IdText,
  Nullable,
  Page,
  StringEnum,
  Timestamp,
  YuanOut,
  answers,
} from "../../http/schemas.ts";
import { statementItems } from "./clearing.repository.ts";
import { advanceStatement, issueClearing, readStatement, statementsOf } from "./clearing.service.ts";
import { statementOut } from "./clearing.view.ts";

const tags = ["regions"];
const Month = Type.String({ format: "calendar-month", maxLength: 7, description: "yyyy-MM (Beijing time)" });

const Flow = Type.Object({
  payer: Type.String({ description: "the insured region (clr_optins)" }),
  payee: Type.String({ description: "the treatment region" }),
  settlements: Type.Integer(),
  fund_pay_sumamt: YuanOut,
  acct_pay: YuanOut,
  amount: YuanOut,
});

const Statement = Type.Object({
  id: IdOut,
  month: Type.String(),
  region_a: Type.String(),
  region_b: Type.String(),
  a_to_b: Flow,
  b_to_a: Flow,
  net_amount: Type.String({ description: "yuan: what net_payer transfers to net_payee" }),
  net_payer: Nullable(Type.String()),
  net_payee: Nullable(Type.String()),
  status: StringEnum(["issued", "confirmed", "paid"] as const),
  issued_by: Type.String(),
  issued_at: Timestamp,
  confirmed_by: Nullable(Type.String()),
  confirmed_at: Nullable(Timestamp),
  paid_by: Nullable(Type.String()),
  paid_at: Nullable(Timestamp),
  payment_ref: Nullable(Type.String()),
});

const Item = Type.Object({
  setl_id: Type.String(),
  kind: StringEnum(["settle", "reverse"] as const),
  setl_time: Timestamp,
  mdtrt_id: Type.String(),
  fixmedins_code: Nullable(Type.String()),
  payer: Type.String(),
  payee: Type.String(),
  medfee_sumamt: YuanOut,
  fund_pay_sumamt: YuanOut,
  acct_pay: YuanOut,
  amount: YuanOut,
});

const ById = Type.Object({ id: IdText });

/** Inter-region clearing statements (异地就医清算, docs/regions.md#clearing). */
export const clearingRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db, now } = app.deps;

  app.post(
    "/clearing/statements",
    {
      schema: {
        tags,
        body: Type.Object({ month: Month }),
        summary: "issue the statements of an ended month (those not issued yet); answers all of the month's",
        response: answers({ 201: Type.Array(Statement) }),
      },
      preHandler: requireRole("agency"),
    },
    async (req, reply) => {
      const rows = await issueClearing(db, actorOf(req), req.body.month, now());
      return reply.status(201).send(rows.map(statementOut));
    },
  );

  app.get(
    "/clearing/statements",
    {
      schema: {
        tags,
        querystring: Type.Object({ month: Type.Optional(Month) }),
        response: answers({ 200: Type.Array(Statement) }),
      },
      preHandler: requireRole(...STAFF_ROLES),
    },
    async (req) => (await statementsOf(db, actorOf(req), req.query.month)).map(statementOut),
  );

  app.get(
    "/clearing/statements/:id",
    {
      schema: { tags, params: ById, response: answers({ 200: Statement }) },
      preHandler: requireRole(...STAFF_ROLES),
    },
    async (req) => statementOut(await readStatement(db, actorOf(req), BigInt(req.params.id))),
  );

  app.get(
    "/clearing/statements/:id/settlements",
    {
      schema: {
        tags,
        params: ById,
        querystring: PageQuery,
        summary: "the settlements behind the statement's figures",
        response: answers({ 200: Page(Item) }),
      },
      preHandler: requireRole(...STAFF_ROLES),
    },
    async (req) => {
      const s = await readStatement(db, actorOf(req), BigInt(req.params.id));
      const limit = req.query.limit ?? 50;
      const rows = await statementItems(db, s.id, decodeCursor(req.query.cursor), limit + 1);
      const page = pageOf(rows, limit);
      return {
        items: page.items.map((r) => ({
          setl_id: r.setl_id,
          kind: r.kind,
          setl_time: r.setl_time,
          mdtrt_id: r.mdtrt_id,
          fixmedins_code: r.institution_code,
          payer: r.payer,
          payee: r.payee,
          medfee_sumamt: fenToYuan(r.medfee),
          fund_pay_sumamt: fenToYuan(r.fund_pay),
          acct_pay: fenToYuan(r.account_pay),
          amount: fenToYuan(r.fund_pay + r.account_pay),
        })),
        nextCursor: page.nextCursor,
      };
    },
  );

  app.post(
    "/clearing/statements/:id/confirm",
    {
      schema: { tags, params: ById, response: answers({ 200: Statement }) },
      preHandler: requireRole("agency"),
    },
    async (req) =>
      statementOut(
        await advanceStatement(db, actorOf(req), BigInt(req.params.id), { to: "confirmed" }, now()),
      ),
  );

  app.post(
    "/clearing/statements/:id/paid",
    {
      schema: {
        tags,
        params: ById,
        body: Type.Object({ paymentRef: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })) }),
        response: answers({ 200: Statement }),
      },
      preHandler: requireRole("agency"),
    },
    async (req) => {
      const step = { to: "paid" as const, paymentRef: req.body.paymentRef ?? null };
      return statementOut(await advanceStatement(db, actorOf(req), BigInt(req.params.id), step, now()));
    },
  );
};
