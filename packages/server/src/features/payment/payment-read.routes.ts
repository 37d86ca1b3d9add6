import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { YibaoError } from "@yibao/core/errors";
import { fenToYuan } from "@yibao/core/money";
import { Type } from "typebox";
import { requireRole } from "../../http/context.ts";
import { PageQuery, decodeCursor, encodeCursor } from "../../http/paging.ts";
import { IdText, RegionCode, answers, Nullable } from "../../http/schemas.ts";
import { loadChsDrg11 } from "./drg-scheme.ts";
import { groupStoredCase } from "./payment.service.ts";
import {
  caseLine,
  findCase,
  findRun,
  listCases,
  listRuns,
  runStatements,
} from "./payment-read.repository.ts";

const tags = ["payment"];
const Str = Type.String();
const READ = requireRole("agency", "leader", "auditor", "supervisor");
const Year = Type.Integer({ minimum: 2000, maximum: 2100 });
const RunsQuery = Type.Intersect([
  PageQuery,
  Type.Object({
    year: Type.Optional(Year),
    region: Type.Optional(RegionCode),
    method: Type.Optional(
      Type.Union(["drg", "dip", "per_diem", "capitation", "advance"].map((m) => Type.Literal(m))),
    ),
  }),
]);
const StatementParams = Type.Object({ id: IdText, code: Type.String({ pattern: "^[A-Z0-9]{1,30}$" }) });
const RunParams = Type.Object({ id: IdText });
const CaseId = Type.String({ pattern: "^[A-Za-z0-9_-]{1,40}$" });
const CasesQuery = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 50 })),
  cursor: Type.Optional(Type.String({ maxLength: 80 })),
  year: Type.Optional(Year),
  institutionCode: Type.Optional(Type.String({ pattern: "^[A-Z0-9]{1,30}$" })),
  drg: Type.Optional(Type.String({ pattern: "^[A-Z0-9]{1,8}$" })),
});

const points = (p: bigint) => `${p / 10_000n}.${String(p % 10_000n).padStart(4, "0")}`;
const positive = (x: bigint) => (x > 0n ? x : 0n);

/** Text case ids page by the last id seen (base64url of it). */
const caseCursor = (id: string) => Buffer.from(`case:${id}`).toString("base64url");
function decodeCaseCursor(c: string | undefined): string | null {
  if (!c) return null;
  const m = /^case:([A-Za-z0-9_-]{1,40})$/.exec(Buffer.from(c, "base64url").toString());
  if (!m) throw new YibaoError("CURSOR_INVALID", "cursor is malformed", { field: "cursor" });
  return m[1]!;
}

const RunSummary = Type.Object({
  id: Str,
  region: Str,
  year: Type.Integer(),
  method: Str,
  period: Nullable(Str),
  budget: Str,
  pointValue: Str,
  totalPoints: Str,
  weightsYear: Type.Integer(),
  hospitals: Str,
  payable: Str,
  createdBy: Str,
  createdAt: Str,
});
const StatementLine = Type.Object({
  fixmedins_code: Str,
  fixmedins_name: Nullable(Str),
  level: Nullable(Str),
  coefficient: Str,
  points: Str,
  drgAmount: Str,
  fundPaid: Str,
  surplus: Str,
  overspend: Str,
  adjustment: Str,
  deduction: Str,
  payable: Str,
  advances: Str,
  balanceDue: Str,
  cases: Type.Integer(),
});
const Reconciliation = Type.Object({
  budget: Str,
  allocated: Str,
  payable: Str,
  difference: Str,
  surplusWithheld: Str,
  overspendShared: Str,
  deductions: Str,
  advances: Str,
  balanceDue: Str,
});
const CaseSchema = Type.Object({
  id: Str,
  fixmedins_code: Str,
  fixmedins_name: Nullable(Str),
  year: Type.Integer(),
  admission: Str,
  discharge: Str,
  los: Type.Integer(),
  cost: Str,
  fundPaid: Str,
  mdc: Nullable(Str),
  adrg: Nullable(Str),
  drg: Nullable(Str),
  drgName: Nullable(Str),
  diagnoses: Type.Array(Str),
  procedures: Type.Array(Str),
});

type StatementRow = Awaited<ReturnType<typeof runStatements>>[number];
function statementLine(s: StatementRow) {
  return {
    fixmedins_code: s.institution_code,
    fixmedins_name: s.institution_name,
    level: s.level,
    coefficient: (s.coefficient / 10_000).toFixed(4),
    points: points(s.points),
    drgAmount: fenToYuan(s.drg_amount),
    fundPaid: fenToYuan(s.fund_paid),
    surplus: fenToYuan(positive(s.drg_amount - s.fund_paid)),
    overspend: fenToYuan(positive(s.fund_paid - s.drg_amount)),
    adjustment: fenToYuan(s.adjustment),
    deduction: fenToYuan(s.deduction),
    payable: fenToYuan(s.payable),
    advances: fenToYuan(s.advances),
    balanceDue: fenToYuan(s.balance_due),
    cases: (s.cases as unknown[]).length,
  };
}

