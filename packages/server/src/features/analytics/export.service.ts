import { Readable } from "node:stream";
import { fieldError } from "@yibao/core/errors";
import { fenToYuan } from "@yibao/core/money";
import { AMOUNT_KEYS, SETLINFO_AMOUNT_FIELDS } from "@yibao/core/settlement";
import { displayTime } from "@yibao/core/time";
import { stringify } from "csv-stringify";
import type { Executor } from "../../db/database.ts";
import { type ExportRow, settlementPage } from "./export.repository.ts";
import { subtreeOf } from "./refresh.repository.ts";

/** The export's columns: ids and time, the dimensions the indicators use, the setlinfo amounts (yuan). */
export const EXPORT_COLUMNS = [
  "setl_id",
  "kind", // settle | reverse
  "reverses_setl_id",
  "setl_time", // Beijing time, yyyy-MM-dd HH:mm:ss
  "mdtrt_id",
  "fixmedins_code", // empty for a manual reimbursement (零星报销)
  "insured_region",
  "insutype",
  "med_type",
  "psn_group",
  "maf_category",
  "payment",
  "level",
  "out_of_province",
  ...AMOUNT_KEYS.map((k) => SETLINFO_AMOUNT_FIELDS[k]),
] as const;

function csvRecord(r: ExportRow): string[] {
  return [
    String(r.setl_id),
    String(r.kind),
    r.reverses_setl_id === null ? "" : String(r.reverses_setl_id),
    displayTime(r.setl_time as Date),
    String(r.mdtrt_id),
    r.institution_code === null ? "" : String(r.institution_code),
    String(r.region_code),
    String(r.insutype),
    String(r.med_type),
    String(r.psn_group),
    String(r.maf_category),
    String(r.payment),
    String(r.level),
    r.out_of_province ? "1" : "0",
    ...AMOUNT_KEYS.map((k) => fenToYuan(BigInt(r[k] as string))),
  ];
}

export interface ExportQuery {
  region: string;
  from: string;
  to: string;
}

export const EXPORT_PAGE_ROWS = 5000;

/**
 * The settlements of a region and days, page by page (keyset on id): at most one page is in
 * memory at a time, whatever the range. `onPage` sees each page's size (the tests count them).
 */
export async function* exportRows(
  ex: Executor,
  q: ExportQuery,
  pageRows = EXPORT_PAGE_ROWS,
  onPage: (rows: number) => void = () => {},
): AsyncGenerator<string[]> {
  const regions = await subtreeOf(ex, q.region);
  let after = 0n;
  for (;;) {
    const page = await settlementPage(ex, { regions, from: q.from, to: q.to, after, limit: pageRows });
    onPage(page.length);
    for (const r of page) yield csvRecord(r);
    if (page.length < pageRows) return;
    after = BigInt(page[page.length - 1]!.id);
  }
}

export function checkExportRange(q: ExportQuery) {
  if (q.to < q.from) throw fieldError("FIELD_INVALID", "to", "to must not be before from");
}

/** The CSV stream (header first); the database is read as the client consumes it (backpressure). */
export function exportCsv(ex: Executor, q: ExportQuery): Readable {
  checkExportRange(q);
  const csv = stringify({ header: true, columns: [...EXPORT_COLUMNS] });
  const rows = Readable.from(exportRows(ex, q));
  rows.on("error", (err) => csv.destroy(err)); // a failed read ends the answer, never a truncated "success"
  return rows.pipe(csv);
}
