import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { fenToYuan } from "@yibao/core/money";
import { Type } from "typebox";
import { actorOf, requireRole } from "../../http/context.ts";
import { IdText, Nullable, RegionCode, StringEnum, Timestamp, YuanOut, answers } from "../../http/schemas.ts";
import { setDisclosure } from "./disclosure.service.ts";
import { publicDisclosures } from "./disclosure.repository.ts";
import { institutionNames } from "./inspection.repository.ts";
import { createDraw, draws, getDraw, publish, publishedDraws, recordResult } from "./inspection.service.ts";
import { IdParams } from "./supervision.schemas.ts";

const tags = ["supervision"];
const ACTORS = ["auditor", "supervisor"] as const;

const DrawBody = Type.Object({
  regionCode: RegionCode,
  title: Type.String({ minLength: 1, maxLength: 200 }),
  seed: Type.Optional(
    Type.String({ pattern: "^[0-9A-Za-z-]{1,64}$", description: "made and published when absent" }),
  ),
  institutionCount: Type.Integer({ minimum: 1, maximum: 500 }),
  perTeam: Type.Optional(Type.Integer({ minimum: 1, maximum: 10, default: 2 })),
  level: Type.Optional(StringEnum(["1", "2", "3"] as const)),
  kind: Type.Optional(StringEnum(["hospital", "primary", "pharmacy"] as const)),
});
const ResultBody = Type.Object({
  institutionCode: Type.String({ minLength: 1, maxLength: 30 }),
  outcome: StringEnum(["no_finding", "case_opened"] as const),
  caseId: Type.Optional(IdText),
  note: Type.Optional(Type.String({ maxLength: 2000 })),
});
const Result = Type.Object({
  institutionCode: Type.String(),
  outcome: Type.String(),
  caseNo: Nullable(Type.String()),
  caseId: Nullable(Type.String()),
  note: Type.String(),
  recordedBy: Type.String(),
  recordedAt: Timestamp,
});
const Team = Type.Object({
  institution: Type.String(),
  institutionName: Type.String(),
  inspectors: Type.Array(Type.String()),
});
const Draw = Type.Object({
  id: Type.String(),
  drawNo: Type.String({ description: "抽查编号" }),
  regionCode: Type.String(),
  title: Type.String(),
  seed: Type.String(),
  institutionCount: Type.Integer(),
  perTeam: Type.Integer(),
  filter: Type.Object({ level: Type.Optional(Type.String()), kind: Type.Optional(Type.String()) }),
  candidates: Type.Object({ institutions: Type.Integer(), inspectors: Type.Integer() }),
  candidatesSha256: Type.String({ description: "SHA-256 of the candidate lists as JSON" }),
  teams: Type.Array(Team),
  createdBy: Type.String(),
  createdAt: Timestamp,
  publishedAt: Nullable(Timestamp),
  results: Type.Array(Result),
});
const DrawDetail = Type.Object({
  draw: Draw,
  verified: Type.Boolean({
    description: "drawn again from the seed and the stored lists: the same teams and hash",
  }),
  candidateLists: Type.Object({
    institutions: Type.Array(Type.String()),
    inspectors: Type.Array(Type.String()),
  }),
});
const PublicDraw = Type.Object({
  drawNo: Type.String(),
  regionCode: Type.String(),
  title: Type.String(),
  seed: Type.String(),
  candidatesSha256: Type.String(),
  publishedAt: Timestamp,
  institutions: Type.Array(
    Type.Object({
      code: Type.String(),
      name: Type.String(),
      outcome: Nullable(Type.String()),
      caseNo: Nullable(Type.String()),
    }),
  ),
});
const DisclosureBody = Type.Object({
  action: StringEnum(["disclose", "withdraw"] as const),
  summary: Type.String({ minLength: 1, maxLength: 2000, description: "for the public: names no person" }),
});
const Disclosure = Type.Object({ caseNo: Type.String(), action: Type.String(), at: Timestamp });
const PublicDisclosure = Type.Object({
  caseNo: Type.String(),
  institutionCode: Type.String(),
  institutionName: Type.String(),
  ruleFamilies: Type.Array(Type.String()),
  deduction: Nullable(YuanOut),
  decidedAt: Nullable(Timestamp),
  summary: Type.String(),
  disclosedAt: Timestamp,
});

type Listed = Awaited<ReturnType<typeof draws>>[number];

async function drawOut(names: Map<string, string>, { draw: d, results }: Listed) {
  const c = d.candidates as unknown as { institutions: string[]; inspectors: string[] };
  const teams = d.teams as unknown as { institution: string; inspectors: string[] }[];
  return {
    id: String(d.id),
    drawNo: d.draw_no,
    regionCode: d.region_code,
    title: d.title,
    seed: d.seed,
    institutionCount: d.institution_count,
    perTeam: d.per_team,
    filter: d.filter as unknown as { level?: string; kind?: string },
    candidates: { institutions: c.institutions.length, inspectors: c.inspectors.length },
    candidatesSha256: d.candidates_sha256,
    teams: teams.map((t) => ({ ...t, institutionName: names.get(t.institution) ?? t.institution })),
    createdBy: d.created_by,
    createdAt: d.created_at,
    publishedAt: d.published_at,
    results: results.map((r) => ({
      institutionCode: r.institution_code,
      outcome: r.outcome,
      caseNo: r.case_no,
      caseId: r.case_id === null ? null : String(r.case_id),
      note: r.note,
      recordedBy: r.recorded_by,
      recordedAt: r.recorded_at,
    })),
  };
}

