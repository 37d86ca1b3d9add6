import { Type } from "typebox";

/**
 * Pieces of response schemas (what routes answer, for the OpenAPI document at /docs). With a
 * response schema Fastify serialises only the properties it names: name them all.
 */

/** A point in time as answered: an ISO 8601 string (a Date from the database is serialised so). */
export const Timestamp = Type.Unsafe<Date | string>({ type: "string", format: "date-time" });

/** The same, or null. */
export const OptionalTimestamp = Type.Unsafe<Date | string | null>({
  type: ["string", "null"],
  format: "date-time",
});

/** Yuan as a 2-decimal string (amounts are never numbers). */
export const Yuan = Type.String({ pattern: "^-?\\d+\\.\\d{2}$", description: "yuan, 2 decimals" });

/** A cursor page of items. */
export const Page = <T extends ReturnType<typeof Type.Object>>(item: T) =>
  Type.Object({ items: Type.Array(item), nextCursor: Type.Union([Type.String(), Type.Null()]) });
