import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import { STAFF_ROLES, actorOf, requireRole } from "../../http/context.ts";
import { DateText, Nullable, StringEnum, Timestamp, YuanOut, answers } from "../../http/schemas.ts";
import { type ReportQuery, reconciliationReport } from "./reconciliation.service.ts";
import { reportCsv, reportOut } from "./reconciliation.view.ts";

const tags = ["reconciliation"];
const Institution = Type.String({
  pattern: "^[A-Za-z0-9]{1,30}$",
  maxLength: 30,
  description: "fixmedins_code of the institution",
});
const Month = Type.String({ format: "calendar-month", maxLength: 7, description: "yyyy-MM (Beijing time)" });

const Figures = {
  settlements: Type.Integer(),
  reversals: Type.Integer(),
  net_count: Type.Integer({ description: "settlements minus reversals" }),
  out_of_region: Type.Integer({ description: "of net_count: patients insured in another region" }),
  medfee_sumamt: YuanOut,
  fund_pay_sumamt: YuanOut,
  hifp_pay: YuanOut,
  hifob_pay: YuanOut,
  hifmi_pay: YuanOut,
  maf_pay: YuanOut,
  acct_pay: YuanOut,
  psn_cash_pay: YuanOut,
};
const Totals = Type.Object({
  count: Type.Integer(),
  medfee_sumamt: YuanOut,
  fund_pay_sumamt: YuanOut,
  acct_pay: YuanOut,
});

const Report = Type.Object({
  institution: Type.Object({ code: Type.String(), name: Type.String(), region_code: Type.String() }),
  kind: StringEnum(["daily", "monthly"] as const),
  from: Type.String(),
  to: Type.String(),
  by_type: Type.Array(Type.Object({ insutype: Type.String(), clr_type: Type.String(), ...Figures })),
  days: Type.Array(Type.Object({ day: Type.String(), ...Figures })),
  total: Type.Object(Figures),
  reconciliations: Type.Array(
    Type.Object({
      infno: StringEnum(["3201", "3202"] as const),
      msgid: Type.String(),
      begin_date: Type.String(),
      end_date: Type.String(),
      insutype: Nullable(Type.String()),
      clr_type: Nullable(Type.String()),
      consistent: Type.Boolean(),
      ours: Totals,
      theirs: Totals,
      differences: Type.Array(
        Type.Object({
          setl_id: Nullable(Type.String()),
          dif_type: Type.String({ description: "3202: missing_ours, missing_theirs, differs; 3201: totals" }),
          dif_fields: Type.Array(Type.String()),
        }),
      ),
      created_at: Timestamp,
    }),
  ),
});
const Csv = Type.String({ description: "text/csv: the report as one table (docs/reconciliation.md)" });

const Daily = Type.Object({ institution: Institution, date: DateText });
const Monthly = Type.Object({ institution: Institution, month: Month });

/** Reconciliation reports (对账报表) of one institution, for the agency (docs/reconciliation.md). */
export const reconciliationRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.deps;
  const report = (
    req: { query: { institution: string } },
    q: ReportQuery,
    actor: ReturnType<typeof actorOf>,
  ) => reconciliationReport(db, actor, { ...q, institution: req.query.institution });
  const csvName = (q: ReportQuery) => `reconciliation-${q.institution}-${q.period}.csv`;

  app.get(
    "/reconciliation/daily",
    {
      schema: {
        tags,
        summary: "an institution's settlements of a day by insutype and clr_type, and its 3201/3202 results",
        querystring: Daily,
        response: answers({ 200: Report }),
      },
      preHandler: requireRole(...STAFF_ROLES),
    },
    async (req) => {
      const q: ReportQuery = { institution: req.query.institution, kind: "daily", period: req.query.date };
      return reportOut(await report(req, q, actorOf(req)));
    },
  );
  app.get(
    "/reconciliation/daily.csv",
    {
      schema: {
        tags,
        summary: "the daily report as CSV",
        querystring: Daily,
        produces: ["text/csv", "application/json"],
        response: answers({ 200: Csv }),
      },
      preHandler: requireRole(...STAFF_ROLES),
    },
    async (req, reply) => {
      const q: ReportQuery = { institution: req.query.institution, kind: "daily", period: req.query.date };
      const csv = reportCsv(await report(req, q, actorOf(req)));
      return reply
        .type("text/csv; charset=utf-8")
        .header("content-disposition", `attachment; filename="${csvName(q)}"`)
        .send(csv);
    },
  );
  app.get(
    "/reconciliation/monthly",
    {
      schema: {
        tags,
        summary:
          "an institution's settlements of a month by insutype and clr_type and by day, and its 3201/3202 results",
        querystring: Monthly,
        response: answers({ 200: Report }),
      },
      preHandler: requireRole(...STAFF_ROLES),
    },
    async (req) => {
      const q: ReportQuery = { institution: req.query.institution, kind: "monthly", period: req.query.month };
      return reportOut(await report(req, q, actorOf(req)));
    },
  );
  app.get(
    "/reconciliation/monthly.csv",
    {
      schema: {
        tags,
        summary: "the monthly report as CSV",
        querystring: Monthly,
        produces: ["text/csv", "application/json"],
        response: answers({ 200: Csv }),
      },
      preHandler: requireRole(...STAFF_ROLES),
    },
    async (req, reply) => {
      const q: ReportQuery = { institution: req.query.institution, kind: "monthly", period: req.query.month };
      const csv = reportCsv(await report(req, q, actorOf(req)));
      return reply
        .type("text/csv; charset=utf-8")
        .header("content-disposition", `attachment; filename="${csvName(q)}"`)
        .send(csv);
    },
  );
};
