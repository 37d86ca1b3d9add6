import { fen } from "./exact.ts";
import type { Fen } from "../money/index.ts";
import type { PersonHistory } from "./history.ts";
import type { KnowledgeBase } from "./kb.ts";
import type { AuditParams, Item, StockEntry } from "./kb-types.ts";
import type { FeeLine, Visit } from "./visit.ts";

/** What the audit carries across people: institutions' dispensing and doctors' days (product rules). */
export interface SharedHistory {
  /** Quantity dispensed so far against each stock entry (dispensing-over-stock). */
  dispensed: Map<StockEntry, bigint>;
  /** Per doctor code: the day last seen and the outpatient visits counted on it. */
  doctorDays: Map<string, { day: number; visits: number }>;
}

/**
 * One visit prepared for the rules: each line's item (the version in force on the line's date),
 * exact amounts, and the groupings several rules share. Lines are referred to by index in the
 * visit's line order.
 */
export interface VisitContext {
  visit: Visit;
  kb: KnowledgeBase;
  params: AuditParams;
  lines: readonly FeeLine[];
  items: readonly (Item | undefined)[]; // item(L); undefined = unknown
  charged: readonly Fen[]; // fen(qty, price)
  total: Fen; // total(V): the sum of the stated amounts
  knownByCode: ReadonlyMap<string, readonly number[]>; // known lines by code
  byItem: readonly (readonly [Item, readonly number[]])[]; // known lines by item version
  history: PersonHistory | undefined;
  shared: SharedHistory;
}

function push<K>(m: Map<K, number[]>, k: K, i: number) {
  const list = m.get(k);
  if (list) list.push(i);
  else m.set(k, [i]);
}

/**
 * Known lines by item version. Without versioned items (the contract's files) a code has one
 * item, so the code groups serve as they are.
 */
function groupByItem(
  kb: KnowledgeBase,
  items: readonly (Item | undefined)[],
  knownByCode: ReadonlyMap<string, number[]>,
): [Item, number[]][] {
  if (!kb.itemsVersioned) return [...knownByCode.values()].map((lines) => [items[lines[0]!]!, lines]);
  const m = new Map<Item, number[]>();
  for (const lines of knownByCode.values()) for (const i of lines) push(m, items[i]!, i);
  return [...m];
}

export function visitContext(
  kb: KnowledgeBase,
  visit: Visit,
  history: PersonHistory | undefined,
  shared: SharedHistory,
): VisitContext {
  const lines = visit.lines;
  const items: (Item | undefined)[] = new Array(lines.length);
  const charged: Fen[] = new Array(lines.length);
  const knownByCode = new Map<string, number[]>();
  let total = 0n;
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    const item = kb.itemAt(l.code, l.day);
    items[i] = item;
    charged[i] = fen(l.qty, l.price);
    total += l.amount;
    if (item) push(knownByCode, l.code, i);
  }
  return {
    visit,
    kb,
    params: kb.paramsAt(visit.beg),
    lines,
    items,
    charged,
    total,
    knownByCode,
    byItem: groupByItem(kb, items, knownByCode),
    history,
    shared,
  };
}
