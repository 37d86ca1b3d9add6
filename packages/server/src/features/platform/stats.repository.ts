import { sql } from "kysely";
import type { Executor } from "../../db/database.ts";
import "./stats.table.ts";

/**
 * Counts for the console's overview: aggregates only, no personal data. Persons, employers and
 * enrolments come from the kept counts (`registry_counts`, migration 0935: maintained by triggers
 * in the transaction that changes the rows, so they are always current), not from counting the
 * registry, which grows with it (620 ms at a million persons). Institutions (thousands at most)
 * and today's assistance recipients (a date-dependent count) are still counted.
 */
export async function overviewCounts(ex: Executor, today: string) {
  const kept = await ex
    .selectFrom("registry_counts")
    .select(["subject", "insutype", "status", sql<string>`sum(n)`.as("n")])
    .groupBy(["subject", "insutype", "status"])
    .having(sql`sum(n)`, "<>", 0)
    .orderBy("subject")
    .orderBy("insutype")
    .orderBy("status")
    .execute();
  const total = (subject: string) => BigInt(kept.find((k) => k.subject === subject)?.n ?? 0);
  const enrolments = kept
    .filter((k) => k.subject === "enrolments")
    .map((k) => ({ insutype: k.insutype, status: k.status, n: BigInt(k.n) }));
  const institutions = await ex
    .selectFrom("institutions")
    .select(sql<bigint>`count(*)`.as("n"))
    .executeTakeFirstOrThrow();
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
    persons: total("persons"),
    employers: total("employers"),
    institutions: institutions.n,
    assistanceRecipients: assisted.n,
    enrolments,
    byLevel,
  };
}

/**
 * The same figures counted from the registry itself, as the overview did before the kept counts;
 * the tests compare the two.
 */
export async function countedRegistry(ex: Executor) {
  const count = async (table: "persons" | "employers") =>
    BigInt((await ex.selectFrom(table).select(sql<string>`count(*)`.as("n")).executeTakeFirstOrThrow()).n);
  const enrolments = await ex
    .selectFrom("enrolments")
    .select(["insutype", "status", sql<string>`count(*)`.as("n")])
    .groupBy(["insutype", "status"])
    .orderBy("insutype")
    .orderBy("status")
    .execute();
  return {
    persons: await count("persons"),
    employers: await count("employers"),
    enrolments: enrolments.map((e) => ({ insutype: e.insutype, status: e.status, n: BigInt(e.n) })),
  };
}

/**
 * Folds the kept counts' delta rows into one row per group, in one statement (a concurrent
 * reader sees the rows before or after, both summing to the same; rows appended meanwhile are
 * kept). Run by the server's aggregate refresh job.
 */
export async function compactRegistryCounts(ex: Executor) {
  await sql`
    with gone as (delete from registry_counts returning subject, insutype, status, n)
    insert into registry_counts (subject, insutype, status, n)
    select subject, insutype, status, sum(n) from gone group by subject, insutype, status
    having sum(n) <> 0`.execute(ex);
}
