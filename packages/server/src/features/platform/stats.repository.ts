import { sql } from "kysely";
import type { Executor } from "../../db/database.ts";

/** Counts for the console's overview: aggregates only, no personal data. */
export async function overviewCounts(ex: Executor, today: string) {
  const count = async (table: "persons" | "employers" | "institutions") =>
    (await ex.selectFrom(table).select(sql<bigint>`count(*)`.as("n")).executeTakeFirstOrThrow()).n;
  const enrolments = await ex
    .selectFrom("enrolments")
    .select(["insutype", "status", sql<bigint>`count(*)`.as("n")])
    .groupBy(["insutype", "status"])
    .orderBy("insutype")
    .execute();
  const byLevel = await ex
    .selectFrom("institutions")
    .select(["level", sql<bigint>`count(*)`.as("n")])
    .groupBy("level")
    .orderBy("level")
    .execute();
  // recipients of medical assistance with a category in force today
  const assisted = await ex
    .selectFrom("assistance_categories")
    .select(sql<bigint>`count(distinct person_id)`.as("n"))
    .where("valid_from", "<=", today)
    .where((eb) => eb.or([eb("valid_to", "is", null), eb("valid_to", ">=", today)]))
    .executeTakeFirstOrThrow();
  return {
    persons: await count("persons"),
    employers: await count("employers"),
    institutions: await count("institutions"),
    assistanceRecipients: assisted.n,
    enrolments,
    byLevel,
  };
}
