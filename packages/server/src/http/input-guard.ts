import { YibaoError } from "@yibao/core/errors";
import type { FastifyRequest } from "fastify";

/**
 * Checks every request's text before schemas and handlers see it: no NUL characters (PostgreSQL
 * refuses \u0000 in text and jsonb) and no lone surrogates (not Unicode; PostgreSQL cannot store
 * them), in values and in keys; JSON nested at most MAX_DEPTH deep (deeper bodies would overflow
 * recursive code: hashing, serialising); no text longer than MAX_TEXT anywhere (each field also
 * has its own, smaller, documented limit: docs/api.md); no non-finite number (JSON's 1e400 parses
 * to Infinity). CSV bodies are checked for NUL only: they
 * have their own size limit and are checked row by row.
 */
const MAX_DEPTH = 32;
const MAX_TEXT = 10_000;
/**
 * The texts allowed to be longer: the file of a 9101 upload, base64 of at most
 * UPLOAD_MAX_BYTES (features/nhsa/upload-file.ts), which checks it further.
 */
const LONG_TEXTS: Record<string, number> = { "input.fsUploadIn.in": 2_800_000 };
/** A high surrogate not followed by a low one, or a low one not preceded by a high one. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const isWellFormedText = (s: string) => !LONE_SURROGATE.test(s);
/** Idempotency-Key: printable ASCII, as short as a msgid-like key needs. */
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,128}$/;

function checkText(value: string, field: string, max = MAX_TEXT): void {
  if (value.includes("\u0000"))
    throw new YibaoError("TEXT_INVALID", `${field} holds a NUL character`, { field });
  if (!isWellFormedText(value))
    throw new YibaoError("TEXT_INVALID", `${field} holds a lone surrogate (not Unicode text)`, { field });
  if (value.length > max)
    throw new YibaoError("TEXT_TOO_LONG", `${field} is longer than ${max} characters`, {
      field,
      maxLength: max,
    });
}

/**
 * Keys no body may hold, as secure-json-parse refuses them: `__proto__` (JSON.parse makes it an own
 * key, which Object.assign or a merge would turn into the object's prototype) and a `constructor`
 * holding a `prototype`. The NHSA routes parse with plain JSON.parse and rely on this.
 */
function forbiddenKey(k: string, v: unknown): boolean {
  return (
    k === "__proto__" ||
    (k === "constructor" && v !== null && typeof v === "object" && Object.hasOwn(v, "prototype"))
  );
}

/** NUL or any surrogate: the only characters checkText looks at beyond the length. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: NUL is what it looks for
const SUSPECT_CHAR = /[\u0000\uD800-\uDFFF]/;
const KEY_MAX = 200;
const cleanText = (s: string) => !s.includes("\u0000") && isWellFormedText(s);

/**
 * The walk without paths: true when the tree surely passes checkTree (most bodies), false when
 * checkTree must look (it then names the field, or finds that a long text is allowed there).
 * No allocation per node but the stack, no path text built.
 */
function surelyClean(root: unknown): boolean {
  const values: unknown[] = [root];
  const depths: number[] = [0];
  while (values.length > 0) {
    const value = values.pop();
    const depth = depths.pop()!;
    if (typeof value === "string") {
      if (value.length > MAX_TEXT || (SUSPECT_CHAR.test(value) && !cleanText(value))) return false;
      continue;
    }
    if (typeof value === "number") {
      if (!Number.isFinite(value)) return false;
      continue;
    }
    if (value === null || typeof value !== "object") continue;
    if (depth >= MAX_DEPTH) return false;
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        values.push(value[i]);
        depths.push(depth + 1);
      }
      continue;
    }
    const o = value as Record<string, unknown>;
    for (const k of Object.keys(o)) {
      if (k.length > KEY_MAX || (SUSPECT_CHAR.test(k) && !cleanText(k))) return false;
      if (k === "__proto__" || k === "constructor") return false;
      values.push(o[k]);
      depths.push(depth + 1);
    }
  }
  return true;
}

/**
 * Walks a parsed JSON value without recursion, checking keys, strings and depth (and, for a body
 * parsed from JSON, the forbidden keys). The quick walk
 * first; the walk with paths (which throws naming the field) only when the quick one is unsure.
 */
export function checkTree(root: unknown, prefix: string, json = false): void {
  if (surelyClean(root)) return;
  const stack: { value: unknown; path: string; depth: number }[] = [{ value: root, path: prefix, depth: 0 }];
  while (stack.length > 0) {
    const { value, path, depth } = stack.pop()!;
    if (typeof value === "string") {
      checkText(value, path || "body", LONG_TEXTS[path] ?? MAX_TEXT);
      continue;
    }
    if (typeof value === "number" && !Number.isFinite(value))
      throw new YibaoError("NUMBER_OUT_OF_RANGE", `${path || "body"} is not a finite number`, {
        field: path || "body",
      });
    if (value === null || typeof value !== "object") continue;
    if (depth >= MAX_DEPTH)
      throw new YibaoError("NESTING_TOO_DEEP", `${path || "body"} nests deeper than ${MAX_DEPTH} levels`, {
        field: path || "body",
      });
    for (const [k, v] of Object.entries(value)) {
      const p = path ? `${path}.${k}` : k;
      checkText(k, p, KEY_MAX);
      if (json && forbiddenKey(k, v))
        throw new YibaoError("JSON_MALFORMED", `${p} is a key no JSON body may hold`, { field: p });
      stack.push({ value: v, path: p, depth: depth + 1 });
    }
  }
}

/** preValidation hook of the app: refuses bad text in the body, query, path and Idempotency-Key. */
export async function inputGuard(request: FastifyRequest): Promise<void> {
  const body = request.body;
  if (typeof body === "string") {
    const nul = body.indexOf("\u0000");
    if (nul >= 0) {
      const line = body.slice(0, nul).split("\n").length;
      throw new YibaoError("TEXT_INVALID", `The file holds a NUL character (line ${line})`, {
        field: "file",
        line,
      });
    }
    if (!isWellFormedText(body))
      throw new YibaoError("TEXT_INVALID", "The file is not Unicode text", { field: "file" });
  } else checkTree(body, "", true);
  checkTree(request.query, "");
  checkTree(request.params, "");
  const key = request.headers["idempotency-key"];
  if (key !== undefined && (typeof key !== "string" || !IDEMPOTENCY_KEY.test(key)))
    throw new YibaoError("FIELD_INVALID", "Idempotency-Key must be 1-128 printable ASCII characters", {
      field: "Idempotency-Key",
    });
}

/**
 * preHandler hook of the app: the query after the schema coerced it. Ajv turns "1e400" into
 * Infinity and lets it pass `maximum`; no non-finite number goes further.
 */
export async function coercedGuard(request: FastifyRequest): Promise<void> {
  checkTree(request.query, "");
}
