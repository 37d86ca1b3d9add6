import { type Insertable, type Selectable, sql } from "kysely";
import type { Executor } from "../../db/database.ts";
import type { AccountEntry } from "./account.repository.ts";
import type {
  EnrolmentStatus,
  EnrolmentStatusHistoryTable,
  EnrolmentTable,
  PersonTable,
} from "./registry.table.ts";

/**
 * The queries of the registry's bulk writes (bulk-enrolment.service.ts): what the one-at-a-time
 * queries of registry.repository.ts and account.repository.ts read and write, for many persons
 * or enrolments in one statement, a table at a time.
 */
const SLICE = 1000;

const slices = <T>(rows: T[]) => {
  const out: T[][] = [];
  for (let k = 0; k < rows.length; k += SLICE) out.push(rows.slice(k, k + SLICE));
  return out;
};

export async function personsByPsnNo(ex: Executor, psnNos: string[]) {
  if (psnNos.length === 0) return [];
  return ex
    .selectFrom("persons")
    .selectAll()
    .where("psn_no", "in", [...new Set(psnNos)])
    .execute();
}

export async function certnosTaken(ex: Executor, certnos: string[]): Promise<Set<string>> {
  if (certnos.length === 0) return new Set();
  const rows = await ex.selectFrom("persons").select("certno").where("certno", "in", certnos).execute();
  return new Set(rows.map((r) => r.certno));
}

export async function knownRegions(ex: Executor, codes: string[]): Promise<Set<string>> {
  const valid = [...new Set(codes)].filter((c) => /^\d{6}$/.test(c));
  if (valid.length === 0) return new Set();
  const rows = await ex.selectFrom("regions").select("code").where("code", "in", valid).execute();
  return new Set(rows.map((r) => r.code));
}

/** The persons' live (not terminated) basic enrolments, locked for update when `lock`. */
export async function liveBasicEnrolments(ex: Executor, personIds: bigint[], lock = false) {
  if (personIds.length === 0) return [];
  let q = ex
    .selectFrom("enrolments")
    .selectAll()
    .where("person_id", "in", personIds)
    .where("status", "<>", "terminated")
    .where("insutype", "in", ["310", "390"])
    .orderBy("id");
  if (lock) q = q.forUpdate();
  return q.execute();
}

export async function enrolmentsById(ex: Executor, ids: bigint[]) {
  if (ids.length === 0) return [];
  return ex.selectFrom("enrolments").selectAll().where("id", "in", ids).orderBy("id").forUpdate().execute();
}

export async function insertPersons(ex: Executor, rows: (Insertable<PersonTable> & { id: bigint })[]) {
  const out = [];
  for (const s of slices(rows))
    out.push(...(await ex.insertInto("persons").values(s).returningAll().execute()));
  return out;
}

/** Inserts enrolments; returns them in the order given (a multi-row insert returns its rows in order). */
export async function insertEnrolments(ex: Executor, rows: Insertable<EnrolmentTable>[]) {
  const out = [];
  for (const s of slices(rows))
    out.push(...(await ex.insertInto("enrolments").values(s).returningAll().execute()));
  return out;
}

export async function appendStatuses(ex: Executor, rows: Insertable<EnrolmentStatusHistoryTable>[]) {
  for (const s of slices(rows)) await ex.insertInto("enrolment_status_history").values(s).execute();
}

/** Sets the status (and end date) of many enrolments; returns the rows after. */
export async function setStatuses(
  ex: Executor,
  changes: { id: bigint; status: EnrolmentStatus; end_date: string | null }[],
) {
  const out = [];
  for (const s of slices(changes)) {
    const { rows } = await sql<Selectable<EnrolmentTable>>`
      update enrolments e set status = v.status, end_date = v.end_date::date
      from unnest(${s.map((c) => String(c.id))}::int8[], ${s.map((c) => c.status)}::text[],
                  ${s.map((c) => c.end_date)}::text[]) as v(id, status, end_date)
      where e.id = v.id
      returning e.*`.execute(ex);
    out.push(...rows);
  }
  return out;
}

/** Opens the persons' accounts at 0 where missing, locks them and returns their balances. */
export async function lockAccounts(ex: Executor, personIds: bigint[]): Promise<Map<string, bigint>> {
  const balances = new Map<string, bigint>();
  for (const s of slices(personIds)) {
    await ex
      .insertInto("personal_accounts")
      .values(s.map((id) => ({ person_id: id, balance: 0n })))
      .onConflict((oc) => oc.column("person_id").doNothing())
      .execute();
    const rows = await ex
      .selectFrom("personal_accounts")
      .select(["person_id", "balance"])
      .where("person_id", "in", s)
      .orderBy("person_id")
      .forUpdate()
      .execute();
    for (const r of rows) balances.set(String(r.person_id), BigInt(r.balance));
  }
  return balances;
}

/**
 * Appends account entries, in their order, each with the balance after it, and moves the cached
 * balances to the last of each person's: the entries of one person follow on from `balances`.
 */
export async function postAccountEntries(
  ex: Executor,
  entries: AccountEntry[],
  balances: Map<string, bigint>,
) {
  if (entries.length === 0) return;
  const now = new Map(balances);
  const rows = entries.map((e) => {
    const after = now.get(String(e.personId))! + e.amount;
    now.set(String(e.personId), after);
    return {
      person_id: e.personId,
      amount: e.amount,
      balance_after: after,
      kind: e.kind,
      ref_type: e.refType ?? null,
      ref_id: e.refId ?? null,
    };
  });
  const moved = [...new Set(entries.map((e) => String(e.personId)))];
  for (const s of slices(moved))
    await sql`update personal_accounts a set balance = v.balance, updated_at = now()
      from unnest(${s}::int8[], ${s.map((id) => String(now.get(id)))}::int8[]) as v(person_id, balance)
      where a.person_id = v.person_id`.execute(ex);
  for (const s of slices(rows)) await ex.insertInto("account_ledger").values(s).execute();
}
