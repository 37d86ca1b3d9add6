import { type Insertable, type Selectable, sql } from "kysely";
import type { Executor } from "../../db/database.ts";
import type { ClearingItemTable, ClearingStatementTable } from "./clearing.table.ts";

export type StatementRow = Selectable<ClearingStatementTable>;

/** An out-of-region settlement of the period not cleared yet: its regions and what was paid. */
export interface UnclearedSettlement {
  settlement_id: bigint;
  payer: string;
  payee: string;
  fund_pay: bigint;
  account_pay: bigint;
}

/**
 * The out-of-region settlements (and reversals) made in [from, to) that no statement holds yet:
 * the visit's insured and treatment regions differ. Manual reimbursements are paid to the person
 * by the insured region itself and are never cleared.
 */
export async function unclearedSettlements(
  ex: Executor,
  from: Date,
  to: Date,
): Promise<UnclearedSettlement[]> {
  const { rows } = await sql<UnclearedSettlement>`
    select s.id as settlement_id, v.insured_region as payer, v.treatment_region as payee, s.fund_pay, s.account_pay
    from settlements s join visits v on v.id = s.visit_id
    where s.setl_time >= ${from} and s.setl_time < ${to}
      and v.institution_code is not null and v.insured_region <> v.treatment_region
      and not exists (select 1 from clearing_items c where c.settlement_id = s.id)
    order by s.id`.execute(ex);
  return rows;
}

export async function insertStatement(ex: Executor, row: Insertable<ClearingStatementTable>) {
  return ex.insertInto("clearing_statements").values(row).returningAll().executeTakeFirstOrThrow();
}

export async function insertItems(ex: Executor, items: Insertable<ClearingItemTable>[]) {
  if (items.length > 0) await ex.insertInto("clearing_items").values(items).execute();
}

export async function statementOfPair(ex: Executor, month: string, a: string, b: string) {
  return (
    (await ex
      .selectFrom("clearing_statements")
      .selectAll()
      .where("month", "=", month)
      .where("region_a", "=", a)
      .where("region_b", "=", b)
      .executeTakeFirst()) ?? null
  );
}

export async function findStatement(ex: Executor, id: bigint, lock = false): Promise<StatementRow | null> {
  const q = ex.selectFrom("clearing_statements").selectAll().where("id", "=", id);
  return (await (lock ? q.forUpdate() : q).executeTakeFirst()) ?? null;
}

/** Statements of a month (or all, newest first) that concern one of the regions (null: any). */
export async function listStatements(ex: Executor, month: string | undefined, regions: string[] | null) {
  let q = ex.selectFrom("clearing_statements").selectAll();
  if (month) q = q.where("month", "=", month);
  if (regions !== null)
    q = q.where((eb) => eb.or([eb("region_a", "in", regions), eb("region_b", "in", regions)]));
  return q.orderBy("month", "desc").orderBy("id").limit(1000).execute();
}

export async function updateStatement(
  ex: Executor,
  id: bigint,
  set: Partial<
    Pick<StatementRow, "status" | "confirmed_by" | "confirmed_at" | "paid_by" | "paid_at" | "payment_ref">
  >,
) {
  return ex
    .updateTable("clearing_statements")
    .set(set)
    .where("id", "=", id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** The settlements behind a statement, in settlement order, paged by settlement id. */
export async function statementItems(ex: Executor, statementId: bigint, after: bigint | null, limit: number) {
  let q = ex
    .selectFrom("clearing_items as c")
    .innerJoin("settlements as s", "s.id", "c.settlement_id")
    .innerJoin("visits as v", "v.id", "s.visit_id")
    .select([
      "c.settlement_id as id",
      "s.setl_id",
      "s.kind",
      "s.setl_time",
      "v.mdtrt_id",
      "v.institution_code",
      "c.payer",
      "c.payee",
      "c.fund_pay",
      "c.account_pay",
      "s.medfee",
    ])
    .where("c.statement_id", "=", statementId);
  if (after !== null) q = q.where("c.settlement_id", ">", after);
  return q.orderBy("c.settlement_id").limit(limit).execute();
}
