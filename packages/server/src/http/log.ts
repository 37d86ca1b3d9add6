import { maskText } from "@yibao/core/pii";

/**
 * What may reach a log line (个人信息保护): no ID number, name or phone in clear, on either engine.
 * Database errors carry the offending row in `detail` ("Key (certno)=(...) already exists"), the
 * statement's parameters (PGlite: `params`, `query`) and quoted values in the message ("invalid
 * input syntax for type date: "..."" ): the error serialiser keeps only a whitelist of fields,
 * drops every quoted value after a colon, and masks ID numbers and phones in what is left.
 */
const ERROR_FIELDS = ["code", "statusCode", "severity", "constraint", "table", "column", "routine"] as const;
/** Query parameters whose values never reach a log line, whatever they hold. */
const SECRET_QUERY = /([?&](?:certno|name|psn_name|phone|mdtrt_cert_no|q)=)[^&]*/gi;

/** A message with quoted values (`: "..."`) taken out and ID numbers and phones masked. */
export function safeMessage(message: string): string {
  return maskText(message.replace(/: "(?:[^"\\]|\\.)*"/g, ': "[value]"'));
}

/** A thrown value as it may be logged: type, code, masked message, stack frames (no message). */
export function safeError(err: unknown, depth = 0): Record<string, unknown> {
  if (err === null || typeof err !== "object") return { message: safeMessage(String(err)) };
  const e = err as Record<string, unknown>;
  const out: Record<string, unknown> = {
    type: typeof e.name === "string" ? e.name : (err.constructor?.name ?? "Error"),
    message: safeMessage(typeof e.message === "string" ? e.message : ""),
  };
  for (const k of ERROR_FIELDS) if (typeof e[k] === "string" || typeof e[k] === "number") out[k] = e[k];
  if (typeof e.stack === "string")
    out.stack = e.stack
      .split("\n")
      .filter((l) => l.trimStart().startsWith("at "))
      .map(maskText)
      .join("\n");
  if (e.cause !== undefined && depth < 3) out.cause = safeError(e.cause, depth + 1);
  return out;
}

/** The request as it may be logged: method, masked URL, id. */
function safeRequest(req: { method: string; url: string; id: string }) {
  return { method: req.method, url: maskText(req.url.replace(SECRET_QUERY, "$1*")), id: req.id };
}

/** Logger options of the server at a level (LOG_LEVEL): the serialisers above for every request and error. */
export const safeLogger = (level = "info") => ({
  level,
  serializers: {
    req: safeRequest,
    // pino's declared type wants type, message and stack, which safeError gives
    err: safeError as (err: unknown) => { type: string; message: string; stack: string },
  },
});
