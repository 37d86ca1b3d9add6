import { Type } from "typebox";
import { YibaoError } from "@yibao/core/errors";
import { fenToYuan, nonNegativeYuanToFen } from "@yibao/core/money";
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { Executor } from "../../db/database.ts";
import { STAFF_ROLES, actorOf, requireRole } from "../../http/context.ts";
import { PageQuery, decodeCursor, pageOf } from "../../http/paging.ts";
import { dueBy, formatContributionParams, monthsOverdue } from "@yibao/core/contribution";
import { beijingDay } from "@yibao/core/time";
import { inScope, regionScope } from "../platform/region-scope.ts";
import { idempotencyKeyOf } from "../../idempotency/idempotency.ts";
import { accountBalance, ledgerPage } from "../registry/account.repository.ts";
import { findPersonByPsnNo } from "../registry/registry.repository.ts";
import { arrearsPage, arrearsTotals, assessmentsPage } from "./assessment.repository.ts";
import { assessEmployees, assessResidents } from "./assessment.service.ts";
import { setParams } from "./contribution-params.service.ts";
import { moneyOnce, payIn, reversePaymentIn } from "./contribution-payment.service.ts";
import { findParams, paymentsPage } from "./contribution.repository.ts";
import { DateText, IdText, Money, PsnNo, RegionCode, SignedMoney, answers } from "../../http/schemas.ts";
import {
  AccountAnswer,
  ArrearsPage,
  AssessedAnswer,
  AssessmentPage,
  ParamsAnswer,
  PaymentAnswer,
  PaymentPage,
  ReversalAnswer,
} from "./contribution.responses.ts";

const tags = ["contributions"];
const ParamsPath = Type.Object({
  region: Type.String({ pattern: "^\\d{6}$" }),
  year: Type.Integer({ minimum: 2000, maximum: 2100 }),
});
const ParamsBody = Type.Record(Type.String(), Type.Unknown());
const EmployeeBody = Type.Object({
  regionCode: Type.String({ pattern: "^\\d{6}$" }),
  period: Type.String({ maxLength: 7, description: "yyyy-MM" }),
  employerUscc: Type.Optional(Type.String({ maxLength: 18 })),
  wages: Type.Optional(
    Type.Record(Type.String({ maxLength: 30 }), Money, {
      description: "declared monthly wage by psn_no",
      maxProperties: 100_000,
    }),
  ),
});
const ResidentBody = Type.Object({
  regionCode: Type.String({ pattern: "^\\d{6}$" }),
  year: Type.Integer({ minimum: 2000, maximum: 2100 }),
});
const PayBody = Type.Object({
  assessmentId: IdText,
  amount: SignedMoney,
  channel: Type.Unsafe<string>({
    type: "string",
    enum: ["tax", "bank", "wechat", "alipay", "counter", "assistance"],
  }),
  reference: Type.Optional(Type.String({ maxLength: 100 })),
  paidOn: DateText,
});
const ReverseBody = Type.Object({ reason: Type.String({ minLength: 1, maxLength: 200 }) });
const IdParams = Type.Object({ id: IdText });
const ArrearsQuery = Type.Intersect([
  PageQuery,
  Type.Object({
    regionCode: Type.Optional(RegionCode),
    period: Type.Optional(Type.String({ maxLength: 7 })),
    employerUscc: Type.Optional(Type.String({ maxLength: 18 })),
    minMonthsOverdue: Type.Optional(
      Type.Integer({
        minimum: 0,
        maximum: 1200,
        description: "only periods at least this many whole months past the month they fell due in",
      }),
    ),
  }),
]);
const Period = Type.String({ pattern: "^\\d{4}(-(0[1-9]|1[0-2]))?$", description: "yyyy-MM or yyyy" });
const AssessmentQuery = Type.Intersect([
  PageQuery,
  Type.Object({
    regionCode: Type.Optional(RegionCode),
    employerUscc: Type.Optional(Type.String({ maxLength: 18 })),
    psnNo: Type.Optional(PsnNo),
    period: Type.Optional(Period),
    status: Type.Optional(
      Type.Unsafe<"paid" | "unpaid">({
        type: "string",
        enum: ["paid", "unpaid"],
        description: "paid: nothing owed; unpaid: something owed",
      }),
    ),
  }),
]);
const PaymentQuery = Type.Intersect([
  PageQuery,
  Type.Object({
    assessmentId: Type.Optional(IdText),
    psnNo: Type.Optional(PsnNo),
    regionCode: Type.Optional(RegionCode),
    employerUscc: Type.Optional(Type.String({ maxLength: 18 })),
  }),
]);
const PsnParams = Type.Object({ psnNo: PsnNo });

