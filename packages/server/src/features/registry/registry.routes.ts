import { beijingDay } from "@yibao/core/time";
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { fenToYuan } from "@yibao/core/money";
import { Type } from "typebox";
import { YibaoError } from "@yibao/core/errors";
import type { FastifyRequest } from "fastify";
import { STAFF_ROLES, actorOf, requireRole } from "../../http/context.ts";
import { PageQuery, decodeCursor, pageOf } from "../../http/paging.ts";
import { DateText, IdText, PsnNo, RegionCode } from "../../http/schemas.ts";
import { changeStatus, enrol, enrolNewborn, transfer } from "./enrolment.service.ts";
import { assertImported, importCsv } from "./import.service.ts";
import { createEmployer, createPerson, updateContact } from "./person.service.ts";
import { personView } from "./person.view.ts";
import { findPersonByCertno, findPersonByPsnNo } from "./registry.repository.ts";
import { recordPersonAccess } from "../platform/access-log.ts";
import { inScope, regionIn, regionScope } from "../platform/region-scope.ts";
import type { AccessResult } from "../platform/access-log.table.ts";
import { CSV_BODY_LIMIT } from "./csv.ts";

const Date_ = DateText;
const PersonBody = Type.Object({
  certno: Type.String({ maxLength: 18 }),
  name: Type.String({ maxLength: 50 }),
  phone: Type.Optional(Type.String({ maxLength: 20 })),
  address: Type.Optional(Type.String({ maxLength: 200 })),
  householdNo: Type.Optional(Type.String({ maxLength: 40 })),
  regionCode: RegionCode,
});
const ContactBody = Type.Object({
  phone: Type.Optional(Type.Union([Type.String({ maxLength: 20 }), Type.Null()])),
  address: Type.Optional(Type.Union([Type.String({ maxLength: 200 }), Type.Null()])),
  householdNo: Type.Optional(Type.Union([Type.String({ maxLength: 40 }), Type.Null()])),
});
const EmployerBody = Type.Object({
  uscc: Type.String({ maxLength: 18 }),
  name: Type.String({ maxLength: 50 }), // checkName: 1-50 characters
  regionCode: RegionCode,
});
const EnrolBody = Type.Object({
  psnNo: PsnNo,
  insutype: Type.String({ maxLength: 3 }),
  psnType: Type.String({ maxLength: 4 }),
  regionCode: RegionCode,
  employerUscc: Type.Optional(Type.String({ maxLength: 18 })),
  flexible: Type.Optional(Type.Boolean()),
  startDate: Date_,
});
const StatusBody = Type.Object({
  status: Type.Union([Type.Literal("active"), Type.Literal("suspended"), Type.Literal("terminated")]),
  effectiveDate: Date_,
  reason: Type.Optional(Type.String({ maxLength: 200 })),
});
const TransferBody = Type.Object({ toRegion: RegionCode, date: Date_ });
const NewbornBody = Type.Object({
  certno: Type.String({ maxLength: 18 }),
  name: Type.String({ maxLength: 50 }),
  startDate: Date_,
});
const PersonsQuery = Type.Intersect([
  PageQuery,
  Type.Object({
    regionCode: Type.Optional(RegionCode),
    householdNo: Type.Optional(Type.String({ maxLength: 40 })),
    certno: Type.Optional(Type.String({ maxLength: 18 })),
  }),
]);
const PsnParams = Type.Object({ psnNo: PsnNo });
const IdParams = Type.Object({ id: IdText });
const ImportParams = Type.Object({
  kind: Type.Union([
    Type.Literal("persons"),
    Type.Literal("employers"),
    Type.Literal("enrolments"),
    Type.Literal("assistance"),
  ]),
});

const WRITE = requireRole("agency");
const READ = requireRole(...STAFF_ROLES);
const tags = ["registry"];

