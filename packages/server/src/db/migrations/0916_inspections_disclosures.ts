import { type Kysely, sql } from "kysely";

/**
 * Random inspections (双随机、一公开) and the public disclosure of typical cases (典型案例曝光).
 * - inspection_draws: a draw as made, with the candidate lists it drew from and their SHA-256, so
 *   anyone can draw it again from the seed; published once (published_at), never changed otherwise.
 * - inspection_results: one outcome per drawn institution, append-only.
 * - case_disclosures: a decided case disclosed with its public summary, or withdrawn: a new entry,
 *   never an update; the latest entry of a case is in force.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table inspection_draws (
      id bigserial primary key,
      draw_no text not null unique,
      region_code text not null references regions(code),
      title text not null,
      seed text not null,
      institution_count integer not null,
      per_team integer not null,
      filter jsonb not null,
      candidates jsonb not null,
      candidates_sha256 text not null,
      teams jsonb not null,
      created_by text not null,
      created_at timestamptz not null default now(),
      published_at timestamptz,
      published_by text
    );
    create table inspection_results (
      id bigserial primary key,
      draw_id bigint not null references inspection_draws(id),
      institution_code text not null,
      outcome text not null check (outcome in ('no_finding', 'case_opened')),
      case_id bigint references supervision_cases(id),
      note text not null default '',
      recorded_by text not null,
      recorded_at timestamptz not null default now(),
      unique (draw_id, institution_code)
    );
    create trigger inspection_results_no_update_delete before update or delete on inspection_results
      for each row execute function refuse_change_of_append_only();
    create table case_disclosures (
      id bigserial primary key,
      case_id bigint not null references supervision_cases(id),
      action text not null check (action in ('disclose', 'withdraw')),
      summary text not null,
      actor_login text not null,
      at timestamptz not null default now()
    );
    create index case_disclosures_case on case_disclosures (case_id, id);
    create trigger case_disclosures_no_update_delete before update or delete on case_disclosures
      for each row execute function refuse_change_of_append_only();
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop table case_disclosures;
    drop table inspection_results;
    drop table inspection_draws;
  `.execute(db);
}
