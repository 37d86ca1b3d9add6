import type { FastifyInstance, LightMyRequestResponse } from "fastify";
import { expect } from "vitest";

/**
 * Catches what a response schema drops or changes. With a response schema Fastify serialises
 * only the properties the schema names (fast-json-stringify), and coerces each to the schema's
 * type: a property the schema forgets silently disappears from the answer. This records each
 * object a handler answers, before it is serialised, and compares the body sent with that object
 * as JSON would carry it (Dates as ISO strings). Call before the app's first request.
 */
export function watchAnswers(app: FastifyInstance) {
  const answers = new Map<string, unknown>();
  app.addHook("preSerialization", async (req, _reply, payload) => {
    answers.set(req.id, payload);
    return payload;
  });
  return {
    /** The body of `res` is the whole of what its handler answered (fails naming what differs). */
    expectWhole(res: LightMyRequestResponse) {
      const id = String(res.headers["x-request-id"]);
      expect(answers.has(id), `no object answer recorded for ${res.statusCode} ${res.body}`).toBe(true);
      const sent = JSON.parse(
        JSON.stringify(answers.get(id), (_k, v) => (typeof v === "bigint" ? `<bigint ${v}>` : v)),
      );
      expect(res.json()).toEqual(sent);
    },
  };
}
