import { sql } from "kysely";
import type { Executor } from "../../db/database.ts";

/**
 * Assistance recipients (特困 tk, 低保 db, 监测 jc: assistance_categories valid in the year) with
 * their year-to-date personal cost (psn_part_amt summed over settlements and reversals of the
 * year), those at or above `minimum` fen, highest first.
 */
export async function recipientsOverCost(ex: Executor, year: number, minimum: bigint, limit: number) {
  const yearStart = `${year}-01-01`;
  const yearEnd = `${year}-12-31`;
  return ex
    .selectFrom("settlements as s")
    .innerJoin("persons as p", "p.id", "s.person_id")
    .innerJoin(
      (eb) =>
        eb
          .selectFrom("assistance_categories")
          .select([
            "person_id",
            sql<string>`string_agg(distinct category, '|' order by category)`.as("categories"),
          ])
          .where("valid_from", "<=", yearEnd)
          .where((w) => w.or([w("valid_to", "is", null), w("valid_to", ">=", yearStart)]))
          .groupBy("person_id")
          .as("a"),
      (j) => j.onRef("a.person_id", "=", "s.person_id"),
    )
    .select([
      "p.id as person_id",
      "p.psn_no",
      "p.name",
      "a.categories",
      sql<string>`sum(s.person_part)`.as("personal_cost"),
      sql<string>`sum(s.medfee)`.as("medfee"),
    ])
    .where("s.year", "=", year)
    .groupBy(["p.id", "p.psn_no", "p.name", "a.categories"])
    .having(sql`sum(s.person_part)`, ">=", minimum)
    .orderBy(sql`sum(s.person_part)`, "desc")
    .limit(limit)
    .execute();
}

/** The settlements of the year of some persons, in time order. */
export async function settlementsOf(ex: Executor, personIds: bigint[], year: number) {
  if (personIds.length === 0) return [];
  return ex
    .selectFrom("settlements as s")
    .innerJoin("visits as v", "v.id", "s.visit_id")
    .select([
      "s.person_id",
      "s.setl_id",
      "s.kind",
      "s.setl_time",
      "s.medfee",
      "s.person_part",
      "v.mdtrt_id",
      "v.institution_code",
      "v.med_type",
    ])
    .where("s.person_id", "in", personIds)
    .where("s.year", "=", year)
    .orderBy("s.setl_time")
    .orderBy("s.id")
    .execute();
}