/**
 * Why the payable total is not the budget: the budget is shared out by points (allocated), then
 * each hospital keeps part of a surplus (the rest withheld), gets part of an overspend from the
 * fund (shared), and loses its supervision deductions.
 */
function reconciliation(budget: bigint, rows: StatementRow[]) {
  const sum = (f: (s: StatementRow) => bigint) => rows.reduce((a, s) => a + f(s), 0n);
  const payable = sum((s) => s.payable);
  return {
    budget: fenToYuan(budget),
    allocated: fenToYuan(sum((s) => s.drg_amount)),
    payable: fenToYuan(payable),
    difference: fenToYuan(payable - budget),
    surplusWithheld: fenToYuan(sum((s) => (s.adjustment < 0n ? -s.adjustment : 0n))),
    overspendShared: fenToYuan(sum((s) => (s.adjustment > 0n ? s.adjustment : 0n))),
    deductions: fenToYuan(sum((s) => s.deduction)),
    advances: fenToYuan(sum((s) => s.advances)),
    balanceDue: fenToYuan(sum((s) => s.balance_due)),
  };
}

/** The liquidation runs and each hospital's statement, DRG cases with the grouping path explained. */
export const paymentReadRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.deps;

  app.get(
    "/payment/liquidations",
    {
      schema: {
        tags,
        querystring: RunsQuery,
        summary: "liquidation and advance runs, newest first",
        response: answers({ 200: Type.Object({ items: Type.Array(RunSummary), nextCursor: Nullable(Str) }) }),
      },
      preHandler: READ,
    },
    async (req) => {
      const q = req.query;
      const limit = q.limit ?? 50;
      const rows = await listRuns(db, { ...q, after: decodeCursor(q.cursor), limit: limit + 1 });
      const items = rows.slice(0, limit);
      const last = items[items.length - 1];
      return {
        items: items.map((r) => ({
          id: String(r.id),
          region: r.region_code,
          year: r.year,
          method: r.method,
          period: r.period,
          budget: fenToYuan(r.budget),
          pointValue: r.point_value,
          totalPoints: points(r.total_points),
          weightsYear: r.weights_year,
          hospitals: String(r.hospitals ?? 0),
          payable: fenToYuan(BigInt(r.payable ?? 0)),
          createdBy: r.created_by,
          createdAt: r.created_at.toISOString(),
        })),
        nextCursor: rows.length > limit && last ? encodeCursor(last.id) : null,
      };
    },
  );

  const runOf = async (id: bigint) => {
    const run = await findRun(db, id);
    if (!run) throw new YibaoError("NOT_FOUND", `No liquidation ${id}`, { field: "id" });
    return run;
  };

  app.get(
    "/payment/liquidations/:id/statements",
    {
      schema: {
        tags,
        params: RunParams,
        summary: "every hospital's statement with names, and why the payable total differs from the budget",
        response: answers({
          200: Type.Object({
            run: RunSummary,
            reconciliation: Reconciliation,
            statements: Type.Array(StatementLine),
          }),
        }),
      },
      preHandler: READ,
    },
    async (req) => {
      const run = await runOf(BigInt(req.params.id));
      const rows = await runStatements(db, run.id);
      const payable = rows.reduce((a, s) => a + s.payable, 0n);
      return {
        run: {
          id: String(run.id),
          region: run.region_code,
          year: run.year,
          method: run.method,
          period: run.period,
          budget: fenToYuan(run.budget),
          pointValue: run.point_value,
          totalPoints: points(run.total_points),
          weightsYear: run.weights_year,
          hospitals: String(rows.length),
          payable: fenToYuan(payable),
          createdBy: run.created_by,
          createdAt: run.created_at.toISOString(),
        },
        reconciliation: reconciliation(run.budget, rows),
        statements: rows.map(statementLine),
      };
    },
  );

  app.get(
    "/payment/liquidations/:id/statements/:code",
    {
      schema: {
        tags,
        params: StatementParams,
        summary: "one hospital's statement with every case, its kind, points and how they were reached",
        response: answers({
          200: Type.Object({
            runId: Str,
            method: Str,
            year: Type.Integer(),
            pointValue: Str,
            statement: StatementLine,
            cases: Type.Array(
              Type.Object({
                id: Str,
                group: Str,
                cost: Str,
                fundPaid: Str,
                kind: Str,
                points: Str,
                readmission: Type.Boolean(),
                explain: Str,
              }),
            ),
          }),
        }),
      },
      preHandler: READ,
    },
    async (req) => {
      const run = await runOf(BigInt(req.params.id));
      const [s] = await runStatements(db, run.id, req.params.code);
      if (!s)
        throw new YibaoError("NOT_FOUND", `No statement of ${req.params.code} in run ${run.id}`, {
          field: "code",
        });
      const cases = s.cases as {
        id: string;
        group: string;
        cost: string;
        fundPaid: string;
        kind: string;
        points: string;
        readmission: boolean;
        explain: string;
      }[];
      return {
        runId: String(run.id),
        method: run.method,
        year: run.year,
        pointValue: run.point_value,
        statement: statementLine(s),
        cases: cases.map((c) => ({
          id: c.id,
          group: c.group,
          cost: fenToYuan(BigInt(c.cost)),
          fundPaid: fenToYuan(BigInt(c.fundPaid)),
          kind: c.kind,
          points: points(BigInt(c.points)),
          readmission: c.readmission,
          explain: c.explain,
        })),
      };
    },
  );

  app.get(
    "/payment/cases",
    {
      schema: {
        tags,
        querystring: CasesQuery,
        summary: "discharged inpatient cases with their grouping (MDC, ADRG, DRG)",
        response: answers({ 200: Type.Object({ items: Type.Array(CaseSchema), nextCursor: Nullable(Str) }) }),
      },
      preHandler: READ,
    },
    async (req) => {
      const q = req.query;
      const limit = q.limit ?? 50;
      const rows = await listCases(db, { ...q, after: decodeCaseCursor(q.cursor), limit: limit + 1 });
      const items = rows.slice(0, limit);
      const last = items[items.length - 1];
      const names = loadChsDrg11().drgNames;
      return {
        items: items.map((c) => ({
          id: c.id,
          fixmedins_code: c.institution_code,
          fixmedins_name: c.institution_name,
          year: c.year,
          admission: c.admission,
          discharge: c.discharge,
          los: c.los,
          cost: fenToYuan(c.cost),
          fundPaid: fenToYuan(c.fund_paid),
          mdc: c.mdc,
          adrg: c.adrg,
          drg: c.drg,
          drgName: c.drg ? (names.get(c.drg) ?? null) : null,
          diagnoses: c.diagnoses,
          procedures: c.procedures,
        })),
        nextCursor: rows.length > limit && last ? caseCursor(last.id) : null,
      };
    },
  );

  app.get(
    "/payment/cases/:id",
    {
      schema: {
        tags,
        params: Type.Object({ id: CaseId }),
        summary: "a case's grouping path (regrouped with the rule text) and the points a run gave it",
        response: answers({
          200: Type.Object({
            case: CaseSchema,
            mdcName: Nullable(Str),
            adrgName: Nullable(Str),
            path: Type.Array(Str),
            payment: Nullable(
              Type.Object({ runId: Str, method: Str, pointValue: Str, kind: Str, points: Str, explain: Str }),
            ),
          }),
        }),
      },
      preHandler: READ,
    },
    async (req) => {
      const c = await findCase(db, req.params.id);
      if (!c) throw new YibaoError("NOT_FOUND", `No case ${req.params.id}`, { field: "id" });
      const scheme = loadChsDrg11();
      const r = groupStoredCase(scheme, c);
      const paid = await caseLine(db, c.year, c.institution_code, c.id);
      const line = paid?.line as { kind: string; points: string; explain: string } | undefined;
      return {
        case: {
          id: c.id,
          fixmedins_code: c.institution_code,
          fixmedins_name: c.institution_name,
          year: c.year,
          admission: c.admission,
          discharge: c.discharge,
          los: c.los,
          cost: fenToYuan(c.cost),
          fundPaid: fenToYuan(c.fund_paid),
          mdc: c.mdc ?? r.mdc,
          adrg: c.adrg ?? r.adrg,
          drg: c.drg ?? r.drg,
          drgName: scheme.drgNames.get(c.drg ?? r.drg) ?? null,
          diagnoses: c.diagnoses,
          procedures: c.procedures,
        },
        mdcName: scheme.mdcNames.get(r.mdc) ?? null,
        adrgName: scheme.adrgs.find((a) => a.code === r.adrg)?.name ?? null,
        path: r.trace,
        payment:
          paid && line
            ? {
                runId: String(paid.runId),
                method: paid.method,
                pointValue: paid.pointValue,
                kind: line.kind,
                points: points(BigInt(line.points)),
                explain: line.explain,
              }
            : null,
      };
    },
  );
};
