import { YibaoError } from "../errors/index.ts";
import { parseScaled } from "../money/index.ts";
import { parseDay } from "./dates.ts";
import { ALWAYS, type Validity } from "./kb-types.ts";

/**
 * Reading the cells of a knowledge-base CSV (AUDIT-CONTRACT section 3): a blank cell means "no
 * restriction", lists are separated by `|`, decimals as in a visit. Every bad value is
 * AUDIT_KB_INVALID naming the file, the record (the header is record 1) and the column.
 */
export type CsvTable = readonly (readonly string[])[];

export function kbError(file: string, message: string, details: Record<string, unknown> = {}) {
  return new YibaoError("AUDIT_KB_INVALID", `${file}: ${message}`, { file, ...details });
}

const INT_RE = /^\d+$/;
const DECIMAL_RE = /^\d+(\.\d+)?$/;

/** One record of a table, read by column name. */
export class Row {
  constructor(
    readonly file: string,
    readonly row: number, // record number in the file, the header being 1
    private readonly cells: ReadonlyMap<string, string>,
  ) {}

  fail(column: string, why: string): YibaoError {
    return kbError(this.file, `record ${this.row}, ${column}: ${why}`, { row: this.row, field: column });
  }

  /** The trimmed cell; "" when blank or when the column is absent (optional columns only). */
  text(column: string): string {
    return (this.cells.get(column) ?? "").trim();
  }

  required(column: string): string {
    const t = this.text(column);
    if (t === "") throw this.fail(column, "blank");
    return t;
  }

  oneOf(column: string, allowed: readonly string[], blankOk = false): string {
    const t = this.text(column);
    if (t === "" && blankOk) return t;
    if (!allowed.includes(t)) throw this.fail(column, `not one of ${allowed.join(", ")}`);
    return t;
  }

  /** A non-negative integer, or null when blank. */
  int(column: string, min = 0): number | null {
    const t = this.text(column);
    if (t === "") return null;
    if (!INT_RE.test(t) || Number(t) < min || !Number.isSafeInteger(Number(t)))
      throw this.fail(column, `not an integer >= ${min}`);
    return Number(t);
  }

  requiredInt(column: string, min = 0): number {
    const n = this.int(column, min);
    if (n === null) throw this.fail(column, "blank");
    return n;
  }

  /** A non-negative decimal with at most `scale` places, as a scaled integer; null when blank. */
  decimal(column: string, scale: number): bigint | null {
    const t = this.text(column);
    if (t === "") return null;
    const places = t.split(".")[1]?.length ?? 0;
    if (!DECIMAL_RE.test(t) || places > scale)
      throw this.fail(column, `not a decimal with at most ${scale} places`);
    return parseScaled(t, scale, column);
  }

  /** A `|` list; null when blank. Entries must be non-empty and, with `allowed`, among them. */
  list(column: string, allowed?: readonly string[]): string[] | null {
    const t = this.text(column);
    if (t === "") return null;
    const entries = t.split("|").map((e) => e.trim());
    for (const e of entries) {
      if (e === "") throw this.fail(column, "an empty list entry");
      if (allowed && !allowed.includes(e))
        throw this.fail(column, `${e} is not one of ${allowed.join(", ")}`);
    }
    return entries;
  }

  set(column: string, allowed?: readonly string[]): ReadonlySet<string> | null {
    const l = this.list(column, allowed);
    return l ? new Set(l) : null;
  }

  /** valid_from / valid_to (inclusive, blank = open); ALWAYS when the file has neither column. */
  validity(): Validity {
    const from = this.date("valid_from");
    const to = this.date("valid_to");
    if (from === null && to === null) return ALWAYS;
    if (from !== null && to !== null && to < from) throw this.fail("valid_to", "before valid_from");
    return { from: from ?? Number.NEGATIVE_INFINITY, to: to ?? Number.POSITIVE_INFINITY };
  }

  private date(column: string): number | null {
    const t = this.text(column);
    if (t === "") return null;
    const d = parseDay(t);
    if (d === null) throw this.fail(column, "not a YYYY-MM-DD date");
    return d;
  }
}

/** The records of a table (after its header), checking that the header has the required columns. */
export function rowsOf(file: string, table: CsvTable | undefined, required: readonly string[]): Row[] {
  if (!table || table.length === 0) throw kbError(file, "missing or empty (a header row is required)");
  const header = table[0]!.map((h) => h.trim().replace(/^\uFEFF/, ""));
  const missing = required.filter((c) => !header.includes(c));
  if (missing.length > 0)
    throw kbError(file, `lacks columns ${missing.join(", ")}`, { field: missing[0], missing });
  return table.slice(1).map((cells, i) => {
    if (cells.length !== header.length)
      throw kbError(file, `record ${i + 2} has ${cells.length} cells, the header ${header.length}`, {
        row: i + 2,
      });
    return new Row(file, i + 2, new Map(header.map((h, j) => [h, cells[j]!])));
  });
}
