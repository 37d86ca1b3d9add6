import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { nonNegativeYuanToFen, yuanToFen } from "@yibao/core/money";
import { Type } from "typebox";
import { STAFF_ROLES, actorOf, requireRole } from "../../http/context.ts";
import { PageQuery, decodeCursor, pageOf } from "../../http/paging.ts";
import { DateText, IdText, Money, Page, RegionCode, StringEnum, answers } from "../../http/schemas.ts";
import { requireRegionInScope } from "../platform/region-scope.ts";
import { requireRegion } from "../registry/person.service.ts";
import { fundEntries, fundReport } from "./fund-report.service.ts";
import { recordFundEntry, recordFundTransfer, reverseFundEntry, setFundBudget } from "./fund.service.ts";
import { FundEntryOut, FundReportOut, entryView, fundView } from "./fund.view.ts";
import { LiquidationsOut, liquidationResults } from "./liquidation-results.ts";

const tags = ["fund"];
const Year = Type.Integer({ minimum: 2000, maximum: 2100 });
const FundCode = Type.String({ pattern: "^\\d{6}$", maxLength: 6, description: "fund code (fund_pay_type)" });
const Reference = Type.String({
  minLength: 1,
  maxLength: 100,
  description: "the voucher or document booked",
});
const RegionYear = Type.Object({ region: RegionCode, year: Year });

const EntryBody = Type.Object({
  region: RegionCode,
  fund: FundCode,
  kind: StringEnum(["opening", "subsidy", "interest", "other"] as const),
  direction: StringEnum(["in", "out"] as const),
  amount: Money,
  bookedOn: DateText,
  reference: Reference,
});
const TransferBody = Type.Object({
  region: RegionCode,
  from: FundCode,
  to: FundCode,
  amount: Money,
  bookedOn: DateText,
  reference: Reference,
});
const ReverseBody = Type.Object({ reason: Reference, bookedOn: DateText });
const BudgetBody = Type.Object({
  note: Type.Optional(Type.String({ maxLength: 200 })),
  funds: Type.Array(Type.Object({ fund: FundCode, income: Money, expenditure: Money }), {
    minItems: 1,
    maxItems: 6,
  }),
});
const BudgetOut = Type.Object({
  region: Type.String(),
  year: Type.Integer(),
  version: Type.Integer(),
  funds: Type.Array(Type.Object({ fund: Type.String(), income: Type.String(), expenditure: Type.String() })),
});
const Entries = Type.Object({ entries: Type.Array(FundEntryOut) });

/** The fund (基金管理): figures from the ledgers, budgets and the fund's own entries (docs/fund.md). */
export const fundRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db, now } = app.deps;
  const readers = requireRole(...STAFF_ROLES);
  const inRegion = async (actor: ReturnType<typeof actorOf>, region: string) => {
    await requireRegion(db, region, "region");
    await requireRegionInScope(db, actor, region, "region");
  };

  app.get(
    "/fund",
    {
      schema: {
        tags,
        summary:
          "A region's funds for a year: income, expenditure, balance, reserve months, budget, warnings, projection",
        querystring: RegionYear,
        response: answers({ 200: FundReportOut }),
      },
      preHandler: readers,
    },
    async (req) => {
      await inRegion(actorOf(req), req.query.region);
      const warnings = app.deps.fundWarnings;
      const r = await fundReport(db, req.query.region, req.query.year, now(), warnings);
      return { ...r, warningSettings: warnings, funds: r.funds.map(fundView), pools: fundView(r.pools) };
    },
  );

  app.get(
    "/fund/liquidations",
    {
      schema: {
        tags,
        summary:
          "DRG/DIP and other payment results of a region's year (the latest liquidation of each method)",
        querystring: RegionYear,
        response: answers({ 200: LiquidationsOut }),
      },
      preHandler: readers,
    },
    async (req) => {
      await inRegion(actorOf(req), req.query.region);
      return liquidationResults(db, req.query.region, req.query.year);
    },
  );

  app.put(
    "/fund/budgets/:region/:year",
    {
      schema: {
        tags,
        summary: "Set the year's budget of a region's funds (a new version; earlier ones stay on record)",
        params: RegionYear,
        body: BudgetBody,
        response: answers({ 201: BudgetOut }),
      },
      preHandler: requireRole("agency"),
    },
    async (req, reply) => {
      const { region, year } = req.params;
      const funds = req.body.funds.map((f, i) => ({
        fund: f.fund,
        income: nonNegativeYuanToFen(f.income, `funds[${i}].income`),
        expenditure: nonNegativeYuanToFen(f.expenditure, `funds[${i}].expenditure`),
      }));
      const r = await setFundBudget(
        db,
        actorOf(req),
        { region, year, note: req.body.note ?? null, funds },
        now(),
      );
      return reply.status(201).send({
        region,
        year,
        version: r.version,
        funds: req.body.funds.map((f) => ({ fund: f.fund, income: f.income, expenditure: f.expenditure })),
      });
    },
  );

  app.post(
    "/fund/entries",
    {
      schema: {
        tags,
        summary:
          "Book a fund's receipt or payment outside the other ledgers (opening balance, subsidy, interest, other)",
        body: EntryBody,
        response: answers({ 201: Entries }),
      },
      preHandler: requireRole("agency"),
    },
    async (req, reply) => {
      const b = req.body;
      const rows = await recordFundEntry(db, actorOf(req), { ...b, amount: yuanToFen(b.amount) });
      return reply.status(201).send({ entries: rows.map(entryView) });
    },
  );

  app.post(
    "/fund/transfers",
    {
      schema: {
        tags,
        summary: "A transfer between two funds of a region",
        body: TransferBody,
        response: answers({ 201: Entries }),
      },
      preHandler: requireRole("agency"),
    },
    async (req, reply) => {
      const b = req.body;
      const rows = await recordFundTransfer(db, actorOf(req), { ...b, amount: yuanToFen(b.amount) });
      return reply.status(201).send({ entries: rows.map(entryView) });
    },
  );

  app.post(
    "/fund/entries/:id/reverse",
    {
      schema: {
        tags,
        summary: "Reverse a fund entry (both sides of a transfer): a new entry with the negated amount",
        params: Type.Object({ id: IdText }),
        body: ReverseBody,
        response: answers({ 201: Entries }),
      },
      preHandler: requireRole("agency"),
    },
    async (req, reply) => {
      const rows = await reverseFundEntry(
        db,
        actorOf(req),
        BigInt(req.params.id),
        req.body.reason,
        req.body.bookedOn,
      );
      return reply.status(201).send({ entries: rows.map(entryView) });
    },
  );

  app.get(
    "/fund/entries",
    {
      schema: {
        tags,
        summary: "The fund entries of a region (and the regions below it) booked in a year, newest first",
        querystring: Type.Object({ ...RegionYear.properties, ...PageQuery.properties }),
        response: answers({ 200: Page(FundEntryOut) }),
      },
      preHandler: readers,
    },
    async (req) => {
      const q = req.query;
      await inRegion(actorOf(req), q.region);
      const limit = q.limit ?? 50;
      const page = pageOf(await fundEntries(db, q.region, q.year, limit, decodeCursor(q.cursor)), limit);
      return { items: page.items.map(entryView), nextCursor: page.nextCursor };
    },
  );
};
