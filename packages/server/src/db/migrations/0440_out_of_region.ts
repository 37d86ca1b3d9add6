import { type Kysely, sql } from "kysely";

/**
 * Out-of-region direct settlement (异地就医直接结算):
 * - filing_rules: each insured region's rules for filing (docs/regions.md), one JSON document.
 * - filings (异地就医备案): a person of insured region X may be treated in region Y (both pooling
 *   regions) for a period; a commitment filing (承诺制) lapses when its documents are not in by
 *   commitment_due. Revoking is a change of status, never a delete.
 * - visits: the insured and treatment pooling regions and the filing in force, fixed when the
 *   visit opens (the settlement and the month's clearing read them); visits opened before are
 *   given theirs here (the enrolment's and the institution's region).
 * - catalogue_entries.region_code: an entry of one region's own catalogue (null: the catalogue
 *   every region shares); a line is priced with the treatment region's entry when it has one.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table filing_rules (
      region_code char(6) primary key references regions(code),
      document jsonb not null,
      updated_by text not null,
      updated_at timestamptz not null
    );
    create table filings (
      id bigserial primary key,
      filing_no text not null unique,      -- 备案号
      person_id bigint not null references persons(id),
      insutype text not null,
      insured_region char(6) not null references regions(code),     -- insuplc_admdvs
      treatment_region char(6) not null references regions(code),   -- mdtrtarea_admvs (就医地)
      kind text not null check (kind in ('resident','worker','referral','temporary','commitment')),
      valid_from date not null,
      valid_to date,                       -- null = open-ended
      commitment_due date,                 -- commitment: documents due by this day
      proof_received_at timestamptz,
      status text not null check (status in ('active','revoked')),
      revoked_reason text,
      created_by text not null,
      created_at timestamptz not null,
      check (valid_to is null or valid_to >= valid_from),
      check ((kind = 'commitment') = (commitment_due is not null))
    );
    create index filings_person on filings (person_id, treatment_region);
    alter table visits add column insured_region char(6), add column treatment_region char(6),
      add column filing_id bigint references filings(id);
    alter table catalogue_entries add column region_code char(6) references regions(code);
  `.execute(db);
  await sql`
    update visits v set
      insured_region = (select case when r.level = 'county' and r.parent_code is not null then r.parent_code else r.code end
                        from enrolments e join regions r on r.code = e.region_code where e.id = v.enrolment_id),
      treatment_region = (select case when r.level = 'county' and r.parent_code is not null then r.parent_code else r.code end
                          from institutions i join regions r on r.code = i.region_code where i.code = v.institution_code)
  `.execute(db);
  await sql`update visits set treatment_region = insured_region where treatment_region is null`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table catalogue_entries drop column region_code;
    alter table visits drop column filing_id, drop column treatment_region, drop column insured_region;
    drop table filings, filing_rules;
  `.execute(db);
}
