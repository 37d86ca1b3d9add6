import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { YibaoError } from "@yibao/core/errors";
import { Type } from "typebox";
import { handleNhsa, nhsaFailure } from "./gateway.ts";
import { NhsaEnvelope } from "./nhsa.responses.ts";
import { TRANSACTION_PATHS } from "./transactions.ts";

const JSON_TYPE = "application/json; charset=utf-8";

const schema = {
  tags: ["nhsa"],
  security: [],
  body: { type: "object", additionalProperties: true },
  response: { 200: NhsaEnvelope },
  description:
    "NHSA 定点医药机构接口: the envelope {infno, msgid, fixmedins_code, inf_time, input...}; see docs/nhsa.md",
};

/** NHSA bodies may be larger than REST ones (an inpatient stay's fee lines in one 2301). */
export const NHSA_BODY_LIMIT = 4 * 1024 * 1024;

/**
 * The NHSA bodies' parser, for application/json and for text/plain (any charset parameter: many
 * HIS post the JSON text with their HTTP library's default content type). Plain JSON.parse, not
 * Fastify's secure-json-parse, which scans the whole text twice more for `__proto__` and
 * `constructor`: the input guard (http/input-guard.ts) walks every key anyway and refuses those
 * there. Refused as Fastify refuses bad JSON.
 */
function parseJsonBody(_req: unknown, body: string | Buffer, done: (err: Error | null, v?: unknown) => void) {
  const text = typeof body === "string" ? body : body.toString("utf8");
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    const empty = text.trim() === "";
    return done(
      new YibaoError("JSON_MALFORMED", empty ? "The body is empty" : "The body is not valid JSON", {
        field: "body",
      }),
    );
  }
  done(null, parsed);
}

/**
 * The interface hospitals' HIS already speak: one endpoint with infno in the body (also with the
 * infno appended to its path, as some clients build their URL), and per-transaction paths.
 */
export const nhsaRoutes: FastifyPluginAsyncTypebox = async (app) => {
  // A HIS may send anything as the body; every refusal (a body that is not JSON, too large, with
  // NUL characters...) comes back as an envelope with infcode -1, not as HTTP 400.
  app.setErrorHandler(async (err, req, reply) =>
    reply
      .status(200)
      .type(JSON_TYPE)
      .send(nhsaFailure(app.deps, req.body ?? null, err, req.log, req.id)),
  );
  app.removeContentTypeParser(["application/json", "text/plain"]);
  const parser = { parseAs: "string" as const, bodyLimit: NHSA_BODY_LIMIT };
  app.addContentTypeParser("application/json", parser, parseJsonBody);
  app.addContentTypeParser("text/plain", parser, parseJsonBody);
  const options = (summary: string) => ({ schema: { ...schema, summary }, bodyLimit: NHSA_BODY_LIMIT });
  app.post(
    "/fsi/api/rsfComIfsService/callService",
    options("all transactions (infno in the body)"),
    async (req, reply) =>
      reply
        .type(JSON_TYPE)
        .send(await handleNhsa(app.deps, req.body, req.headers, undefined, req.log, req.id)),
  );
  // A wildcard, not a parameter: whatever a client appends (too long for a parameter, with slashes)
  // still gets an envelope, the infno mismatch naming the field.
  app.post(
    "/fsi/api/rsfComIfsService/callService/*",
    {
      ...options("all transactions, the infno also in the path (it must equal the body's)"),
      schema: {
        ...schema,
        summary: "all transactions, the infno also in the path (it must equal the body's)",
        params: Type.Object({ "*": Type.String() }),
      },
    },
    async (req, reply) =>
      reply
        .type(JSON_TYPE)
        .send(await handleNhsa(app.deps, req.body, req.headers, req.params["*"], req.log, req.id)),
  );
  for (const [path, infno] of Object.entries(TRANSACTION_PATHS)) {
    app.post(path, options(`infno ${infno}`), async (req, reply) =>
      reply.type(JSON_TYPE).send(await handleNhsa(app.deps, req.body, req.headers, infno, req.log, req.id)),
    );
  }
};
