import { Type } from "typebox";
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { STAFF_ROLES, actorOf, requireRole } from "../../http/context.ts";
import { OrderQuery, PageQuery, decodeCursor, pageOf } from "../../http/paging.ts";
import { idempotencyKeyOf } from "../../idempotency/idempotency.ts";
import { listSettlements } from "./list.service.ts";
import { reimburse } from "./manual.service.ts";
import { DateText, DecimalText, PsnNo, answers } from "../../http/schemas.ts";
import { SettlementOutput, SettlementPage } from "./settlement.schemas.ts";

const tags = ["settlement"];
const Decimal = DecimalText;
const ManualBody = Type.Object({
  psnNo: PsnNo,
  insutype: Type.String({ maxLength: 3 }),
  medType: Type.String({ maxLength: 2 }),
  level: Type.Union([Type.Literal("1"), Type.Literal("2"), Type.Literal("3")]),
  billDate: DateText,
  institutionCode: Type.String({
    minLength: 1,
    maxLength: 60,
    description: "the invoice's issuing institution (开票机构), in network or not",
  }),
  invoiceNo: Type.String({ minLength: 1, maxLength: 60, description: "发票号码" }),
  useAccount: Type.Optional(Type.Boolean()),
  lines: Type.Array(
    Type.Object({
      code: Type.String({ minLength: 1, maxLength: 50 }),
      name: Type.Optional(Type.String({ maxLength: 200 })),
      pric: Decimal,
      cnt: Decimal,
    }),
    { minItems: 1, maxItems: 2000 },
  ),
});
const SettlementsQuery = Type.Intersect([
  PageQuery,
  OrderQuery,
  Type.Object({
    psnNo: Type.Optional(PsnNo),
    institutionCode: Type.Optional(Type.String({ maxLength: 30 })),
  }),
]);

/**
 * Staff-side settlement routes: manual reimbursement (零星报销) and settlement queries. Hospitals
 * settle through the NHSA interface (/fsi/api/...), not here.
 */
export const settlementRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db, now, settlement } = app.deps;

  app.post(
    "/manual-reimbursements",
    {
      schema: {
        tags,
        body: ManualBody,
        summary:
          "零星报销: settle an out-of-network cash bill once per invoice; the result is payable to the person",
        response: answers({ 201: SettlementOutput }),
      },
      preHandler: requireRole("agency"),
    },
    async (req, reply) => {
      const claim = req.body;
      const key = idempotencyKeyOf(req.headers);
      const answer = await reimburse(db, settlement, actorOf(req), claim, key, now());
      // 201, a replay of the key too (the stored answer is the first one, 201)
      return reply.status(201).send(answer.body);
    },
  );

  app.get(
    "/settlements",
    {
      schema: { tags, querystring: SettlementsQuery, response: answers({ 200: SettlementPage }) },
      preHandler: requireRole(...STAFF_ROLES, "institution"),
    },
    async (req) => {
      const q = req.query;
      const limit = q.limit ?? 50;
      const rows = await listSettlements(db, actorOf(req), {
        psnNo: q.psnNo,
        institutionCode: q.institutionCode,
        before: decodeCursor(q.cursor),
        limit: limit + 1,
        order: q.order ?? "desc",
      });
      const page = pageOf(rows, limit);
      return { items: page.items.map(({ id: _, ...item }) => item), nextCursor: page.nextCursor };
    },
  );
};
