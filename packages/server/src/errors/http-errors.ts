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
  detail?: string;
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

/** Turns anything thrown into a YibaoError: validation, database constraint, or INTERNAL. */
export function toYibaoError(err: unknown): YibaoError {
  if (isYibaoError(err)) return err;
  const e = err as {
    validation?: { instancePath?: string; params?: Record<string, unknown>; message?: string }[];
  };
  if (e && Array.isArray(e.validation)) {
    const first = e.validation[0];
    const missing = first?.params?.missingProperty as string | undefined;
    const path = (first?.instancePath ?? "").replace(/^\//, "").replace(/\//g, ".");
    const field = missing ? (path ? `${path}.${missing}` : missing) : path || "body";
    return new YibaoError(
      missing ? "FIELD_REQUIRED" : "VALIDATION_FAILED",
      `${field}: ${first?.message ?? "invalid"}`,
      { field },
    );
  }
  const pgErr = err as PgLikeError;
  const known = pgErr?.code === "23505" && pgErr.constraint ? UNIQUE_KEYS[pgErr.constraint] : undefined;
  if (known) return new YibaoError(known.code, known.message, { field: known.field });
  if (pgErr && pgErr.code === "23505") {
    return new YibaoError("CONFLICT", "A record with the same unique key already exists", {
      constraint: pgErr.constraint,
    });
  }
  if (pgErr && (pgErr.code === "23503" || pgErr.code === "23514" || pgErr.code === "22P02")) {
    return new YibaoError("FIELD_INVALID", "A value refers to nothing or breaks a rule", {
      constraint: pgErr.constraint,
    });
  }
  return new YibaoError("INTERNAL", "Internal error; nothing was written", {});
}

export function httpStatusOf(err: YibaoError): number {
  return ERROR_CODES[err.code as ErrorCode]?.http ?? 500;
}

export function errorBody(err: YibaoError): ErrorBody {
  return { code: err.code, message: maskText(err.message), details: err.details };
}

/** NHSA envelope fields for a failure: infcode -1 and "[CODE] message" in err_msg. */
export function nhsaErrorFields(err: YibaoError): { infcode: number; err_msg: string } {
  return { infcode: -1, err_msg: `[${err.code}] ${maskText(err.message)}` };
}
