import { sql } from "kysely";
import type { Executor } from "../../db/database.ts";

export { reconciliationsIn } from "../nhsa/recon.repository.ts";

/** The institution a report is of. */
export async function findInstitution(ex: Executor, code: string) {
  return ex
    .selectFrom("institutions")
    .select(["code", "name", "region_code"])
    .where("code", "=", code)
    .executeTakeFirst();
}

/** One group of an institution's settlements: a Beijing day, insutype, med_type, kind (fen as text). */
export interface FigureRow {
  day: string;
  insutype: string;
  med_type: string;
  kind: "settle" | "reverse";
  out_of_region: boolean;
  cnt: string;
  medfee: string;
  fund_pay: string;
  pool_pay: string;
  large_amount_pay: string;
  ci_pay: string;
  maf_pay: string;
  account_pay: string;
  cash_pay: string;
}

/** The institution's settlements and reversals of Beijing days [from, until), grouped. */
export async function settlementFigures(
  ex: Executor,
  institution: string,
  from: Date,
  until: Date,
): Promise<FigureRow[]> {
  const day = sql<string>`to_char((s.setl_time at time zone 'UTC') + interval '8 hours', 'YYYY-MM-DD')`;
  const outOfRegion = sql<boolean>`coalesce(v.insured_region <> v.treatment_region, false)`;
  const sum = (c: string) => sql<string>`sum(${sql.ref(`s.${c}`)})::text`.as(c);
  return ex
    .selectFrom("settlements as s")
    .innerJoin("visits as v", "v.id", "s.visit_id")
    .select([
      day.as("day"),
      "v.insutype",
      "v.med_type",
      "s.kind",
      outOfRegion.as("out_of_region"),
      sql<string>`count(*)::text`.as("cnt"),
      sum("medfee"),
      sum("fund_pay"),
      sum("pool_pay"),
      sum("large_amount_pay"),
      sum("ci_pay"),
      sum("maf_pay"),
      sum("account_pay"),
      sum("cash_pay"),
    ])
    .where("v.institution_code", "=", institution)
    .where("s.setl_time", ">=", from)
    .where("s.setl_time", "<", until)
    .groupBy([day, "v.insutype", "v.med_type", "s.kind", outOfRegion])
    .orderBy(day)
    .execute() as unknown as Promise<FigureRow[]>;
}
