import { YibaoError } from "@yibao/core/errors";
import { type ClearingItem, netClearing, regionPair } from "@yibao/core/regions";
import { addDays, beijingMonth, checkMonth, lastDayOfMonth, parseBeijingTime } from "@yibao/core/time";
import { sql } from "kysely";
import { type Actor, recordAudit } from "../../audit/audit.ts";
import type { Db, Executor } from "../../db/database.ts";
import { type RegionScope, inScope, regionScope } from "../platform/region-scope.ts";
import {
  type StatementRow,
  type UnclearedSettlement,
  findStatement,
  insertItems,
  insertStatement,
  listStatements,
  statementOfPair,
  unclearedSettlements,
  updateStatement,
} from "./clearing.repository.ts";

/** [first instant, first instant of the next month) of a Beijing month. */
export function monthBounds(month: string): [Date, Date] {
  const from = parseBeijingTime(`${month}-01 00:00:00`, "month");
  const to = parseBeijingTime(`${addDays(lastDayOfMonth(month), 1)} 00:00:00`, "month");
  return [from, to];
}

const asItem = (s: UnclearedSettlement): ClearingItem => ({
  payer: s.payer,
  payee: s.payee,
  fundPay: s.fund_pay,
  accountPay: s.account_pay,
});

/** The month's uncleared out-of-region settlements by region pair ("a|b", lower code first). */
function byPair(rows: UnclearedSettlement[]) {
  const pairs = new Map<string, UnclearedSettlement[]>();
  for (const r of rows) {
    const key = regionPair(asItem(r)).join("|");
    pairs.set(key, [...(pairs.get(key) ?? []), r]);
  }
  return pairs;
}

/**
 * Issues the clearing statements of an ended month (Beijing time): one per region pair with
 * out-of-region settlements in it, each figure the exact sum of the settlements it holds (core
 * netClearing), a reversal counting in the month it was made. Issuers take turns (a table lock),
 * and a settlement is held by one statement only. Answers every statement of the month. Audited.
 */
export async function issueClearing(db: Db, actor: Actor, monthText: string, now: Date) {
  const month = checkMonth(monthText, "month");
  if (month >= beijingMonth(now))
    throw new YibaoError("CLEARING_MONTH_OPEN", `${month} has not ended yet`, { field: "month" });
  const [from, to] = monthBounds(month);
  return db.transaction().execute(async (trx) => {
    await sql`lock table clearing_statements in share row exclusive mode`.execute(trx);
    for (const [key, rows] of byPair(await unclearedSettlements(trx, from, to))) {
      const [a, b] = key.split("|") as [string, string];
      if (await statementOfPair(trx, month, a, b))
        throw new YibaoError(
          "CLEARING_STATE",
          `${month} ${a}/${b} was issued without ${rows.length} settlements`,
          {
            field: "month",
          },
        );
      const f = netClearing(a, b, rows.map(asItem));
      const row = await insertStatement(trx, {
        month,
        region_a: a,
        region_b: b,
        a_to_b_count: f.aToB.settlements,
        a_to_b_fund: f.aToB.fundPay,
        a_to_b_account: f.aToB.accountPay,
        a_to_b: f.aToB.amount,
        b_to_a_count: f.bToA.settlements,
        b_to_a_fund: f.bToA.fundPay,
        b_to_a_account: f.bToA.accountPay,
        b_to_a: f.bToA.amount,
        net: f.net,
        status: "issued",
        issued_by: actor.login,
        issued_at: now,
      });
      await insertItems(
        trx,
        rows.map((r) => ({ statement_id: row.id, ...r })),
      );
      await recordAudit(trx, actor, {
        action: "clearing.issue",
        entity: "clearing_statements",
        entityId: row.id,
        after: row,
      });
    }
    return listStatements(trx, month, null);
  });
}

/** The regions whose statements the operator sees: their scope (null: all). */
async function visibleRegions(ex: Executor, actor: Actor): Promise<RegionScope> {
  return regionScope(ex, actor);
}

const concerns = (scope: RegionScope, s: StatementRow) =>
  inScope(scope, s.region_a) || inScope(scope, s.region_b);
const unknown = (id: bigint) =>
  new YibaoError("CLEARING_UNKNOWN", `No clearing statement ${id}`, { field: "id" });

/** A statement of one of the operator's regions (others are answered as unknown). */
export async function readStatement(ex: Executor, actor: Actor, id: bigint, lock = false) {
  const s = await findStatement(ex, id, lock);
  if (!s || !concerns(await visibleRegions(ex, actor), s)) throw unknown(id);
  return s;
}

export async function statementsOf(ex: Executor, actor: Actor, month: string | undefined) {
  const scope = await visibleRegions(ex, actor);
  return listStatements(ex, month, scope === null ? null : [...scope]);
}

type Step = { to: "confirmed" } | { to: "paid"; paymentRef: string | null };

/**
 * Confirms an issued statement (对账确认), or marks a confirmed one paid (the net transferred,
 * with the transfer's reference). Audited with before and after.
 */
export async function advanceStatement(db: Db, actor: Actor, id: bigint, step: Step, now: Date) {
  return db.transaction().execute(async (trx) => {
    const s = await readStatement(trx, actor, id, true);
    const from = step.to === "confirmed" ? "issued" : "confirmed";
    if (s.status !== from)
      throw new YibaoError("CLEARING_STATE", `Statement ${id} is ${s.status}, not ${from}`, {
        field: "id",
        status: s.status,
      });
    const set =
      step.to === "confirmed"
        ? { status: step.to, confirmed_by: actor.login, confirmed_at: now }
        : { status: step.to, paid_by: actor.login, paid_at: now, payment_ref: step.paymentRef };
    const after = await updateStatement(trx, id, set);
    await recordAudit(trx, actor, {
      action: step.to === "confirmed" ? "clearing.confirm" : "clearing.paid",
      entity: "clearing_statements",
      entityId: id,
      before: s,
      after,
    });
    return after;
  });
}
