import { Ajv, type ValidateFunction } from "ajv";
import type { FastifyInstance } from "fastify";
import { TRANSACTION_PATHS } from "../features/nhsa/transactions.ts";
import { OUTPUT_SCHEMAS, answerSchema, refusalSchema } from "../features/nhsa/wire-schemas.ts";

const ajv = new Ajv({ allErrors: true, strict: false });
const byInfno = new Map<string, ValidateFunction>();
const refusal = ajv.compile(refusalSchema());
for (const infno of Object.keys(OUTPUT_SCHEMAS)) byInfno.set(infno, ajv.compile(answerSchema(infno)));

/** The infno a gateway request was for: the path's, else the body's. */
function infnoOf(url: string, body: unknown): string | undefined {
  const path = url.split("?")[0]!;
  const fromPath = TRANSACTION_PATHS[path] ?? /\/callService\/(\w+)$/.exec(path)?.[1];
  const b = body as { infno?: unknown } | null;
  return fromPath ?? (b && typeof b === "object" && b.infno !== undefined ? String(b.infno) : undefined);
}

/**
 * Every answer of the gateway in a test app validates against its infno's schema (docs/nhsa-schemas,
 * from features/nhsa/wire-schemas.ts); a refusal against the refusal schema. An answer that does
 * not is replaced by an error (the test that sent it fails), and the schema's complaint is printed.
 */
export function checkNhsaAnswers(app: FastifyInstance) {
  app.addHook("onSend", async (req, _reply, payload) => {
    if (!req.url.startsWith("/fsi/") || typeof payload !== "string") return payload;
    const answer = JSON.parse(payload) as { infcode?: unknown };
    const infno = infnoOf(req.url, req.body);
    const check = answer.infcode === 0 && infno ? byInfno.get(infno) : refusal;
    if (!check) throw new Error(`an answer of infno ${infno} with no schema`);
    if (!check(answer)) {
      const why = JSON.stringify(check.errors?.slice(0, 5));
      console.error(
        `NHSA answer of ${infno} does not match docs/nhsa-schemas: ${why}\n${payload.slice(0, 800)}`,
      );
      throw new Error(`NHSA answer of ${infno} does not match its schema: ${why}`);
    }
    return payload;
  });
}
