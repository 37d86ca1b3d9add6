import { type Kysely, sql } from "kysely";

/**
 * Sign-in of insured persons and employers (online services, 线上服务): not operators. A one-time
 * code (stored only as a hash) is asked for an ID number (or an employer's credit code) and
 * exchanged for a short session of its own kind. Failed codes are counted in login_throttle
 * like operators' passwords (features/selfservice/citizen-login.ts).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table one_time_codes (
      id bigserial primary key,
      kind text not null check (kind in ('insured', 'employer')),
      subject_id bigint not null,            -- persons.id or employers.id
      code_hash text not null,
      created_at timestamptz not null,
      expires_at timestamptz not null,
      used_at timestamptz
    );
    create index one_time_codes_subject on one_time_codes (kind, subject_id, expires_at);
    create table citizen_sessions (
      token_hash text primary key,
      kind text not null check (kind in ('insured', 'employer')),
      person_id bigint references persons(id),
      employer_id bigint references employers(id),
      created_at timestamptz not null,
      expires_at timestamptz not null,
      check ((kind = 'insured') = (person_id is not null)),
      check ((kind = 'employer') = (employer_id is not null))
    );
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table citizen_sessions; drop table one_time_codes;`.execute(db);
}
