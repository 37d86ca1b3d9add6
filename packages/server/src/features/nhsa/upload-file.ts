import { YibaoError } from "@yibao/core/errors";
import { parse } from "csv-parse/sync";
import { unzipSync } from "fflate";

/** The largest file 9101 takes (bytes, as uploaded); the body limit allows base64 of it. */
export const UPLOAD_MAX_BYTES = 2 * 1024 * 1024;
/** The largest text a zipped detail file may unpack to (bytes): a zip bomb is refused unread. */
export const UNZIPPED_MAX_BYTES = 8 * 1024 * 1024;

const FIELD_IN = "input.fsUploadIn.in";
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * The file of a 9101 upload, `fsUploadIn.in`. Clients written in Java send the file's byte[] as
 * their JSON library writes it: a base64 string (Jackson, fastjson) or an array of (signed) byte
 * values; both are taken, anything else is refused naming the field.
 */
export function uploadedBytes(v: unknown): Uint8Array {
  let bytes: Uint8Array;
  if (typeof v === "string") {
    const b64 = v.replace(/\s+/g, "");
    if (b64.length % 4 !== 0 || !BASE64.test(b64))
      throw new YibaoError("FIELD_INVALID", `${FIELD_IN} is not base64`, { field: FIELD_IN });
    bytes = Buffer.from(b64, "base64");
  } else if (Array.isArray(v)) {
    bytes = new Uint8Array(v.length);
    for (const [i, b] of v.entries()) {
      if (!Number.isInteger(b) || b < -128 || b > 255)
        throw new YibaoError("FIELD_INVALID", `${FIELD_IN}.${i} is not a byte`, {
          field: `${FIELD_IN}.${i}`,
        });
      bytes[i] = b & 0xff;
    }
  } else {
    throw new YibaoError("FIELD_REQUIRED", `${FIELD_IN} must be the file (base64 or bytes)`, {
      field: FIELD_IN,
    });
  }
  if (bytes.length === 0) throw new YibaoError("FIELD_INVALID", `${FIELD_IN} is empty`, { field: FIELD_IN });
  if (bytes.length > UPLOAD_MAX_BYTES)
    throw new YibaoError("FIELD_INVALID", `${FIELD_IN} is larger than ${UPLOAD_MAX_BYTES} bytes`, {
      field: FIELD_IN,
    });
  return bytes;
}

const isZip = (b: Uint8Array) =>
  b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;

/**
 * The text of an uploaded detail file: the file itself, or the one file in its zip (the
 * national interface zips the .txt). A zip of several files, of a file that unpacks past
 * UNZIPPED_MAX_BYTES, or that does not unpack is refused naming `field`.
 */
export function detailText(content: Uint8Array, field: string): string {
  let bytes = content;
  if (isZip(content)) {
    let entries: Record<string, Uint8Array>;
    try {
      entries = unzipSync(content, {
        filter: (f) => {
          if (f.name.endsWith("/")) return false;
          if (f.originalSize > UNZIPPED_MAX_BYTES)
            throw new YibaoError("FIELD_INVALID", `The file unpacks past ${UNZIPPED_MAX_BYTES} bytes`, {
              field,
            });
          return true;
        },
      });
    } catch (e) {
      if (e instanceof YibaoError) throw e;
      throw new YibaoError("FIELD_INVALID", "The file is a zip that does not unpack", { field });
    }
    const files = Object.values(entries);
    if (files.length !== 1)
      throw new YibaoError("FIELD_INVALID", `The zip holds ${files.length} files, not the one detail file`, {
        field,
      });
    bytes = files[0]!;
    if (bytes.length > UNZIPPED_MAX_BYTES)
      throw new YibaoError("FIELD_INVALID", `The file unpacks past ${UNZIPPED_MAX_BYTES} bytes`, { field });
  }
  // The detail file's columns are ids, codes and amounts: ASCII, the same in UTF-8 and GBK.
  return Buffer.from(bytes)
    .toString("utf8")
    .replace(/^\uFEFF/, "");
}

/** The columns of the national 3202 detail file, in their order. */
export const DETAIL_COLUMNS = [
  "setl_id",
  "mdtrt_id",
  "psn_no",
  "medfee_sumamt",
  "fund_pay_sumamt",
  "acct_pay",
  "refd_setl_flag",
] as const;

/**
 * The lines of a detail file as entries named by DETAIL_COLUMNS: tab-separated, no quoting, one
 * settlement a line, blank lines skipped; a first line of the column names is taken as a header.
 * A line with another number of columns is refused naming it (`field`.line N, blank lines
 * not counted).
 */
export function detailLines(text: string, field: string): { line: number; entry: Record<string, string> }[] {
  let rows: string[][];
  try {
    // one line ending for the whole file: a file mixing \r\n and \n is still one line a settlement
    rows = parse(text.replace(/\r\n?/g, "\n"), {
      delimiter: "\t",
      quote: false,
      skip_empty_lines: true,
      trim: true,
      relax_column_count: true,
    });
  } catch {
    throw new YibaoError("FIELD_INVALID", "The detail file is not tab-separated text", { field });
  }
  const header = rows[0]?.[0]?.toLowerCase() === "setl_id" ? 1 : 0;
  return rows.slice(header).map((cells, i) => {
    const line = i + 1 + header;
    if (cells.length !== DETAIL_COLUMNS.length)
      throw new YibaoError(
        "FIELD_INVALID",
        `Line ${line} of the detail file has ${cells.length} columns, not ${DETAIL_COLUMNS.length}`,
        { field: `${field}.line ${line}` },
      );
    return { line, entry: Object.fromEntries(DETAIL_COLUMNS.map((c, k) => [c, cells[k]!])) };
  });
}
