import { YibaoError, fieldError } from "@yibao/core/errors";
import { type FundCode, isFundCode } from "@yibao/core/fund";
import { checkDate } from "@yibao/core/time";
import { type Actor, recordAudit } from "../../audit/audit.ts";
import type { Db, Executor } from "../../db/database.ts";
import { requireRegion } from "../registry/person.service.ts";
import { inScope, regionScope, requireRegionInScope } from "../platform/region-scope.ts";
import {
  findEntry,
  insertBudget,
  insertEntry,
  insertTransferPair,
  nextBudgetVersion,
  reversalOf,
} from "./fund.repository.ts";
import type { FundEntryKind } from "./fund.table.ts";

/** A receipt or payment of a fund outside the other ledgers, as the agency books it. */
export interface NewFundEntry {
  region: string;
  fund: string;
  kind: Exclude<FundEntryKind, "transfer">;
  direction: "in" | "out";
  amount: bigint; // fen, > 0
  bookedOn: string;
  reference: string;
}

function checkFund(code: string, field: string): FundCode {
  if (!isFundCode(code))
    throw fieldError("FIELD_INVALID", field, `${field} is not a fund code (310100, ...)`);
  return code;
}

function checkAmount(amount: bigint) {
  if (amount <= 0n) throw fieldError("AMOUNT_NEGATIVE", "amount", "amount must be positive");
}

async function checkRegion(ex: Executor, actor: Actor, region: string) {
  await requireRegion(ex, region, "region");
  await requireRegionInScope(ex, actor, region, "region");
}

/** Books an entry (opening balance, finance subsidy, interest, other income or expenditure), audited. */
export async function recordFundEntry(db: Db, actor: Actor, e: NewFundEntry) {
  const fund = checkFund(e.fund, "fund");
  checkAmount(e.amount);
  checkDate(e.bookedOn, "bookedOn");
  if (e.kind !== "other" && e.direction !== "in")
    throw fieldError("FIELD_INVALID", "direction", `a ${e.kind} entry is income (direction in)`);
  return db.transaction().execute(async (trx) => {
    await checkRegion(trx, actor, e.region);
    const row = await insertEntry(trx, {
      region_code: e.region,
      fund_code: fund,
      kind: e.kind,
      direction: e.direction,
      amount: e.amount,
      booked_on: e.bookedOn,
      reference: e.reference,
      pair_id: null,
      reverses_id: null,
      operator_id: actor.operatorId,
      created_by: actor.login,
    });
    await recordAudit(trx, actor, {
      action: "fund.entry",
      entity: "fund_entries",
      entityId: row.id,
      after: row,
    });
    return [row];
  });
}

/** A transfer between two funds of a region (e.g. the resident pool funds critical-illness insurance). */
export async function recordFundTransfer(
  db: Db,
  actor: Actor,
  t: { region: string; from: string; to: string; amount: bigint; bookedOn: string; reference: string },
) {
  const from = checkFund(t.from, "from");
  const to = checkFund(t.to, "to");
  if (from === to) throw fieldError("FIELD_INVALID", "to", "a transfer goes to another fund");
  checkAmount(t.amount);
  checkDate(t.bookedOn, "bookedOn");
  return db.transaction().execute(async (trx) => {
    await checkRegion(trx, actor, t.region);
    const side = (fund: FundCode, direction: "in" | "out") => ({
      region_code: t.region,
      fund_code: fund,
      kind: "transfer" as const,
      direction,
      amount: t.amount,
      booked_on: t.bookedOn,
      reference: t.reference,
      reverses_id: null,
      operator_id: actor.operatorId,
      created_by: actor.login,
    });
    const rows = await insertTransferPair(trx, side(from, "out"), side(to, "in"));
    await recordAudit(trx, actor, {
      action: "fund.transfer",
      entity: "fund_entries",
      entityId: rows[0]!.id,
      after: rows,
    });
    return rows;
  });
}

/** A reversal is a new entry with the negated amount (both sides of a transfer), never a change. */
export async function reverseFundEntry(db: Db, actor: Actor, id: bigint, reason: string, bookedOn: string) {
  checkDate(bookedOn, "bookedOn");
  return db.transaction().execute(async (trx) => {
    const original = await findEntry(trx, id);
    const unknown = () => new YibaoError("FUND_ENTRY_UNKNOWN", `No fund entry ${id}`, { field: "id" });
    if (!original || !inScope(await regionScope(trx, actor), original.region_code)) throw unknown();
    const sides = [original];
    if (original.pair_id !== null) sides.push((await findEntry(trx, original.pair_id))!);
    for (const s of sides) {
      const already = await reversalOf(trx, s.id);
      if (s.reverses_id !== null || already)
        throw new YibaoError("FUND_ENTRY_ALREADY_REVERSED", `Fund entry ${s.id} cannot be reversed`, {
          field: "id",
          reversedBy: already ? String(already.id) : null,
        });
    }
    const rows = [];
    for (const s of sides)
      rows.push(
        await insertEntry(trx, {
          region_code: s.region_code,
          fund_code: s.fund_code,
          kind: s.kind,
          direction: s.direction,
          amount: -s.amount,
          booked_on: bookedOn,
          reference: reason,
          pair_id: null,
          reverses_id: s.id,
          operator_id: actor.operatorId,
          created_by: actor.login,
        }),
      );
    await recordAudit(trx, actor, {
      action: "fund.entry.reverse",
      entity: "fund_entries",
      entityId: id,
      before: sides,
      after: rows,
    });
    return rows;
  });
}

export interface BudgetInput {
  region: string;
  year: number;
  note: string | null;
  funds: { fund: string; income: bigint; expenditure: bigint }[];
}

/** Sets the year's budget (a new version; the one before stays on record), audited. */
export async function setFundBudget(db: Db, actor: Actor, b: BudgetInput, now: Date) {
  const seen = new Set<string>();
  for (const [i, f] of b.funds.entries()) {
    checkFund(f.fund, `funds[${i}].fund`);
    if (seen.has(f.fund))
      throw fieldError("FIELD_INVALID", `funds[${i}].fund`, `fund ${f.fund} is given twice`);
    seen.add(f.fund);
    if (f.income < 0n || f.expenditure < 0n)
      throw fieldError("AMOUNT_NEGATIVE", `funds[${i}]`, "budget amounts must not be negative");
  }
  return db.transaction().execute(async (trx) => {
    await checkRegion(trx, actor, b.region);
    const version = await nextBudgetVersion(trx, b.region, b.year);
    const rows = b.funds.map((f) => ({
      region_code: b.region,
      year: b.year,
      version,
      fund_code: f.fund as FundCode,
      income: f.income,
      expenditure: f.expenditure,
      note: b.note,
      set_by: actor.login,
      set_at: now,
    }));
    await insertBudget(trx, rows);
    await recordAudit(trx, actor, {
      action: "fund.budget.set",
      entity: "fund_budgets",
      entityId: `${b.region}/${b.year}/${version}`,
      after: rows,
    });
    return { version, rows };
  });
}
