import { type Kysely, sql } from "kysely";

/**
 * The agency's public-service items (政务服务事项) as data, applications for them with their
 * status history, ratings (好差评), uploaded invoice images (bytea, size- and type-limited by the
 * service) and out-of-region filings (异地就医备案), which the settlement side reads: a filing
 * is in force for a person and a treatment region when status = 'active' and the day lies in
 * [valid_from, valid_to] (valid_to null: open-ended).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table service_items (
      code text primary key,                  -- 事项编码 (ours)
      name text not null,                     -- 事项名称
      name_en text not null,
      applicant text not null check (applicant in ('insured', 'employer')),
      online boolean not null,                -- 可网上办理 (counts for online_service_share)
      time_limit_days integer not null check (time_limit_days > 0), -- 承诺办结时限, calendar days
      needs_invoice boolean not null default false,
      sort integer not null
    );
    insert into service_items (code, name, name_en, applicant, online, time_limit_days, needs_invoice, sort) values
      ('enrolment', '参保登记', 'Enrolment', 'insured', true, 5, false, 1),
      ('out_of_region_filing', '异地就医备案', 'Out-of-region medical care filing', 'insured', true, 1, false, 2),
      ('transfer', '基本医疗保险关系转移接续', 'Transfer of insurance between regions', 'insured', true, 15, false, 3),
      ('manual_reimbursement', '零星报销', 'Manual reimbursement', 'insured', true, 20, true, 4),
      ('chronic_disease', '门诊慢特病认定', 'Chronic and special disease recognition', 'insured', true, 15, false, 5),
      ('maternity', '生育待遇申领', 'Maternity benefit', 'insured', true, 10, false, 6),
      ('disability_assessment', '长期护理保险失能评定', 'Long-term care disability assessment', 'insured', false, 30, false, 7),
      ('employer_enrolment', '单位参保登记', 'Employer registration', 'employer', true, 5, false, 8);

    create table service_applications (
      id bigserial primary key,
      item_code text not null references service_items(code),
      person_id bigint references persons(id),
      employer_id bigint references employers(id),
      region_code text not null,             -- the applicant's region: staff of it review
      status text not null check (status in ('submitted', 'approved', 'rejected')),
      form jsonb not null,                   -- what the applicant filled in
      submitted_at timestamptz not null,
      due_at timestamptz not null,           -- submitted_at + the item's time limit
      decided_at timestamptz,
      decided_by bigint references operators(id),
      decision_note text,
      check ((person_id is null) <> (employer_id is null))
    );
    create index service_applications_person on service_applications (person_id, id);
    create index service_applications_status on service_applications (status, id);

    create table service_application_events (
      id bigserial primary key,
      application_id bigint not null references service_applications(id),
      at timestamptz not null,
      status text not null,
      actor text not null,                   -- 'applicant' or the operator's login
      note text
    );

    create table service_ratings (
      application_id bigint primary key references service_applications(id),
      score integer not null check (score between 1 and 5), -- 1 非常不满意 ... 5 非常满意
      comment text,
      rated_at timestamptz not null
    );

    create table service_attachments (
      id bigserial primary key,
      application_id bigint not null references service_applications(id),
      content_type text not null check (content_type in ('image/jpeg', 'image/png', 'application/pdf')),
      size integer not null check (size > 0 and size <= 2097152),
      sha256 text not null,
      data bytea not null,
      uploaded_at timestamptz not null
    );
    create index service_attachments_application on service_attachments (application_id);

    create table out_of_region_filings (
      id bigserial primary key,
      person_id bigint not null references persons(id),
      insured_region text not null,          -- insuplc_admdvs
      treatment_region text not null,        -- mdtrtarea_admvs: where the person is treated
      filing_type text not null check (filing_type in
        ('resettled', 'long_term_resident', 'referral', 'temporary', 'commitment')),
      valid_from date not null,
      valid_to date,                         -- null: until revoked
      commitment_due date,                   -- 承诺制: materials owed by this day, else the filing lapses
      status text not null check (status in ('pending', 'active', 'rejected', 'revoked')),
      application_id bigint references service_applications(id),
      created_at timestamptz not null,
      decided_at timestamptz,
      check (valid_to is null or valid_to >= valid_from)
    );
    create index out_of_region_filings_person on out_of_region_filings (person_id, status);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop table out_of_region_filings; drop table service_attachments; drop table service_ratings;
    drop table service_application_events; drop table service_applications; drop table service_items;
  `.execute(db);
}
