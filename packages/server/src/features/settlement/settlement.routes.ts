import { Type } from "typebox";
import { YibaoError } from "@yibao/core/errors";
import { fenToYuan } from "@yibao/core/money";
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { STAFF_ROLES, actorOf, requireRole } from "../../http/context.ts";
import { PageQuery, decodeCursor, pageOf } from "../../http/paging.ts";
import { idempotencyKeyOf } from "../../idempotency/idempotency.ts";
import { regionIn, regionScope } from "../platform/region-scope.ts";
import { reimburse } from "./manual.service.ts";
import { DateText, DecimalText, PsnNo } from "../../http/schemas.ts";

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
      },
      preHandler: requireRole("agency"),
    },
    async (req, reply) => {
      const claim = req.body;
      const key = idempotencyKeyOf(req.headers);
      const answer = await reimburse(db, settlement, actorOf(req), claim, key, now());
      return reply.status(answer.statusCode).send(answer.body);
    },
  );

  app.get(
    "/settlements",
    {
      schema: { tags, querystring: SettlementsQuery },
      preHandler: requireRole(...STAFF_ROLES, "institution"),
    },
    async (req) => {
      const actor = actorOf(req);
      const q = req.query;
      const limit = q.limit ?? 50;
      const after = decodeCursor(q.cursor);
      let query = db
        .selectFrom("settlements as s")
        .innerJoin("visits as v", "v.id", "s.visit_id")
        .innerJoin("persons as p", "p.id", "s.person_id")
        .select([
          "s.id",
          "s.setl_id",
          "s.kind",
          "s.setl_time",
          "s.medfee",
          "s.fund_pay",
          "s.account_pay",
          "s.cash_pay",
          "v.mdtrt_id",
          "v.med_type",
          "v.insutype",
          "v.institution_code",
          "p.psn_no",
        ])
        .orderBy("s.id", "desc")
        .limit(limit + 1);
      if (after !== null) query = query.where("s.id", "<", after);
      // Institutions see only their own patients' settlements.
      if (actor.role === "institution") {
        if (!actor.fixmedinsCode)
          throw new YibaoError("FORBIDDEN", "Institution operator without an institution");
        query = query.where("v.institution_code", "=", actor.fixmedinsCode);
      } else {
        // staff see settlements of the persons of their region (features/platform/region-scope.ts)
        query = query.where(regionIn("p.region_code", await regionScope(db, actor)));
        if (q.institutionCode) query = query.where("v.institution_code", "=", q.institutionCode);
      }
      if (q.psnNo) query = query.where("p.psn_no", "=", q.psnNo);
      const page = pageOf(await query.execute(), limit);
      return {
        items: page.items.map((s) => ({
          setl_id: s.setl_id,
          kind: s.kind,
          setl_time: s.setl_time,
          mdtrt_id: s.mdtrt_id,
          psn_no: s.psn_no,
          insutype: s.insutype,
          med_type: s.med_type,
          fixmedins_code: s.institution_code,
          medfee_sumamt: fenToYuan(s.medfee),
          fund_pay_sumamt: fenToYuan(s.fund_pay),
          acct_pay: fenToYuan(s.account_pay),
          psn_cash_pay: fenToYuan(s.cash_pay),
        })),
        nextCursor: page.nextCursor,
      };
    },
  );
};
