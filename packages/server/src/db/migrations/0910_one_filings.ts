import { type Kysely, sql } from "kysely";

/**
 * One filings table (issue 10 follow-up): an approved online application for out-of-region
 * filing is a row of `filings` (the one settlement reads), linked by application_id.
 * out_of_region_filings' rows in force or revoked move there; pending ones are filed when
 * their application is approved, rejected ones filed nothing. The old table is dropped.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table filings add column application_id bigint references service_applications(id);
    create unique index filings_application on filings (application_id) where application_id is not null;
    with moved as (
      select nextval('filings_id_seq') as nid, o.* from out_of_region_filings o
      where o.status in ('active', 'revoked') order by o.id
    )
    insert into filings (id, filing_no, person_id, insutype, insured_region, treatment_region, kind,
      valid_from, valid_to, commitment_due, proof_received_at, status, revoked_reason, created_by,
      created_at, application_id)
    select m.nid, 'BA' || m.insured_region || lpad(m.nid::text, 10, '0'), m.person_id,
      coalesce((select e.insutype from enrolments e where e.person_id = m.person_id
                order by (e.status = 'active') desc, e.id desc limit 1), '390'),
      m.insured_region, m.treatment_region,
      case m.filing_type when 'resettled' then 'resident' when 'long_term_resident' then 'resident'
        else m.filing_type end,
      m.valid_from, m.valid_to,
      case when m.filing_type = 'commitment' then coalesce(m.commitment_due, m.valid_from) end,
      null, m.status, case when m.status = 'revoked' then 'moved from out_of_region_filings' end,
      'service-application', m.created_at, m.application_id
    from moved m;
    drop table out_of_region_filings;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table out_of_region_filings (
      id bigserial primary key,
      person_id bigint not null references persons(id),
      insured_region text not null,
      treatment_region text not null,
      filing_type text not null check (filing_type in
        ('resettled', 'long_term_resident', 'referral', 'temporary', 'commitment')),
      valid_from date not null,
      valid_to date,
      commitment_due date,
      status text not null check (status in ('pending', 'active', 'rejected', 'revoked')),
      application_id bigint references service_applications(id),
      created_at timestamptz not null,
      decided_at timestamptz,
      check (valid_to is null or valid_to >= valid_from)
    );
    create index out_of_region_filings_person on out_of_region_filings (person_id, status);
    drop index filings_application;
    alter table filings drop column application_id;
  `.execute(db);
}
