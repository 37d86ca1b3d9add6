import { ERROR_CODES, type ErrorCode, YibaoError, isYibaoError } from "@yibao/core/errors";
import { maskText } from "@yibao/core/pii";

/** The one place that maps error codes to HTTP statuses and to the NHSA envelope. */
export interface ErrorBody {
  code: string;
  message: string;
  details: Record<string, unknown>;
}

interface PgLikeError {
  code?: string;
  constraint?: string;
  column?: string;
}

/** Unique keys whose violation means a business rule, not a generic conflict (a race lost to a twin request). */
const UNIQUE_KEYS: Record<string, { code: ErrorCode; message: string; field: string }> = {
  fee_lines_live_sn: {
    code: "SETL_FEE_LINE_DUPLICATE",
    message: "A live fee line with this feedetl_sn exists",
    field: "feedetl_sn",
  },
  settlements_reversal: {
    code: "SETL_ALREADY_REVERSED",
    message: "The settlement was already reversed",
    field: "setl_id",
  },
};

/** Turns anything thrown into a YibaoError: validation, Fastify's own refusals, database, or INTERNAL. */
export function toYibaoError(err: unknown): YibaoError {
  if (isYibaoError(err)) return err;
  const e = err as { validation?: AjvError[]; validationContext?: string };
  if (e && Array.isArray(e.validation)) return fromValidation(e.validation[0], e.validationContext);
  return (
    fromFramework(err) ??
    fromDatabase(err) ??
    new YibaoError("INTERNAL", "Internal error; nothing was written", {})
  );
}

interface AjvError {
  keyword?: string;
  instancePath?: string;
  params?: Record<string, unknown>;
  message?: string;
}

/** A schema violation, named by field (body fields by their path, query and path parameters by name). */
function fromValidation(first: AjvError | undefined, context = "body"): YibaoError {
  const missing = first?.params?.missingProperty as string | undefined;
  const path = (first?.instancePath ?? "").replace(/^\//, "").replace(/\//g, ".");
  const field = missing ? (path ? `${path}.${missing}` : missing) : path || context;
  const text = `${field}: ${first?.message ?? "invalid"}`;
  if (missing) return new YibaoError("FIELD_REQUIRED", text, { field });
  if (first?.keyword === "maxLength")
    return new YibaoError("TEXT_TOO_LONG", text, { field, maxLength: first.params?.limit });
  if (first?.keyword === "format" && /^(calendar|date)/.test(String(first.params?.format)))
    return new YibaoError("DATE_INVALID", `${field} must be a real date (${String(first.params?.format)})`, {
      field,
    });
  return new YibaoError("VALIDATION_FAILED", text, { field });
}

/**
 * Fastify's own refusals (content type, body size, JSON syntax, URL encoding), by their code. The
 * messages are ours: a JSON syntax error's message quotes the body, which may hold personal data.
 */
const FRAMEWORK: Record<string, { code: ErrorCode; message: string; field: string }> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    code: "MEDIA_TYPE_UNSUPPORTED",
    message: "This route does not accept that Content-Type",
    field: "content-type",
  },
  FST_ERR_CTP_BODY_TOO_LARGE: { code: "BODY_TOO_LARGE", message: "The body is too large", field: "body" },
  FST_ERR_CTP_EMPTY_JSON_BODY: {
    code: "JSON_MALFORMED",
    message: "The body is empty but the Content-Type says JSON",
    field: "body",
  },
  FST_ERR_CTP_INVALID_JSON_BODY: {
    code: "JSON_MALFORMED",
    message: "The body is not valid JSON",
    field: "body",
  },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: {
    code: "REQUEST_INVALID",
    message: "Content-Length does not match the body",
    field: "content-length",
  },
  FST_ERR_BAD_URL: { code: "REQUEST_INVALID", message: "The URL is not validly encoded", field: "url" },
  FST_ERR_INVALID_URL: { code: "REQUEST_INVALID", message: "The URL is not valid", field: "url" },
  FST_ERR_MAX_PARAM_LENGTH: { code: "URL_TOO_LONG", message: "A path parameter is too long", field: "url" },
};

