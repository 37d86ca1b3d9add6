import { parse } from "csv-parse/sync";
import { YibaoError } from "@yibao/core/errors";

export type CsvRow = Record<string, string>;

/** Parses a CSV text with a header row; refuses a file lacking required columns. */
export function parseCsv(text: string, required: string[]): CsvRow[] {
  let rows: CsvRow[];
  try {
    rows = parse(text.replace(/^\uFEFF/, ""), {
      columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()),
      skip_empty_lines: true,
      trim: true,
      relax_column_count: false,
    }) as CsvRow[];
  } catch (err) {
    throw new YibaoError("CSV_MALFORMED", `CSV cannot be parsed: ${(err as Error).message}`, {
      field: "file",
    });
  }
  const first = rows[0];
  const missing = first ? required.filter((c) => !(c in first)) : [];
  if (missing.length > 0) {
    throw new YibaoError("CSV_MALFORMED", `CSV lacks columns: ${missing.join(", ")}`, {
      field: "file",
      missing,
    });
  }
  return rows;
}

export interface RowError {
  row: number; // line in the file: the header is line 1
  field: string;
  code: string;
  message: string;
}
