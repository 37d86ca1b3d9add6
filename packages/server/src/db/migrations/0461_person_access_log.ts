import { type Kysely, sql } from "kysely";

/**
 * Who looked up which insured person, when and with what credential: NHSA 1101 lookups by
 * institutions and staff lookups over REST (a person's record, a search by ID number). Failed
 * lookups are kept too (person_id null), so an auditor sees enumeration attempts. The credential
 * is stored masked, never in clear. Append-only like the audit log (trigger from 0003).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table person_access_log (
      id bigserial primary key,
      at timestamptz not null,
      channel text not null check (channel in ('nhsa','rest')),
      fixmedins_code text,                 -- NHSA: the institution that asked
      operator_id bigint references operators(id),   -- REST: the staff operator
      operator_login text,
      person_id bigint references persons(id),       -- null when no person was found
      credential_type text not null,       -- mdtrt_cert_type 01/02/03, or psn_no / certno (staff)
      credential_masked text not null,
      result text not null check (result in ('found','not_found','invalid','unsupported','rate_limited','out_of_scope')),
      request_id text                      -- NHSA: the msgid; REST: the request id
    );
    create index person_access_log_at on person_access_log (at);
    create index person_access_log_person on person_access_log (person_id, at);
    create index person_access_log_institution on person_access_log (fixmedins_code, at);
    create trigger person_access_log_no_update_delete before update or delete on person_access_log
      for each row execute function refuse_change_of_append_only();
    create trigger person_access_log_no_truncate before truncate on person_access_log
      for each statement execute function refuse_change_of_append_only();
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table person_access_log`.execute(db);
}