const teamCodes = (rows: Listed[]) =>
  rows.flatMap((r) => (r.draw.teams as unknown as { institution: string }[]).map((t) => t.institution));

/** Random inspections (双随机、一公开) and the disclosure of typical cases (典型案例曝光). */
export const inspectionRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db, now } = app.deps;

  app.post(
    "/supervision/inspections",
    {
      schema: {
        tags,
        body: DrawBody,
        summary: "draw institutions and inspection teams from a seed",
        response: answers({ 201: Draw }),
      },
      preHandler: requireRole("supervisor"),
    },
    async (req, reply) => {
      const d = await createDraw(db, actorOf(req), req.body, now());
      const listed = { draw: d, results: [] };
      return reply.status(201).send(await drawOut(await institutionNames(db, teamCodes([listed])), listed));
    },
  );

  app.get(
    "/supervision/inspections",
    { schema: { tags, response: answers({ 200: Type.Array(Draw) }) }, preHandler: requireRole(...ACTORS) },
    async (req) => {
      const rows = await draws(db, actorOf(req));
      const names = await institutionNames(db, teamCodes(rows));
      return Promise.all(rows.map((r) => drawOut(names, r)));
    },
  );

  app.get(
    "/supervision/inspections/:id",
    {
      schema: { tags, params: IdParams, response: answers({ 200: DrawDetail }) },
      preHandler: requireRole(...ACTORS),
    },
    async (req) => {
      const { draw, results, verified } = await getDraw(db, actorOf(req), BigInt(req.params.id));
      const listed = { draw, results };
      const c = draw.candidates as unknown as { institutions: string[]; inspectors: string[] };
      return {
        draw: await drawOut(await institutionNames(db, teamCodes([listed])), listed),
        verified,
        candidateLists: c,
      };
    },
  );

  app.post(
    "/supervision/inspections/:id/publish",
    {
      schema: { tags, params: IdParams, response: answers({ 200: Type.Object({ publishedAt: Timestamp }) }) },
      preHandler: requireRole("supervisor"),
    },
    async (req) => {
      const d = await publish(db, actorOf(req), BigInt(req.params.id), now());
      return { publishedAt: d.published_at! };
    },
  );

  app.post(
    "/supervision/inspections/:id/results",
    {
      schema: {
        tags,
        params: IdParams,
        body: ResultBody,
        response: answers({ 201: Type.Object({ ok: Type.Boolean() }) }),
      },
      preHandler: requireRole(...ACTORS),
    },
    async (req, reply) => {
      const b = req.body;
      await recordResult(
        db,
        actorOf(req),
        BigInt(req.params.id),
        { ...b, caseId: b.caseId === undefined ? undefined : BigInt(b.caseId) },
        now(),
      );
      return reply.status(201).send({ ok: true });
    },
  );

  app.post(
    "/supervision/cases/:id/disclosure",
    {
      schema: { tags, params: IdParams, body: DisclosureBody, response: answers({ 201: Disclosure }) },
      preHandler: requireRole("supervisor"),
    },
    async (req, reply) =>
      reply.status(201).send(await setDisclosure(db, actorOf(req), BigInt(req.params.id), req.body, now())),
  );

  // 一公开: the published draws and the disclosed cases, for anyone (no login)
  app.get(
    "/public/inspections",
    { schema: { tags: ["public"], response: answers({ 200: Type.Array(PublicDraw) }) } },
    async () => {
      const rows = await publishedDraws(db);
      const names = await institutionNames(db, teamCodes(rows));
      return rows.map(({ draw: d, results }) => ({
        drawNo: d.draw_no,
        regionCode: d.region_code,
        title: d.title,
        seed: d.seed,
        candidatesSha256: d.candidates_sha256,
        publishedAt: d.published_at!,
        institutions: (d.teams as unknown as { institution: string }[]).map((t) => {
          const r = results.find((x) => x.institution_code === t.institution);
          return {
            code: t.institution,
            name: names.get(t.institution) ?? t.institution,
            outcome: r?.outcome ?? null,
            caseNo: r?.case_no ?? null,
          };
        }),
      }));
    },
  );

  app.get(
    "/public/disclosures",
    { schema: { tags: ["public"], response: answers({ 200: Type.Array(PublicDisclosure) }) } },
    async () =>
      (await publicDisclosures(db, 200)).map((r) => ({
        caseNo: r.case_no,
        institutionCode: r.institution_code,
        institutionName: r.institution_name,
        ruleFamilies: r.families ?? [],
        deduction: r.deduction === null ? null : fenToYuan(BigInt(r.deduction)),
        decidedAt: r.decided_at,
        summary: r.summary,
        disclosedAt: r.disclosed_at,
      })),
  );
};