const WRITE = requireRole("agency");
const READ = requireRole(...STAFF_ROLES);

/** 筹资/征缴: parameters, assessments, payments and reversals, arrears, account statements. */
export const contributionRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.deps;

  app.put(
    "/contributions/params/:region/:year",
    {
      schema: { tags, params: ParamsPath, body: ParamsBody, response: answers({ 200: ParamsAnswer }) },
      preHandler: WRITE,
    },
    async (req) => {
      const { region, year } = req.params;
      return setParams(db, actorOf(req), region, year, req.body);
    },
  );

  app.get(
    "/contributions/params/:region/:year",
    { schema: { tags, params: ParamsPath, response: answers({ 200: ParamsAnswer }) }, preHandler: READ },
    async (req) => {
      const { region, year } = req.params;
      return formatContributionParams(await findParams(db, region, year));
    },
  );

  app.post(
    "/contributions/assessments/employees",
    { schema: { tags, body: EmployeeBody, response: answers({ 200: AssessedAnswer }) }, preHandler: WRITE },
    async (req) => {
      const b = req.body;
      const wages = b.wages
        ? Object.fromEntries(
            Object.entries(b.wages).map(([k, v]) => [k, nonNegativeYuanToFen(v, `wages.${k}`)]),
          )
        : undefined;
      return assessEmployees(db, actorOf(req), {
        regionCode: b.regionCode,
        period: b.period,
        employerUscc: b.employerUscc,
        wages,
      });
    },
  );

  app.post(
    "/contributions/assessments/residents",
    { schema: { tags, body: ResidentBody, response: answers({ 200: AssessedAnswer }) }, preHandler: WRITE },
    async (req) => {
      return assessResidents(db, actorOf(req), req.body);
    },
  );

  app.post(
    "/contributions/payments",
    { schema: { tags, body: PayBody, response: answers({ 201: PaymentAnswer }) }, preHandler: WRITE },
    async (req, reply) => {
      const b = req.body;
      const actor = actorOf(req);
      const payment = {
        assessmentId: BigInt(b.assessmentId),
        amount: nonNegativeYuanToFen(b.amount, "amount"),
        channel: b.channel,
        reference: b.reference,
        paidOn: b.paidOn,
      };
      const work = async (trx: Executor) => {
        const r = await payIn(trx, actor, payment);
        const body = {
          paymentId: String(r.payment.id),
          amount: fenToYuan(r.payment.amount),
          owed: fenToYuan(r.owed),
        };
        return { statusCode: 201, body };
      };
      const answer = await moneyOnce(db, idempotencyKeyOf(req.headers), { action: "pay", ...b }, work);
      return reply.status(answer.statusCode).send(answer.body);
    },
  );

  app.post(
    "/contributions/payments/:id/reverse",
    {
      schema: { tags, params: IdParams, body: ReverseBody, response: answers({ 201: ReversalAnswer }) },
      preHandler: WRITE,
    },
    async (req, reply) => {
      const actor = actorOf(req);
      const { id } = req.params;
      const { reason } = req.body;
      const work = async (trx: Executor) => {
        const row = await reversePaymentIn(trx, actor, BigInt(id), reason);
        const body = {
          paymentId: String(row.id),
          amount: fenToYuan(row.amount),
          reverses: String(row.reverses_id),
        };
        return { statusCode: 201, body };
      };
      const content = { action: "reverse", paymentId: id, reason };
      const answer = await moneyOnce(db, idempotencyKeyOf(req.headers), content, work);
      return reply.status(answer.statusCode).send(answer.body);
    },
  );

  app.get(
    "/contributions/arrears",
    {
      schema: { tags, querystring: ArrearsQuery, response: answers({ 200: ArrearsPage }) },
      preHandler: READ,
    },
    async (req) => {
      const q = req.query;
      const limit = q.limit ?? 50;
      const scope = await regionScope(db, actorOf(req));
      const month = beijingDay(app.deps.now()).slice(0, 7);
      const filter = {
        regionCode: q.regionCode,
        period: q.period,
        employerUscc: q.employerUscc?.toUpperCase(),
        dueBy: q.minMonthsOverdue === undefined ? undefined : dueBy(month, q.minMonthsOverdue),
      };
      const page = pageOf(await arrearsPage(db, scope, filter, decodeCursor(q.cursor), limit + 1), limit);
      const totals = await arrearsTotals(db, scope, filter);
      return {
        items: page.items.map((r) => ({
          assessmentId: String(r.id),
          kind: r.kind,
          period: r.period,
          psn_no: r.psn_no,
          employerUscc: r.uscc,
          employerName: r.employer_name,
          total: fenToYuan(r.total),
          owed: fenToYuan(BigInt(r.owed)),
          monthsOverdue: monthsOverdue(r.period, month),
        })),
        nextCursor: page.nextCursor,
        totals: { count: totals.count, owed: fenToYuan(totals.owed) },
      };
    },
  );

  app.get(
    "/contributions/assessments",
    {
      schema: {
        tags,
        summary: "assessments (核定), newest first, with what was paid and what is owed",
        querystring: AssessmentQuery,
        response: answers({ 200: AssessmentPage }),
      },
      preHandler: READ,
    },
    async (req) => {
      const q = req.query;
      const limit = q.limit ?? 50;
      const scope = await regionScope(db, actorOf(req));
      const filter = {
        regionCode: q.regionCode,
        employerUscc: q.employerUscc?.toUpperCase(),
        psnNo: q.psnNo,
        period: q.period,
        status: q.status,
      };
      const rows = await assessmentsPage(db, scope, filter, decodeCursor(q.cursor), limit + 1);
      const page = pageOf(rows, limit);
      return {
        items: page.items.map((r) => {
          const paid = BigInt(r.paid);
          return {
            assessmentId: String(r.id),
            kind: r.kind,
            period: r.period,
            regionCode: r.region_code,
            psnNo: r.psn_no,
            employerUscc: r.uscc,
            employerName: r.employer_name,
            base: fenToYuan(r.base),
            employerAmount: fenToYuan(r.employer_amount),
            individualAmount: fenToYuan(r.individual_amount),
            assistanceAmount: fenToYuan(r.assistance_amount),
            governmentSubsidy: fenToYuan(r.government_subsidy),
            total: fenToYuan(r.total),
            accountCredit: fenToYuan(r.account_credit),
            coverageStart: r.coverage_start,
            paid: fenToYuan(paid),
            owed: fenToYuan(r.total - paid),
            createdAt: r.created_at,
          };
        }),
        nextCursor: page.nextCursor,
      };
    },
  );

  app.get(
    "/contributions/payments",
    {
      schema: {
        tags,
        summary: "payments and reversals, newest first",
        querystring: PaymentQuery,
        response: answers({ 200: PaymentPage }),
      },
      preHandler: READ,
    },
    async (req) => {
      const q = req.query;
      const limit = q.limit ?? 50;
      const scope = await regionScope(db, actorOf(req));
      const filter = {
        assessmentId: q.assessmentId === undefined ? undefined : BigInt(q.assessmentId),
        psnNo: q.psnNo,
        regionCode: q.regionCode,
        employerUscc: q.employerUscc?.toUpperCase(),
      };
      const page = pageOf(await paymentsPage(db, scope, filter, decodeCursor(q.cursor), limit + 1), limit);
      return {
        items: page.items.map((r) => ({
          paymentId: String(r.id),
          assessmentId: String(r.assessment_id),
          kind: r.kind,
          period: r.period,
          psnNo: r.psn_no,
          employerUscc: r.uscc,
          amount: fenToYuan(r.amount),
          channel: r.channel,
          reference: r.reference,
          paidOn: r.paid_on,
          reverses: r.reverses_id === null ? null : String(r.reverses_id),
          reversedBy: r.reversed_by,
          operator: r.operator,
          createdAt: r.created_at,
        })),
        nextCursor: page.nextCursor,
      };
    },
  );

  app.get(
    "/persons/:psnNo/account",
    {
      schema: { tags, params: PsnParams, querystring: PageQuery, response: answers({ 200: AccountAnswer }) },
      preHandler: READ,
    },
    async (req) => {
      const { psnNo } = req.params;
      const q = req.query;
      const person = await findPersonByPsnNo(db, psnNo);
      if (!person || !inScope(await regionScope(db, actorOf(req)), person.region_code))
        throw new YibaoError("REG_PERSON_UNKNOWN", `No person ${psnNo}`, { field: "psnNo" });
      const limit = q.limit ?? 50;
      const page = pageOf(await ledgerPage(db, person.id, decodeCursor(q.cursor), limit + 1), limit);
      return {
        balance: fenToYuan(await accountBalance(db, person.id)),
        items: page.items.map((r) => ({
          id: String(r.id),
          at: r.at,
          kind: r.kind,
          amount: fenToYuan(r.amount),
          balance_after: fenToYuan(r.balance_after),
          ref_type: r.ref_type,
          ref_id: r.ref_id,
        })),
        nextCursor: page.nextCursor,
      };
    },
  );
};
