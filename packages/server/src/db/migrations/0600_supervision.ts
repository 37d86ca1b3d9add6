import { type Kysely, sql } from "kysely";

/**
 * Fund supervision (基金监管): the audit knowledge base as versioned data (one published at a
 * time), batch audit jobs over settled visits (resumable: the cursor commits with each batch of
 * findings), findings (违规线索), cases with their append-only history, and the case deductions a
 * liquidation statement lists.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table audit_kb_versions (
      id bigserial primary key,
      label text not null,
      status text not null check (status in ('draft', 'published', 'retired')),
      files jsonb not null,                -- {items: "csv text", ...}: AUDIT-CONTRACT section 3
      created_by text not null,
      created_at timestamptz not null default now(),
      published_by text,
      published_at timestamptz
    );
    create unique index audit_kb_one_published on audit_kb_versions ((status)) where status = 'published';

    create table audit_jobs (
      id bigserial primary key,
      kind text not null check (kind in ('audit', 'trial')),
      kb_version_id bigint not null references audit_kb_versions(id),
      period_from char(10) not null,       -- yyyy-MM-dd, settled visits that began in the period
      period_to char(10) not null,
      lookback_days int not null check (lookback_days >= 0),
      status text not null check (status in ('running', 'done')),
      cursor_time timestamptz,             -- the last visit written: (begntime, visit id)
      cursor_visit_id bigint,
      visits int not null default 0,
      lines bigint not null default 0,
      findings int not null default 0,
      seconds double precision not null default 0,
      created_by text not null,
      created_at timestamptz not null default now(),
      finished_at timestamptz
    );

    create table audit_findings (
      id bigserial primary key,
      job_id bigint not null references audit_jobs(id),
      visit_id bigint not null references visits(id),
      mdtrt_id text not null,
      institution_code text not null references institutions(code),
      rule text not null,
      rule_code text not null,
      family text not null,
      result text not null check (result in ('definite', 'suspicious')),
      severity text not null,
      lines jsonb not null,                -- cited feedetl_sn, in the visit's line order
      amount bigint not null check (amount >= 0), -- fen at issue
      evidence text not null,
      created_at timestamptz not null default now()
    );
    create index audit_findings_job on audit_findings (job_id, id);
    create index audit_findings_institution on audit_findings (institution_code, id);

    create table supervision_cases (
      id bigserial primary key,
      case_no text not null unique,        -- 案件编号, JG + year + sequence
      source text not null check (source in ('finding', 'report', 'inspection')),
      institution_code text not null references institutions(code),
      summary text not null,
      amount_at_issue bigint not null default 0 check (amount_at_issue >= 0),
      status text not null check (status in ('open', 'reviewed', 'answered', 'deducted', 'dismissed')),
      assigned_to text,                    -- the auditor's login (the queue per auditor)
      deduction bigint check (deduction > 0), -- decided 扣款, fen
      deducted_year int,                   -- the liquidation year that took the deduction
      deducted_run_id bigint references liquidation_runs(id),
      created_by text not null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create index supervision_cases_institution on supervision_cases (institution_code, id);

    create table case_findings (
      case_id bigint not null references supervision_cases(id),
      finding_id bigint not null unique references audit_findings(id),
      primary key (case_id, finding_id)
    );

    create table case_events (
      id bigserial primary key,
      case_id bigint not null references supervision_cases(id),
      action text not null,                -- opened, reviewed, explained, appealed, deducted, dismissed
      actor_login text not null,
      actor_role text not null,
      note text not null default '',
      amount bigint,
      at timestamptz not null default now()
    );
    create index case_events_case on case_events (case_id, id);
    create trigger case_events_no_update_delete before update or delete on case_events
      for each row execute function refuse_change_of_append_only();

    alter table liquidation_statements add column deductions jsonb not null default '[]'; -- [{caseNo, amount}]
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table liquidation_statements drop column deductions;
    drop table case_events;
    drop table case_findings;
    drop table supervision_cases;
    drop table audit_findings;
    drop table audit_jobs;
    drop table audit_kb_versions;
  `.execute(db);
}
