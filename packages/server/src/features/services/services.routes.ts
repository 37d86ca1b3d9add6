import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { YibaoError } from "@yibao/core/errors";
import { Type } from "typebox";
import { STAFF_ROLES, actorOf, requireRole } from "../../http/context.ts";
import { PageQuery, decodeCursor, encodeCursor } from "../../http/paging.ts";
import { IdText, PsnNo, answers } from "../../http/schemas.ts";
import { regionScope, requireRowInScope } from "../platform/region-scope.ts";
import { canSeePii } from "../registry/person.view.ts";
import {
  findApplication,
  findAttachment,
  listApplications,
  listItems,
  onlineServiceShare,
} from "./services.repository.ts";
import {
  ApplicationPage,
  ApplicationSchema,
  FilingSchema,
  ServiceItemSchema,
  itemView,
} from "./services.schemas.ts";
import { applicationSummary, applicationView, decide, filingView } from "./services.service.ts";
import { filingsOfPsnNo } from "./filings.repository.ts";

const tags = ["services"];
const ListQuery = Type.Intersect([
  PageQuery,
  Type.Object({
    status: Type.Optional(
      Type.Union([Type.Literal("submitted"), Type.Literal("approved"), Type.Literal("rejected")]),
    ),
    itemCode: Type.Optional(Type.String({ maxLength: 40 })),
    psnNo: Type.Optional(PsnNo),
    overdue: Type.Optional(Type.Boolean()),
  }),
]);
const IdParams = Type.Object({ id: IdText });
const AttachmentParams = Type.Object({ id: IdText, attachmentId: IdText });
const DecisionBody = Type.Object({
  decision: Type.Union([Type.Literal("approve"), Type.Literal("reject")]),
  note: Type.Optional(Type.String({ maxLength: 500 })),
});
const FilingsQuery = Type.Object({ psnNo: PsnNo });

const READ = requireRole(...STAFF_ROLES);
const REVIEW = requireRole("agency");

/**
 * The agency's side of the online services: the items (政务服务事项) and their online share,
 * applications to review within their time limit, decisions, attachments (staff only) and
 * out-of-region filings (异地就医备案).
 */
export const servicesRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db, now } = app.deps;

  app.get(
    "/service-items",
    { schema: { tags, response: answers({ 200: Type.Array(ServiceItemSchema) }) }, preHandler: READ },
    async () => (await listItems(db)).map(itemView),
  );

  app.get(
    "/service-items/online-share",
    {
      schema: {
        tags,
        summary: "items doable online / all items (the online_service_share indicator)",
        response: answers({
          200: Type.Object({ online: Type.Integer(), total: Type.Integer(), share: Type.String() }),
        }),
      },
      preHandler: READ,
    },
    async () => {
      const s = await onlineServiceShare(db);
      return { ...s, share: s.total === 0 ? "0.0000" : (s.online / s.total).toFixed(4) };
    },
  );

  app.get(
    "/service-applications",
    {
      schema: { tags, querystring: ListQuery, response: answers({ 200: ApplicationPage }) },
      preHandler: READ,
    },
    async (req) => {
      const q = req.query;
      const actor = actorOf(req);
      const limit = q.limit ?? 50;
      const rows = await listApplications(db, {
        scope: await regionScope(db, actor),
        status: q.status,
        itemCode: q.itemCode,
        psnNo: q.psnNo,
        overdueAt: q.overdue ? now() : undefined,
        after: decodeCursor(q.cursor),
        limit: limit + 1,
      });
      const items = rows.slice(0, limit);
      const last = items[items.length - 1];
      return {
        items: items.map((a) => applicationSummary(a, canSeePii(actor), now())),
        nextCursor: rows.length > limit && last ? encodeCursor(last.id) : null,
      };
    },
  );

  const inScope = async (req: Parameters<typeof actorOf>[0], id: bigint) => {
    const a = await findApplication(db, id);
    const unknown = () => new YibaoError("SERVICE_APPLICATION_UNKNOWN", undefined, { field: "id" });
    if (!a) throw unknown();
    await requireRowInScope(db, actorOf(req), a.region_code, unknown);
    return a;
  };

  app.get(
    "/service-applications/:id",
    { schema: { tags, params: IdParams, response: answers({ 200: ApplicationSchema }) }, preHandler: READ },
    async (req) => {
      const a = await inScope(req, BigInt(req.params.id));
      return applicationView(db, a, canSeePii(actorOf(req)), now());
    },
  );

  app.post(
    "/service-applications/:id/decision",
    {
      schema: {
        tags,
        params: IdParams,
        body: DecisionBody,
        summary: "approve or reject (a rejection says why); an approved filing is in force",
        response: answers({ 200: ApplicationSchema }),
      },
      preHandler: REVIEW,
    },
    async (req) => {
      const id = BigInt(req.params.id);
      const actor = actorOf(req);
      await decide(db, actor, id, req.body, now());
      const a = await findApplication(db, id);
      return applicationView(db, a!, canSeePii(actor), now());
    },
  );

  app.get(
    "/service-applications/:id/attachments/:attachmentId",
    {
      schema: {
        tags,
        params: AttachmentParams,
        summary: "an uploaded invoice image or PDF (staff of the applicant's region)",
        response: answers({ 200: Type.Unsafe<Buffer>({ type: "string", format: "binary" }) }),
      },
      preHandler: READ,
    },
    async (req, reply) => {
      const id = BigInt(req.params.id);
      await inScope(req, id);
      const file = await findAttachment(db, id, BigInt(req.params.attachmentId));
      if (!file) throw new YibaoError("SERVICE_ATTACHMENT_UNKNOWN", undefined, { field: "attachmentId" });
      return sendFile(reply, file);
    },
  );

  app.get(
    "/out-of-region-filings",
    {
      schema: {
        tags,
        querystring: FilingsQuery,
        summary: "a person's out-of-region filings (异地就医备案), newest first",
        response: answers({ 200: Type.Array(FilingSchema) }),
      },
      preHandler: READ,
    },
    async (req) => {
      const found = await filingsOfPsnNo(db, req.query.psnNo);
      const unknown = () => new YibaoError("REG_PERSON_UNKNOWN", undefined, { field: "psnNo" });
      if (!found) throw unknown();
      await requireRowInScope(db, actorOf(req), found.regionCode, unknown);
      return found.filings.map(filingView);
    },
  );
};

/** A stored file as an answer: its sniffed type, never rendered as a page by the browser. */
export function sendFile(
  reply: import("fastify").FastifyReply,
  file: { content_type: string; data: Uint8Array; size: number },
) {
  return reply
    .header("content-type", file.content_type)
    .header("x-content-type-options", "nosniff")
    .header("content-security-policy", "default-src 'none'; img-src 'self'")
    .header("cache-control", "private, no-store")
    .send(Buffer.from(file.data));
}
