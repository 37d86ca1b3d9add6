import { type Kysely, sql } from "kysely";

/**
 * Findings of the audit during settlement (事中, 2207): stage `during`, no audit job, the msgid of
 * the 2207 and what the rule did there (warn: the settlement went through with it; hold: refused).
 * A held 2207 sent again records its findings once (the unique index).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table audit_findings alter column job_id drop not null;
    alter table audit_findings add column stage text not null default 'after'
      check (stage in ('before', 'during', 'after'));
    alter table audit_findings add column settle_action text check (settle_action in ('warn', 'hold'));
    alter table audit_findings add column msgid text;
    alter table audit_findings add constraint audit_findings_stage_job
      check ((stage = 'after') = (job_id is not null));
    create unique index audit_findings_settlement on audit_findings
      (institution_code, msgid, rule, (lines::text)) where msgid is not null;
  `.execute(db);
}
