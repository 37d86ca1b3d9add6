import { sql } from "kysely";
import { YibaoError } from "@yibao/core/errors";
import type { Executor } from "../../db/database.ts";

/**
 * The personal account (个人账户) ledger: every change of a balance is one appended row, and the
 * cached balance in personal_accounts moves in the same transaction. Used by contributions
 * (monthly credits), settlement (acct_pay debits and their reversals) and transfers.
 */
export interface AccountEntry {
  personId: bigint;
  amount: bigint; // fen, signed
  kind: string; // opening | contribution_credit | settlement | settlement_reversal | transfer_in | transfer_out | refund
  refType?: string;
  refId?: string;
}

/** Locks the account row (creating it at 0 if missing) and returns its balance. */
export async function lockAccount(ex: Executor, personId: bigint): Promise<bigint> {
  await ex
    .insertInto("personal_accounts")
    .values({ person_id: personId, balance: 0n })
    .onConflict((oc) => oc.column("person_id").doNothing())
    .execute();
  const row = await ex
    .selectFrom("personal_accounts")
    .select("balance")
    .where("person_id", "=", personId)
    .forUpdate()
    .executeTakeFirstOrThrow();
  return row.balance;
}

/** Appends one entry and moves the balance; refuses to go below zero. Call inside a transaction. */
export async function postAccountEntry(ex: Executor, entry: AccountEntry): Promise<bigint> {
  const balance = await lockAccount(ex, entry.personId);
  const after = balance + entry.amount;
  if (after < 0n) {
    throw new YibaoError("CONFLICT", "Personal account balance would become negative", {
      field: "acct_pay",
    });
  }
  await ex
    .updateTable("personal_accounts")
    .set({ balance: after, updated_at: sql`now()` })
    .where("person_id", "=", entry.personId)
    .execute();
  await ex
    .insertInto("account_ledger")
    .values({
      person_id: entry.personId,
      amount: entry.amount,
      balance_after: after,
      kind: entry.kind,
      ref_type: entry.refType ?? null,
      ref_id: entry.refId ?? null,
    })
    .execute();
  return after;
}

/** The balance of the person's account (0 when none was opened). */
export async function accountBalance(ex: Executor, personId: bigint): Promise<bigint> {
  return (await openAccountBalance(ex, personId)) ?? 0n;
}

/** The balance of the person's account, or undefined when no account was ever opened. */
export async function openAccountBalance(ex: Executor, personId: bigint): Promise<bigint | undefined> {
  const row = await ex
    .selectFrom("personal_accounts")
    .select("balance")
    .where("person_id", "=", personId)
    .executeTakeFirst();
  return row?.balance;
}

/** The account's ledger by id, after a cursor: `limit` rows (ask one more to know if a page follows). */
export function ledgerPage(ex: Executor, personId: bigint, after: bigint | null, limit: number) {
  let q = ex
    .selectFrom("account_ledger")
    .selectAll()
    .where("person_id", "=", personId)
    .orderBy("id")
    .limit(limit);
  if (after !== null) q = q.where("id", ">", after);
  return q.execute();
}
