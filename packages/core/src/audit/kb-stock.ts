import { type CsvTable, kbError, rowsOf } from "./kb-cells.ts";
import { type StockEntry, overlap } from "./kb-types.ts";

/**
 * stock.csv (optional; Yibao's own, for the product rule dispensing-over-stock 进销存): one row per
 * institution, item and period: `institution, code, opening, received, closing` (quantities in the
 * item's unit, at most 4 places; blank opening or closing = 0) and the period as
 * `valid_from`/`valid_to`. What the institution could have dispensed in the period is
 * opening + received − closing. Required when the rule is enabled.
 */
export function loadStock(table: CsvTable | undefined, enabledRules: ReadonlySet<string>): StockEntry[] {
  if (!table) {
    if (enabledRules.has("dispensing-over-stock"))
      throw kbError("stock.csv", "missing, and the rule dispensing-over-stock is enabled");
    return [];
  }
  const rows = rowsOf("stock.csv", table, ["institution", "code", "opening", "received", "closing"]);
  const entries: StockEntry[] = [];
  const periods = new Map<string, StockEntry[]>();
  for (const r of rows) {
    const e: StockEntry = {
      institution: r.required("institution"),
      code: r.required("code"),
      opening: r.decimal("opening", 4) ?? 0n,
      received: r.decimal("received", 4) ?? 0n,
      closing: r.decimal("closing", 4) ?? 0n,
      validity: r.validity(),
    };
    const key = `${e.institution}\u0000${e.code}`;
    const same = periods.get(key) ?? [];
    if (same.some((x) => overlap(x.validity, e.validity)))
      throw r.fail("valid_from", "the institution and code appear twice for the same days");
    same.push(e);
    periods.set(key, same);
    entries.push(e);
  }
  return entries;
}
