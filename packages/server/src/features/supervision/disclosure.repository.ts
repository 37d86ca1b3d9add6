import { sql } from "kysely";
import type { Executor } from "../../db/database.ts";

/** The latest disclosure entry of a case (the one in force), if any. */
export const latestDisclosure = (ex: Executor, caseId: bigint) =>
  ex
    .selectFrom("case_disclosures")
    .select(["action", "at"])
    .where("case_id", "=", caseId)
    .orderBy("id", "desc")
    .limit(1)
    .executeTakeFirst();

export const insertDisclosure = (
  ex: Executor,
  d: { caseId: bigint; action: "disclose" | "withdraw"; summary: string; by: string; at: Date },
) =>
  ex
    .insertInto("case_disclosures")
    .values({ case_id: d.caseId, action: d.action, summary: d.summary, actor_login: d.by, at: d.at })
    .returning("id")
    .executeTakeFirstOrThrow();

export interface PublicDisclosureRow {
  case_no: string;
  institution_code: string;
  institution_name: string;
  families: string[] | null;
  deduction: string | null;
  decided_at: Date | null;
  summary: string;
  disclosed_at: Date;
}

/**
 * The cases whose latest disclosure entry discloses them, newest first: what the public page
 * shows. Only case, institution and finding facts; nothing of a person is selected.
 */
export async function publicDisclosures(ex: Executor, limit: number): Promise<PublicDisclosureRow[]> {
  const { rows } = await sql<PublicDisclosureRow>`
    select c.case_no, c.institution_code, i.name as institution_name,
      (select array_agg(distinct f.family order by f.family) from case_findings cf
         join audit_findings f on f.id = cf.finding_id where cf.case_id = c.id) as families,
      c.deduction::text as deduction,
      (select max(e.at) from case_events e where e.case_id = c.id and e.action = 'deducted') as decided_at,
      d.summary, d.at as disclosed_at
    from (select distinct on (case_id) case_id, action, summary, at from case_disclosures
          order by case_id, id desc) d
    join supervision_cases c on c.id = d.case_id
    join institutions i on i.code = c.institution_code
    where d.action = 'disclose'
    order by d.at desc, c.id desc
    limit ${limit}`.execute(ex);
  return rows;
}
