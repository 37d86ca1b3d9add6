import { Type } from "typebox";
import { YibaoError } from "@yibao/core/errors";
import { fenToYuan, nonNegativeYuanToFen } from "@yibao/core/money";
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { actorOf, requireRole } from "../../http/context.ts";
import { advanceMonth } from "./advance.service.ts";
import { liquidateOtherMethods } from "./other-methods.service.ts";
import { findRun, statementsOf } from "./payment.repository.ts";
import { buildDip, liquidateYear } from "./payment.service.ts";
import { IdText, Money, answers } from "../../http/schemas.ts";
import { AdvanceAnswer, DipCatalogueAnswer, LiquidationAnswer, RunAnswer } from "./payment.responses.ts";

const tags = ["payment"];
const Body = Type.Object({
  region: Type.String({ pattern: "^\\d{6}$" }),
  year: Type.Integer({ minimum: 2000, maximum: 2100 }),
  budget: Money,
  dipBudget: Type.Optional(Money),
});
const DipQuery = Type.Object({
  year: Type.Integer({ minimum: 2000, maximum: 2100 }),
  coreThreshold: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
});
const AdvanceBody = Type.Object({
  region: Type.String({ pattern: "^\\d{6}$" }),
  month: Type.String({ format: "calendar-month", maxLength: 7, description: "yyyy-MM, a real month" }),
  annualBudget: Money,
});
const RunParams = Type.Object({ id: IdText });

const points = (p: bigint) => `${p / 10_000n}.${String(p % 10_000n).padStart(4, "0")}`;

/** DRG point-value liquidation: run (agency/admin) and read (also leaders and auditors). */
export const paymentRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.deps;

  app.post(
    "/payment/liquidations",
    {
      schema: {
        tags,
        body: Body,
        summary: "年终清算: group, weigh, liquidate a year",
        response: answers({ 201: LiquidationAnswer }),
      },
      preHandler: requireRole("agency"),
    },
    async (req, reply) => {
      const b = req.body;
      const l = await liquidateYear(db, actorOf(req), {
        region: b.region,
        year: b.year,
        budget: nonNegativeYuanToFen(b.budget, "budget"),
        ...(b.dipBudget ? { dipBudget: nonNegativeYuanToFen(b.dipBudget, "dipBudget") } : {}),
      });
      const summary = (x: Omit<typeof l, "dip">) => ({
        runId: String(x.runId),
        pointValue: x.pointValue,
        totalPoints: points(x.totalPoints),
        totals: {
          drgAmount: fenToYuan(x.totals.drgAmount),
          payable: fenToYuan(x.totals.payable),
          advances: fenToYuan(x.totals.advances),
          balanceDue: fenToYuan(x.totals.balanceDue),
        },
        hospitals: x.statements.length,
      });
      const others = await liquidateOtherMethods(db, actorOf(req), { region: b.region, year: b.year });
      return reply.status(201).send({
        ...summary(l),
        dip: l.dip ? summary(l.dip) : null,
        others: others.map((o) => ({
          runId: String(o.runId),
          hospitals: o.statements.length,
          payable: fenToYuan(o.totals.payable),
        })),
      });
    },
  );

  app.post(
    "/payment/advances",
    {
      schema: {
        tags,
        body: AdvanceBody,
        summary: "月度预结算: a month's advance to the DRG hospitals, once per region and month",
        response: answers({ 200: AdvanceAnswer, 201: AdvanceAnswer }),
      },
      preHandler: requireRole("agency"),
    },
    async (req, reply) => {
      const b = req.body;
      const r = await advanceMonth(db, actorOf(req), {
        region: b.region,
        month: b.month,
        annualBudget: nonNegativeYuanToFen(b.annualBudget, "annualBudget"),
      });
      // 201 for the advance made now; a repeat answers the first advance, 200 and replayed
      return reply.status(r.replayed ? 200 : 201).send({
        runId: String(r.runId),
        total: fenToYuan(r.total),
        hospitals: r.hospitals.map((h) => ({ fixmedins_code: h.code, advance: fenToYuan(h.amount) })),
        replayed: r.replayed,
      });
    },
  );

  app.get(
    "/payment/dip-catalogue",
    {
      schema: {
        tags,
        querystring: DipQuery,
        summary: "DIP groups learned from a year's cases",
        response: answers({ 200: DipCatalogueAnswer }),
      },
      preHandler: requireRole("agency", "leader", "auditor", "supervisor"),
    },
    async (req) => {
      const q = req.query;
      const cat = await buildDip(db, q.year, q.coreThreshold);
      const groups = [...cat.groups.values()].sort((a, b) =>
        a.kind === b.kind ? b.cases - a.cases : a.kind === "core" ? -1 : 1,
      );
      return {
        year: q.year,
        regionalMean: fenToYuan(cat.regionalMean),
        groups: groups.map((g) => ({
          code: g.code,
          kind: g.kind,
          cases: g.cases,
          meanCost: fenToYuan(g.meanCost),
          score: points(g.score),
        })),
      };
    },
  );

  app.get(
    "/payment/liquidations/:id",
    {
      schema: { tags, params: RunParams, response: answers({ 200: RunAnswer }) },
      preHandler: requireRole("agency", "leader", "auditor", "supervisor"),
    },
    async (req) => {
      const id = BigInt(req.params.id);
      const run = await findRun(db, id);
      if (!run) throw new YibaoError("NOT_FOUND", `No liquidation ${id}`, { field: "id" });
      const statements = await statementsOf(db, id);
      return {
        id: String(run.id),
        method: run.method,
        region: run.region_code,
        year: run.year,
        period: run.period,
        budget: fenToYuan(run.budget),
        pointValue: run.point_value,
        totalPoints: points(run.total_points),
        weightsYear: run.weights_year,
        statements: statements.map((s) => ({
          fixmedins_code: s.institution_code,
          coefficient: (s.coefficient / 10_000).toFixed(4),
          points: points(s.points),
          drgAmount: fenToYuan(s.drg_amount),
          fundPaid: fenToYuan(s.fund_paid),
          adjustment: fenToYuan(s.adjustment),
          deduction: fenToYuan(s.deduction),
          // the supervision cases behind the deduction (案件编号), amounts in yuan
          deductions: s.deductions.map((d) => ({ caseNo: d.caseNo, amount: fenToYuan(BigInt(d.amount)) })),
          payable: fenToYuan(s.payable),
          advances: fenToYuan(s.advances),
          balanceDue: fenToYuan(s.balance_due),
        })),
      };
    },
  );
};
