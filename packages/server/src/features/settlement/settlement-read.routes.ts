import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { YibaoError } from "@yibao/core/errors";
import { fenToYuan } from "@yibao/core/money";
import { maskName } from "@yibao/core/pii";
import { Type } from "typebox";
import { STAFF_ROLES, actorOf, requireRole } from "../../http/context.ts";
import { PageQuery, decodeCursor, encodeCursor } from "../../http/paging.ts";
import { IdText, PsnNo, answers, Nullable } from "../../http/schemas.ts";
import { payReimbursement, reviewReimbursement } from "./manual-steps.service.ts";
import { stepsOf } from "./manual-steps.repository.ts";
import { inScope, regionScope } from "../platform/region-scope.ts";
import { canSeePii } from "../registry/person.view.ts";
import { reverseByOperator } from "./reversal.service.ts";
import { feeLinesOf, findStatement, listManual } from "./settlement-read.repository.ts";
import { statementView } from "./statement.ts";

const tags = ["settlement"];
const Str = Type.String();
const SetlParams = Type.Object({ setlId: Type.String({ pattern: "^S\\d{12}$", maxLength: 13 }) });
const ReverseBody = Type.Object({ reason: Type.String({ minLength: 2, maxLength: 200 }) });
const ManualQuery = Type.Intersect([PageQuery, Type.Object({ psnNo: Type.Optional(PsnNo) })]);

const StatementSchema = Type.Object({
  setlId: Str,
  kind: Str,
  reversesSetlId: Nullable(Str),
  reversedBy: Nullable(Str),
  setlTime: Str,
  mdtrtId: Str,
  medType: Str,
  insutype: Str,
  level: Str,
  begntime: Str,
  endtime: Nullable(Str),
  diseCodg: Nullable(Str),
  institutionCode: Nullable(Str),
  institutionName: Nullable(Str),
  invoice: Nullable(Type.Object({ issuer: Str, number: Str })),
  person: Type.Object({ psnNo: Str, name: Str, certno: Str, gender: Str, psnType: Str, regionCode: Str }),
  setlinfo: Type.Record(Str, Str),
  setldetail: Type.Array(Type.Object({ fundPayType: Str, fundPayTypeName: Str, amount: Str })),
  lines: Type.Array(
    Type.Object({
      feedetlSn: Str,
      code: Str,
      name: Nullable(Str),
      class: Str,
      chrgitmType: Nullable(Str),
      price: Str,
      quantity: Str,
      amount: Str,
      fullOwnPay: Str,
      overLimit: Str,
      preSelfPay: Str,
      inScope: Str,
      restrictedReason: Nullable(Str),
      cancelled: Type.Boolean(),
    }),
  ),
});
/** A reimbursement's review (复核) or payment (支付): its outcome, who, when. */
const Step = Type.Object({
  outcome: Type.Union([Type.Literal("approved"), Type.Literal("rejected"), Type.Literal("paid")]),
  reference: Str,
  note: Str,
  operator: Str,
  at: Str,
});
const ManualPage = Type.Object({
  items: Type.Array(
    Type.Object({
      id: Str,
      psnNo: Str,
      name: Str,
      setlId: Str,
      institutionCode: Str,
      invoiceNo: Str,
      medfee: Str,
      fundPay: Str,
      cashPay: Str,
      operator: Nullable(Str),
      reversedBy: Nullable(Str),
      createdAt: Str,
      review: Nullable(Step),
      payment: Nullable(Step),
    }),
  ),
  nextCursor: Nullable(Str),
});
const ManualId = Type.Object({ id: IdText });
const ReviewBody = Type.Object({
  decision: Type.Union([Type.Literal("approve"), Type.Literal("reject")]),
  note: Type.Optional(Type.String({ maxLength: 500, description: "why, when rejected (required then)" })),
});
const PayBody = Type.Object({
  reference: Type.String({ maxLength: 100, description: "the transfer's reference (支付流水号)" }),
  note: Type.Optional(Type.String({ maxLength: 500 })),
});

