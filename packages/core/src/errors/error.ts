import { ERROR_CODES, type ErrorCode } from "./catalog.ts";

/**
 * The one error type of Yibao. `code` is stable and documented in docs/errors.md; the server maps
 * it to an HTTP status and to the NHSA `infcode`/`err_msg` in one place. `details` names the field
 * (`details.field`) when the error is about input. Messages never carry ID numbers, names or phones
 * in clear: callers pass masked values (see ../pii).
 */
export class YibaoError extends Error {
  readonly code: ErrorCode;
  readonly details: Record<string, unknown>;

  constructor(code: ErrorCode, message?: string, details: Record<string, unknown> = {}) {
    super(message ?? ERROR_CODES[code].description);
    this.name = "YibaoError";
    this.code = code;
    this.details = details;
  }

  toJSON(): { code: string; message: string; details: Record<string, unknown> } {
    return { code: this.code, message: this.message, details: this.details };
  }
}

/** Shorthand for an input error naming the offending field. */
export function fieldError(
  code: ErrorCode,
  field: string,
  message?: string,
  extra: Record<string, unknown> = {},
) {
  return new YibaoError(code, message ?? `${ERROR_CODES[code].description} (${field})`, { field, ...extra });
}

export function isYibaoError(e: unknown): e is YibaoError {
  return e instanceof YibaoError;
}
