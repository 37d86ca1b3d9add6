import { parse } from "csv-parse/sync";
import { YibaoError } from "@yibao/core/errors";

export type CsvRow = Record<string, string>;

/** CSV bodies (imports) may be larger than JSON ones: up to 64 MiB. */
export const CSV_BODY_LIMIT = 64 * 1024 * 1024;
/** No cell of an imported file is longer than this (fields have smaller limits of their own). */
export const CSV_CELL_LIMIT = 500;

/**
 * Parses a CSV text with a header row; refuses a file lacking required columns or with a cell
 * longer than CSV_CELL_LIMIT. Parser messages are not passed on: they quote the file's content.
 */
export function parseCsv(text: string, required: string[]): CsvRow[] {
  // PostgreSQL refuses NUL in text: the file is refused, naming the line (the CLI reads files too).
  const nul = text.indexOf("\u0000");
  if (nul >= 0) {
    const line = text.slice(0, nul).split("\n").length;
    throw new YibaoError("TEXT_INVALID", `The file holds a NUL character (line ${line})`, {
      field: "file",
      line,
    });
  }
  let rows: CsvRow[];
  try {
    rows = parse(text.replace(/^\uFEFF/, ""), {
      columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()),
      skip_empty_lines: true,
      trim: true,
      relax_column_count: false,
    }) as CsvRow[];
  } catch (err) {
    const e = err as { code?: string; lines?: number };
    throw new YibaoError(
      "CSV_MALFORMED",
      `CSV cannot be parsed (${e.code ?? "syntax"}) near line ${e.lines ?? "?"}`,
      {
        field: "file",
        line: e.lines,
      },
    );
  }
  rows.forEach((r, i) => {
    for (const [column, value] of Object.entries(r))
      if (value.length > CSV_CELL_LIMIT)
        throw new YibaoError(
          "CSV_MALFORMED",
          `line ${i + 2}: ${column} is longer than ${CSV_CELL_LIMIT} characters`,
          {
            field: "file",
            line: i + 2,
            column,
            maxLength: CSV_CELL_LIMIT,
          },
        );
  });
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
