import { type Kysely, sql } from "kysely";

/**
 * The audit log is append-only in the database itself, not by convention: a trigger refuses
 * UPDATE and DELETE of its rows and TRUNCATE of the table, whoever asks (the application's own
 * role included). A correction is a new entry. The same function guards the person access log
 * (0461). Only DDL by the table's owner (dropping the trigger) can get round it, and DDL is not
 * something the application does.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create function refuse_change_of_append_only() returns trigger language plpgsql as $$
    begin
      raise exception '% is append-only: % refused', tg_table_name, tg_op
        using errcode = 'insufficient_privilege';
    end $$;
    create trigger audit_log_no_update_delete before update or delete on audit_log
      for each row execute function refuse_change_of_append_only();
    create trigger audit_log_no_truncate before truncate on audit_log
      for each statement execute function refuse_change_of_append_only();
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop trigger audit_log_no_truncate on audit_log;
    drop trigger audit_log_no_update_delete on audit_log;
    drop function refuse_change_of_append_only();
  `.execute(db);
}
