import { ConfigError } from "../config.ts";
import { isYibaoError } from "@yibao/core/errors";
import { maskText } from "@yibao/core/pii";
import { safeMessage } from "../http/log.ts";

/**
 * What the CLI prints for an error that ends a command: one clear line, masked like a log line,
 * never a stack trace (YIBAO_DEBUG=1 adds the stack's frames). Exit code 1.
 */
export function describeError(err: unknown): string {
  if (err instanceof ConfigError) return `error: ${err.message}\n(docs/configuration.md lists every setting)`;
  if (isYibaoError(err)) {
    const details = Object.keys(err.details).length ? ` ${maskText(JSON.stringify(err.details))}` : "";
    return `error ${err.code}: ${maskText(err.message)}${details}`;
  }
  const e = err as NodeJS.ErrnoException;
  if (e?.code === "ENOENT") return `error: no such file or directory: ${e.path ?? ""}`;
  if (e?.code === "EACCES") return `error: permission denied: ${e.path ?? ""}`;
  if (e?.code === "ECONNREFUSED") return "error: the database refuses connections (is DATABASE_URL right?)";
  return `error: ${safeMessage(e?.message ?? String(err))} (YIBAO_DEBUG=1 shows where)`;
}