/** The codes a framework refusal known only by its status maps to, by their documented status. */
const BY_STATUS: ErrorCode[] = [
  "NOT_FOUND",
  "METHOD_NOT_ALLOWED",
  "BODY_TOO_LARGE",
  "URL_TOO_LONG",
  "MEDIA_TYPE_UNSUPPORTED",
];

function fromFramework(err: unknown): YibaoError | null {
  const e = err as { code?: unknown; statusCode?: unknown; name?: string };
  if (!e || typeof e !== "object") return null;
  const known = typeof e.code === "string" ? FRAMEWORK[e.code] : undefined;
  if (known) return new YibaoError(known.code, known.message, { field: known.field });
  const status = typeof e.statusCode === "number" ? e.statusCode : 0;
  if (status < 400 || status >= 500) return null;
  // JSON.parse's SyntaxError (and secure-json-parse's prototype-poisoning refusal) carry 400.
  if (e.name === "SyntaxError")
    return new YibaoError("JSON_MALFORMED", "The body is not valid JSON", { field: "body" });
  const code = BY_STATUS.find((c) => ERROR_CODES[c].http === status) ?? "REQUEST_INVALID";
  return new YibaoError(code, ERROR_CODES[code].description, {});
}

/**
 * Class 22 (data exception) SQLSTATEs: a value the database refuses. Input is validated before it
 * gets there; this is the safety net, so that such a value is a 400 and never a 500. The whole
 * transaction rolled back, so nothing was written.
 */
const DATA_EXCEPTIONS: Record<string, ErrorCode> = {
  "22001": "TEXT_TOO_LONG", // string_data_right_truncation
  "22003": "NUMBER_OUT_OF_RANGE", // numeric_value_out_of_range (int8 overflow)
  "22007": "DATE_INVALID", // invalid_datetime_format
  "22008": "DATE_INVALID", // datetime_field_overflow
  "22021": "TEXT_INVALID", // character_not_in_repertoire (NUL in text)
  "22P05": "TEXT_INVALID", // untranslatable_character (\u0000 in jsonb)
  "22P02": "FIELD_INVALID", // invalid_text_representation
};

function fromDatabase(err: unknown): YibaoError | null {
  const pgErr = err as PgLikeError;
  if (!pgErr || typeof pgErr.code !== "string") return null;
  const known = pgErr.code === "23505" && pgErr.constraint ? UNIQUE_KEYS[pgErr.constraint] : undefined;
  if (known) return new YibaoError(known.code, known.message, { field: known.field });
  const column = pgErr.column ? { field: pgErr.column } : {};
  if (pgErr.code === "23505") {
    return new YibaoError("CONFLICT", "A record with the same unique key already exists", {
      constraint: pgErr.constraint,
    });
  }
  if (pgErr.code === "23503" || pgErr.code === "23514") {
    return new YibaoError("FIELD_INVALID", "A value refers to nothing or breaks a rule", {
      constraint: pgErr.constraint,
      ...column,
    });
  }
  const data = DATA_EXCEPTIONS[pgErr.code];
  if (data) return new YibaoError(data, ERROR_CODES[data].description, column);
  return null;
}

export function httpStatusOf(err: YibaoError): number {
  return ERROR_CODES[err.code as ErrorCode]?.http ?? 500;
}

export function errorBody(err: YibaoError, requestId?: string): ErrorBody {
  // An unexpected error carries the request id, which finds its (masked) log line.
  const details = err.code === "INTERNAL" && requestId ? { ...err.details, requestId } : err.details;
  return { code: err.code, message: maskText(err.message), details: maskStrings(details) };
}

/** ID numbers and phones masked in every text of an error's details, however nested. */
export function maskStrings<T>(value: T, depth = 0): T {
  if (typeof value === "string") return maskText(value) as T;
  if (value === null || typeof value !== "object" || depth > 8) return value;
  if (Array.isArray(value)) return value.map((v) => maskStrings(v, depth + 1)) as T;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskStrings(v, depth + 1)])) as T;
}

/** NHSA envelope fields for a failure: infcode -1 and "[CODE] message" in err_msg. */
export function nhsaErrorFields(err: YibaoError): { infcode: number; err_msg: string } {
  return { infcode: -1, err_msg: `[${err.code}] ${maskText(err.message)}` };
}
