import { type Kysely, sql } from "kysely";

/**
 * Kept counts of the registry for the console's overview (issue 12): persons, employers and
 * enrolments by insurance type and status, maintained by statement-level triggers in the same
 * transaction as the rows change, whatever writes them (a registration, a death, a transfer, the
 * bulk enrolment, an import, the simulator, the demo). Each insert or delete statement appends
 * one delta row per group it changed (an update that moves an enrolment to another status or
 * insurance type, two rows: -1 and +1) instead of updating a total, so concurrent registrations never wait on (or
 * deadlock over) a shared counter row; the overview sums the deltas, and the server's refresh
 * job folds them into one row per group (stats.repository.ts `compactRegistryCounts`).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table registry_counts (
      id bigserial primary key,
      subject text not null check (subject in ('persons', 'employers', 'enrolments')),
      insutype text not null default '',
      status text not null default '',
      n bigint not null
    );

    create function registry_count_rows() returns trigger language plpgsql as $$
    begin
      if tg_op = 'INSERT' then
        insert into registry_counts (subject, n) select tg_table_name, count(*) from new_rows having count(*) > 0;
      else
        insert into registry_counts (subject, n) select tg_table_name, -count(*) from old_rows having count(*) > 0;
      end if;
      return null;
    end $$;

    create function registry_count_enrolments() returns trigger language plpgsql as $$
    begin
      if tg_op = 'INSERT' then
        insert into registry_counts (subject, insutype, status, n)
        select 'enrolments', insutype, status, count(*) from new_rows group by insutype, status;
      else
        insert into registry_counts (subject, insutype, status, n)
        select 'enrolments', insutype, status, -count(*) from old_rows group by insutype, status;
      end if;
      return null;
    end $$;

    -- An update moves a row between groups only when its insurance type or status changes: a
    -- row trigger with that condition costs nothing for the many updates that change neither
    -- (benefit start dates, carried months), where a statement trigger would read every row.
    create function registry_count_enrolment_move() returns trigger language plpgsql as $$
    begin
      insert into registry_counts (subject, insutype, status, n)
      values ('enrolments', old.insutype, old.status, -1), ('enrolments', new.insutype, new.status, 1);
      return null;
    end $$;

    create trigger persons_count_insert after insert on persons
      referencing new table as new_rows for each statement execute function registry_count_rows();
    create trigger persons_count_delete after delete on persons
      referencing old table as old_rows for each statement execute function registry_count_rows();
    create trigger employers_count_insert after insert on employers
      referencing new table as new_rows for each statement execute function registry_count_rows();
    create trigger employers_count_delete after delete on employers
      referencing old table as old_rows for each statement execute function registry_count_rows();
    create trigger enrolments_count_insert after insert on enrolments
      referencing new table as new_rows for each statement execute function registry_count_enrolments();
    create trigger enrolments_count_update after update of insutype, status on enrolments
      for each row when (old.insutype is distinct from new.insutype or old.status is distinct from new.status)
      execute function registry_count_enrolment_move();
    create trigger enrolments_count_delete after delete on enrolments
      referencing old table as old_rows for each statement execute function registry_count_enrolments();
    -- A truncate would leave the counts wrong: refused (nothing truncates the registry).
    create function registry_refuse_truncate() returns trigger language plpgsql as $$
    begin
      raise exception 'registry: TRUNCATE of % refused (its counts are kept in registry_counts)', tg_table_name;
    end $$;
    create trigger persons_no_truncate before truncate on persons
      for each statement execute function registry_refuse_truncate();
    create trigger employers_no_truncate before truncate on employers
      for each statement execute function registry_refuse_truncate();
    create trigger enrolments_no_truncate before truncate on enrolments
      for each statement execute function registry_refuse_truncate();

    insert into registry_counts (subject, n) select 'persons', count(*) from persons;
    insert into registry_counts (subject, n) select 'employers', count(*) from employers;
    insert into registry_counts (subject, insutype, status, n)
      select 'enrolments', insutype, status, count(*) from enrolments group by insutype, status;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop trigger persons_no_truncate on persons;
    drop trigger employers_no_truncate on employers;
    drop trigger enrolments_no_truncate on enrolments;
    drop trigger persons_count_insert on persons;
    drop trigger persons_count_delete on persons;
    drop trigger employers_count_insert on employers;
    drop trigger employers_count_delete on employers;
    drop trigger enrolments_count_insert on enrolments;
    drop trigger enrolments_count_update on enrolments;
    drop trigger enrolments_count_delete on enrolments;
    drop function registry_refuse_truncate();
    drop function registry_count_enrolment_move();
    drop function registry_count_enrolments();
    drop function registry_count_rows();
    drop table registry_counts;
  `.execute(db);
}