/** One settlement's statement (一单制), its reversal by an operator, and the list of manual reimbursements. */
export const settlementReadRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db, now, settlement } = app.deps;

  app.get(
    "/settlements/:setlId",
    {
      schema: {
        tags,
        params: SetlParams,
        summary: "一单制 statement: funds, every fee line with its class and self-pay split",
        response: answers({ 200: StatementSchema }),
      },
      preHandler: requireRole(...STAFF_ROLES, "institution"),
    },
    async (req) => {
      const actor = actorOf(req);
      const s = await findStatement(db, req.params.setlId);
      const unknown = () =>
        new YibaoError("SETL_UNKNOWN", `No settlement ${req.params.setlId}`, { field: "setlId" });
      if (!s) throw unknown();
      // hospitals see their own patients' settlements; staff those of their region's persons
      if (
        actor.role === "institution"
          ? s.institution_code !== actor.fixmedinsCode
          : !inScope(await regionScope(db, actor), s.region_code)
      )
        throw unknown();
      const lines = await feeLinesOf(db, s.visit_id);
      return statementView(s, lines, canSeePii(actor));
    },
  );

  app.post(
    "/settlements/:setlId/reverse",
    {
      schema: {
        tags,
        params: SetlParams,
        body: ReverseBody,
        summary: "冲正 by an agency operator, with a reason (audited); once per settlement",
        response: answers({ 201: Type.Object({ setlId: Str, reverses: Str }) }),
      },
      preHandler: requireRole("agency"),
    },
    async (req, reply) => {
      const actor = actorOf(req);
      const s = await findStatement(db, req.params.setlId);
      if (!s || !inScope(await regionScope(db, actor), s.region_code))
        throw new YibaoError("SETL_UNKNOWN", `No settlement ${req.params.setlId}`, { field: "setlId" });
      const setlId = await reverseByOperator(
        db,
        settlement,
        actor,
        { setlId: s.setl_id, reason: req.body.reason },
        now(),
      );
      return reply.status(201).send({ setlId, reverses: s.setl_id });
    },
  );

  app.get(
    "/manual-reimbursements",
    {
      schema: { tags, querystring: ManualQuery, response: answers({ 200: ManualPage }) },
      preHandler: requireRole(...STAFF_ROLES),
    },
    async (req) => {
      const actor = actorOf(req);
      const limit = req.query.limit ?? 50;
      const rows = await listManual(db, {
        scope: await regionScope(db, actor),
        psnNo: req.query.psnNo,
        after: decodeCursor(req.query.cursor),
        limit: limit + 1,
      });
      const items = rows.slice(0, limit);
      const last = items[items.length - 1];
      const steps = await stepsOf(
        db,
        items.map((m) => m.id),
      );
      const stepOf = (id: bigint, step: "review" | "payment") => {
        const x = steps.find((r) => r.reimbursement_id === id && r.step === step);
        return x
          ? {
              outcome: x.outcome,
              reference: x.reference,
              note: x.note,
              operator: x.operator_login,
              at: x.at.toISOString(),
            }
          : null;
      };
      return {
        items: items.map((m) => ({
          id: String(m.id),
          psnNo: m.psn_no,
          name: canSeePii(actor) ? m.name : maskName(m.name),
          setlId: m.setl_id,
          institutionCode: m.institution_code,
          invoiceNo: m.invoice_no_sent,
          medfee: fenToYuan(m.medfee),
          fundPay: fenToYuan(m.fund_pay),
          cashPay: fenToYuan(m.cash_pay),
          operator: m.operator_login,
          reversedBy: m.reversed_by,
          createdAt: m.created_at.toISOString(),
          review: stepOf(m.id, "review"),
          payment: stepOf(m.id, "payment"),
        })),
        nextCursor: rows.length > limit && last ? encodeCursor(last.id) : null,
      };
    },
  );

  app.post(
    "/manual-reimbursements/:id/review",
    {
      schema: {
        tags,
        params: ManualId,
        body: ReviewBody,
        summary: "复核 by a second operator: approve, or reject (its settlement reversed)",
        response: answers({ 200: Type.Object({ outcome: Str, reversedBy: Nullable(Str) }) }),
      },
      preHandler: requireRole("agency"),
    },
    async (req) => reviewReimbursement(db, settlement, actorOf(req), BigInt(req.params.id), req.body, now()),
  );

  app.post(
    "/manual-reimbursements/:id/payment",
    {
      schema: {
        tags,
        params: ManualId,
        body: PayBody,
        summary: "支付: the fund's part paid to the person, after the approval",
        response: answers({ 200: Type.Object({ outcome: Str }) }),
      },
      preHandler: requireRole("agency"),
    },
    async (req) => payReimbursement(db, actorOf(req), BigInt(req.params.id), req.body, now()),
  );
};
