import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { type Division, divisionListProblems } from "@yibao/core/regions";
import { parse } from "csv-parse/sync";

/**
 * The national division list (行政区划, province and prefecture level), packages/server/data/
 * divisions (see its NOTICE): read once, on first use, and kept for the process. The file is
 * part of the release; a broken one stops the server at its first NHSA message or list request
 * rather than letting codes through unchecked.
 */
export const DIVISIONS_FILE = fileURLToPath(
  new URL("../../../data/divisions/divisions.csv", import.meta.url),
);

let loaded: { list: readonly Division[]; byCode: ReadonlyMap<string, Division> } | undefined;

export function readDivisionFile(path = DIVISIONS_FILE): Division[] {
  const rows = parse(readFileSync(path, "utf8"), { columns: true, skip_empty_lines: true }) as Record<
    string,
    string
  >[];
  return rows.map((r) => ({
    code: r.code ?? "",
    name: r.name ?? "",
    level: r.level === "province" ? "province" : "prefecture",
    parent_code: r.parent_code ? r.parent_code : null,
  }));
}

function load() {
  if (!loaded) {
    const list = readDivisionFile();
    const problems = divisionListProblems(list);
    if (problems.length > 0) throw new Error(`${DIVISIONS_FILE}: ${problems.slice(0, 5).join("; ")}`);
    loaded = { list, byCode: new Map(list.map((d) => [d.code, d])) };
  }
  return loaded;
}

/** Every listed division, provinces and prefectures, in code order as in the file. */
export const divisionList = () => load().list;
/** The listed divisions by code. */
export const divisionsByCode = () => load().byCode;