/** 参保登记: persons, employers, enrolments, transfers, newborns, imports (institutions: features/institutions). */
export const registryRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db, now } = app.deps;
  const today = () => beijingDay(now());
  const ids = <T extends { id: bigint }>(r: T) => ({ ...r, id: String(r.id) });

  app.post("/persons", { schema: { tags, body: PersonBody }, preHandler: WRITE }, async (req, reply) => {
    const actor = actorOf(req);
    const p = await createPerson(db, actor, req.body, today());
    return reply.status(201).send(personView(p, actor));
  });

  /** A staff person lookup, recorded in the person access log (features/platform/access-log.ts). */
  const logLookup = (
    req: FastifyRequest,
    credentialType: "psn_no" | "certno",
    credential: string,
    result: AccessResult,
    personId: bigint | null,
  ) =>
    recordPersonAccess(db, {
      at: now(),
      channel: "rest",
      actor: actorOf(req),
      personId,
      credentialType,
      credential,
      result,
      requestId: req.id,
    });

  app.get("/persons", { schema: { tags, querystring: PersonsQuery }, preHandler: READ }, async (req) => {
    const q = req.query;
    const limit = q.limit ?? 50;
    const after = decodeCursor(q.cursor);
    const scope = await regionScope(db, actorOf(req));
    let query = db
      .selectFrom("persons")
      .selectAll()
      .where(regionIn("region_code", scope))
      .orderBy("id")
      .limit(limit + 1);
    if (after !== null) query = query.where("id", ">", after);
    if (q.regionCode) query = query.where("region_code", "=", q.regionCode);
    if (q.householdNo) query = query.where("household_no", "=", q.householdNo);
    if (q.certno) query = query.where("certno", "=", q.certno.toUpperCase());
    const page = pageOf(await query.execute(), limit);
    if (q.certno) {
      // a search by ID number is a person lookup: recorded, also when it finds nobody in scope
      const hit = page.items[0] ?? (await findPersonByCertno(db, q.certno.toUpperCase()));
      const result = !hit ? "not_found" : inScope(scope, hit.region_code) ? "found" : "out_of_scope";
      await logLookup(req, "certno", q.certno, result, hit?.id ?? null);
    }
    const actor = actorOf(req);
    return { items: page.items.map((p) => personView(p, actor)), nextCursor: page.nextCursor };
  });

  app.get("/persons/:psnNo", { schema: { tags, params: PsnParams }, preHandler: READ }, async (req) => {
    const { psnNo } = req.params;
    const p = await findPersonByPsnNo(db, psnNo);
    const visible = p !== undefined && inScope(await regionScope(db, actorOf(req)), p.region_code);
    await logLookup(
      req,
      "psn_no",
      psnNo,
      !p ? "not_found" : visible ? "found" : "out_of_scope",
      p?.id ?? null,
    );
    if (!p || !visible) throw new YibaoError("REG_PERSON_UNKNOWN", `No person ${psnNo}`, { field: "psnNo" });
    const enrolments = await db
      .selectFrom("enrolments")
      .selectAll()
      .where("person_id", "=", p.id)
      .orderBy("id")
      .execute();
    const history = enrolments.length
      ? await db
          .selectFrom("enrolment_status_history")
          .selectAll()
          .where(
            "enrolment_id",
            "in",
            enrolments.map((e) => e.id),
          )
          .orderBy("id")
          .execute()
      : [];
    const assistance = await db
      .selectFrom("assistance_categories")
      .selectAll()
      .where("person_id", "=", p.id)
      .orderBy("valid_from")
      .execute();
    const account = await db
      .selectFrom("personal_accounts")
      .select("balance")
      .where("person_id", "=", p.id)
      .executeTakeFirst();
    return {
      ...personView(p, actorOf(req)),
      enrolments: enrolments.map((e) => ({
        ...ids(e),
        person_id: String(e.person_id),
        employer_id: e.employer_id?.toString() ?? null,
        history: history
          .filter((h) => h.enrolment_id === e.id)
          .map((h) => ({
            status: h.status,
            effective_date: h.effective_date,
            reason: h.reason,
            recorded_at: h.recorded_at,
          })),
      })),
      assistance: assistance.map((a) => ({
        category: a.category,
        valid_from: a.valid_from,
        valid_to: a.valid_to,
      })),
      accountBalance: account ? fenToYuan(account.balance) : null,
    };
  });

  app.patch(
    "/persons/:psnNo/contact",
    { schema: { tags, params: PsnParams, body: ContactBody }, preHandler: WRITE },
    async (req) => {
      const actor = actorOf(req);
      const p = await updateContact(db, actor, req.params.psnNo, req.body);
      return personView(p, actor);
    },
  );

  app.post(
    "/persons/:psnNo/newborns",
    { schema: { tags, params: PsnParams, body: NewbornBody }, preHandler: WRITE },
    async (req, reply) => {
      const actor = actorOf(req);
      const body = req.body;
      const r = await enrolNewborn(db, actor, req.params.psnNo, body, today());
      return reply
        .status(201)
        .send({ person: personView(r.person, actor), enrolmentId: String(r.enrolment.id) });
    },
  );

  app.post(
    "/persons/:psnNo/transfer",
    { schema: { tags, params: PsnParams, body: TransferBody }, preHandler: WRITE },
    async (req) => {
      const body = req.body;
      const r = await transfer(db, actorOf(req), req.params.psnNo, body.toRegion, body.date);
      return {
        terminatedEnrolmentId: String(r.terminated),
        enrolmentId: String(r.enrolment.id),
        carriedMonths: r.carriedMonths,
      };
    },
  );

  app.post("/employers", { schema: { tags, body: EmployerBody }, preHandler: WRITE }, async (req, reply) => {
    return reply.status(201).send(ids(await createEmployer(db, actorOf(req), req.body)));
  });

  app.get("/employers", { schema: { tags, querystring: PageQuery }, preHandler: READ }, async (req) => {
    const q = req.query;
    const limit = q.limit ?? 50;
    const after = decodeCursor(q.cursor);
    let query = db
      .selectFrom("employers")
      .selectAll()
      .where(regionIn("region_code", await regionScope(db, actorOf(req))))
      .orderBy("id")
      .limit(limit + 1);
    if (after !== null) query = query.where("id", ">", after);
    const page = pageOf(await query.execute(), limit);
    return { items: page.items.map(ids), nextCursor: page.nextCursor };
  });

  app.post("/enrolments", { schema: { tags, body: EnrolBody }, preHandler: WRITE }, async (req, reply) => {
    const e = await enrol(db, actorOf(req), req.body);
    return reply
      .status(201)
      .send({ ...ids(e), person_id: String(e.person_id), employer_id: e.employer_id?.toString() ?? null });
  });

  app.post(
    "/enrolments/:id/status",
    { schema: { tags, params: IdParams, body: StatusBody }, preHandler: WRITE },
    async (req) => {
      const body = req.body;
      const e = await changeStatus(
        db,
        actorOf(req),
        BigInt(req.params.id),
        body.status,
        body.effectiveDate,
        body.reason ?? null,
      );
      return { ...ids(e), person_id: String(e.person_id), employer_id: e.employer_id?.toString() ?? null };
    },
  );

  // CSV upload: the body is the file (text/csv). All-or-nothing; the report lists bad rows.
  app.addContentTypeParser("text/csv", { parseAs: "string", bodyLimit: CSV_BODY_LIMIT }, (_req, body, done) =>
    done(null, body),
  );
  app.post(
    "/imports/:kind",
    {
      schema: { tags, params: ImportParams, summary: "Import a CSV file (text/csv body), all-or-nothing" },
      preHandler: WRITE,
    },
    async (req) => {
      const { kind } = req.params;
      if (typeof req.body !== "string")
        throw new YibaoError("CSV_MALFORMED", "Send the file as text/csv", { field: "body" });
      const report = await importCsv(db, actorOf(req), kind, req.body, today());
      assertImported(report);
      return report;
    },
  );
};
