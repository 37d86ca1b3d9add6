import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import {
  type KbFileName,
  type KbFiles,
  type KnowledgeBase,
  REQUIRED_KB_FILES,
  kbError,
  loadKnowledgeBase,
} from "@yibao/core/audit";

/**
 * Reads an audit knowledge-base directory (AUDIT-CONTRACT section 3: UTF-8 CSV files, RFC 4180,
 * a header row) and hands the records to core. A missing or unparsable file is AUDIT_KB_INVALID
 * naming the file, like every other problem with the knowledge base.
 */
const OPTIONAL_KB_FILES: readonly KbFileName[] = ["stock"];

function readTable(dir: string, name: KbFileName, required: boolean): string[][] | undefined {
  const file = `${name}.csv`;
  let text: string;
  try {
    text = readFileSync(join(dir, file), "utf8");
  } catch (err) {
    if (!required && (err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw kbError(file, `cannot be read (${(err as NodeJS.ErrnoException).code ?? "error"})`);
  }
  return parseKbCsv(file, text);
}

function parseKbCsv(file: string, text: string): string[][] {
  try {
    return parse(text, { bom: true, skip_empty_lines: true }) as string[][];
  } catch (err) {
    throw kbError(file, `is not valid CSV: ${(err as Error).message}`);
  }
}

/** The names of a knowledge base's files (without `.csv`): the required ones and `stock`. */
export const KB_FILE_NAMES: readonly KbFileName[] = [...REQUIRED_KB_FILES, ...OPTIONAL_KB_FILES];

/** The CSV texts of a knowledge base by file name (as stored in the database) read like a directory. */
export function knowledgeBaseFromTexts(texts: Readonly<Record<string, string>>): KnowledgeBase {
  const files: KbFiles = {};
  for (const name of KB_FILE_NAMES) {
    const text = texts[name];
    if (text !== undefined) files[name] = parseKbCsv(`${name}.csv`, text);
  }
  return loadKnowledgeBase(files);
}

/** The CSV texts of a knowledge-base directory (what `yibao kb-import` stores). */
export function readKbTexts(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of KB_FILE_NAMES) {
    try {
      out[name] = readFileSync(join(dir, `${name}.csv`), "utf8");
    } catch (err) {
      const missing = (err as NodeJS.ErrnoException).code === "ENOENT";
      if (missing && OPTIONAL_KB_FILES.includes(name)) continue;
      throw kbError(`${name}.csv`, `cannot be read (${(err as NodeJS.ErrnoException).code ?? "error"})`);
    }
  }
  return out;
}

export function readKnowledgeBase(dir: string): KnowledgeBase {
  const files: KbFiles = {};
  for (const name of REQUIRED_KB_FILES) files[name] = readTable(dir, name, true);
  for (const name of OPTIONAL_KB_FILES) {
    const t = readTable(dir, name, false);
    if (t) files[name] = t;
  }
  return loadKnowledgeBase(files);
}
