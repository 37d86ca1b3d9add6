import type { FastifyPluginAsync } from "fastify";
import { handleNhsa } from "./gateway.ts";
import { TRANSACTION_PATHS } from "./transactions.ts";

const JSON_TYPE = "application/json; charset=utf-8";

const schema = {
  tags: ["nhsa"],
  security: [],
  body: { type: "object", additionalProperties: true },
  description:
    "NHSA 定点医药机构接口: the envelope {infno, msgid, fixmedins_code, inf_time, input...}; see docs/nhsa.md",
};

/** The interface hospitals' HIS already speak: one endpoint with infno in the body, and per-transaction paths. */
export const nhsaRoutes: FastifyPluginAsync = async (app) => {
  // A HIS may send anything as the body; envelope errors come back as infcode -1, not HTTP 400.
  app.setErrorHandler(async (err, _req, reply) =>
    reply
      .status(200)
      .type(JSON_TYPE)
      .send(await handleNhsa(app.deps, (err as { body?: unknown }).body ?? null, {})),
  );
  app.post(
    "/fsi/api/rsfComIfsService/callService",
    { schema: { ...schema, summary: "all transactions (infno in the body)" } },
    async (req, reply) => reply.type(JSON_TYPE).send(await handleNhsa(app.deps, req.body, req.headers)),
  );
  for (const [path, infno] of Object.entries(TRANSACTION_PATHS)) {
    app.post(path, { schema: { ...schema, summary: `infno ${infno}` } }, async (req, reply) =>
      reply.type(JSON_TYPE).send(await handleNhsa(app.deps, req.body, req.headers, infno)),
    );
  }
};
