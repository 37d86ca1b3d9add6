import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import type { KbFileName, KbFiles } from "../src/audit/index.ts";

/**
 * Reading an audit knowledge-base directory for the core tests (core itself reads no files; the
 * CLI has its own reader in packages/server/src/features/audit).
 */
const NAMES: KbFileName[] = [
  "items",
  "item_pairs",
  "dx_sex",
  "dx_age",
  "dx_support",
  "chronic_dx",
  "params",
  "rules",
  "stock",
];

const parseCsvText = (text: string): string[][] =>
  parse(text, { bom: true, skip_empty_lines: true }) as string[][];

export function readKbDir(dir: string): KbFiles {
  const files: KbFiles = {};
  for (const n of NAMES) {
    const path = join(dir, `${n}.csv`);
    if (existsSync(path)) files[n] = parseCsvText(readFileSync(path, "utf8"));
  }
  return files;
}

/** The lines of a JSON-lines file, blank ones included (the audit skips them itself). */
export const readLines = (path: string): string[] => readFileSync(path, "utf8").split(/\r?\n/);

type Output = { id: string | null; error?: { code: string }; findings?: Finding[] };
type Finding = { rule: string; result: string; lines: string[]; amount: string };

/** The README's comparison key: id, error code, and the set of (rule, result, set of lines, amount). */
export function comparable(o: Output): string {
  const findings = (o.findings ?? [])
    .map((f) => JSON.stringify([f.rule, f.result, [...f.lines].sort(), f.amount]))
    .sort();
  return JSON.stringify([o.id, o.error?.code ?? null, findings]);
}
