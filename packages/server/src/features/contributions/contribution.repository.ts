import { YibaoError } from "@yibao/core/errors";
import { type ContributionParams, parseContributionParams } from "@yibao/core/contribution";
import { sql } from "kysely";
import type { Executor } from "../../db/database.ts";

export async function findParams(ex: Executor, region: string, year: number): Promise<ContributionParams> {
  const row = await ex
    .selectFrom("contribution_params")
    .select("params")
    .where("region_code", "=", region)
    .where("year", "=", year)
    .executeTakeFirst();
  if (!row) {
    throw new YibaoError("CONTRIB_PARAMS_MISSING", `No contribution parameters for ${region} ${year}`, {
      field: "year",
    });
  }
  return parseContributionParams(row.params);
}

/** Net paid per assessment (payments minus reversals). */
export async function paidOf(ex: Executor, assessmentId: bigint): Promise<bigint> {
  const row = await ex
    .selectFrom("contribution_payments")
    .select(sql<bigint>`coalesce(sum(amount), 0)::int8`.as("paid"))
    .where("assessment_id", "=", assessmentId)
    .executeTakeFirstOrThrow();
  return row.paid;
}

export async function creditedOf(ex: Executor, assessmentId: bigint): Promise<bigint> {
  const row = await ex
    .selectFrom("account_credits")
    .select(sql<bigint>`coalesce(sum(amount), 0)::int8`.as("credited"))
    .where("assessment_id", "=", assessmentId)
    .executeTakeFirstOrThrow();
  return row.credited;
}

export function lockAssessment(ex: Executor, id: bigint) {
  return ex
    .selectFrom("contribution_assessments")
    .selectAll()
    .where("id", "=", id)
    .forUpdate()
    .executeTakeFirst();
}
