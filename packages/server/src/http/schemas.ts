import { type Static, type TSchema, Type } from "typebox";

/**
 * Field schemas shared by the REST routes. Every text field has a length limit (docs/api.md lists
 * them); dates are real calendar days (the `date` format is core/dates' strict validator); ids and
 * amounts are bounded so that they fit PostgreSQL's int8 (ids at most 18 digits, amounts at most
 * 15 digits of yuan, i.e. below 2^63 fen).
 */
export const DateText = Type.String({
  format: "calendar-date",
  maxLength: 10,
  description: "yyyy-MM-dd, a real calendar day",
});
export const IdText = Type.String({ pattern: "^\\d{1,18}$", maxLength: 18, description: "a numeric id" });
export const RegionCode = Type.String({
  pattern: "^\\d{6}$",
  maxLength: 6,
  description: "6-digit region code",
});
export const PsnNo = Type.String({ minLength: 1, maxLength: 30, description: "person number (人员编号)" });
/** Yuan with at most 2 decimals and at most 15 integer digits. */
export const Money = Type.String({
  pattern: "^\\d{1,15}(\\.\\d{1,2})?$",
  maxLength: 18,
  description: "yuan, at most 2 decimals",
});
export const SignedMoney = Type.String({
  pattern: "^-?\\d{1,15}(\\.\\d{1,2})?$",
  maxLength: 19,
  description: "yuan, at most 2 decimals",
});
/** A price or quantity: at most 12 integer digits and 6 decimals. */
export const DecimalText = Type.String({ pattern: "^-?\\d{1,12}(\\.\\d{1,6})?$", maxLength: 20 });

/*
 * Answers. Every route names its answer in a `response` schema, so the API document (/docs) shows
 * it; Fastify then writes the answer with that schema (fast-json-stringify), which writes only the
 * properties the schema names and turns a null into "" where the schema says string: so answer
 * schemas name every property, and say `Nullable` wherever a value may be null.
 */

/** The schema, or null (`type: [T, "null"]`: written without a runtime check of the branch). */
export const Nullable = <T extends TSchema>(schema: T) =>
  Type.Unsafe<Static<T> | null>({ ...schema, type: [(schema as T & { type: string }).type, "null"] });
/** One of a fixed set of strings. */
export const StringEnum = <T extends string>(values: readonly T[], description?: string) =>
  Type.Unsafe<T>({ type: "string", enum: [...values], ...(description ? { description } : {}) });
/** A point in time, written as ISO 8601 in UTC (what JSON.stringify makes of a Date). */
export const Timestamp = Type.Unsafe<Date>({ type: "string", format: "date-time" });
export const IdOut = Type.String({ description: "a numeric id (int8), as a string" });
export const DayOut = Type.String({ description: "yyyy-MM-dd" });
export const YuanOut = Type.String({ description: "yuan, a decimal string with 2 decimals" });
/** A JSON value kept as it was stored (a policy document, an audit entry's before/after). */
export const AnyJson = Type.Unknown({ description: "a stored JSON value, as it was stored" });
/** A page of a cursor-paged list (http/paging.ts). */
export const Page = <T extends TSchema>(item: T) =>
  Type.Object({
    items: Type.Array(item),
    nextCursor: Nullable(Type.String({ description: "pass as `cursor` for the next page" })),
  });
export const OkAnswer = Type.Object({ ok: Type.Boolean() });

/** Every refusal: {code, message, details} (errors/http-errors.ts errorBody; codes: docs/errors.md). */
export const ErrorAnswer = Type.Object(
  {
    code: Type.String({ description: "an error code of docs/errors.md" }),
    message: Type.String(),
    details: Type.Object({}, { additionalProperties: true, description: "field, and what the code adds" }),
  },
  { description: "a refusal (docs/errors.md)" },
);

/** A route's answers: its success answers, and the refusal body for every 4xx. */
export const answers = <R extends Record<number, TSchema>>(success: R) => ({
  ...success,
  "4xx": ErrorAnswer,
});
