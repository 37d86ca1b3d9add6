import { type Fen, fenToYuan } from "../money/index.ts";
import type { Family, ResultType, Severity } from "./kb-types.ts";

/**
 * A finding (违规线索, AUDIT-CONTRACT section 6): the rule, its result type, the cited lines, the
 * amount at issue and why; with Yibao's rule code and severity besides.
 */
export interface Finding {
  rule: string;
  code: string; // GZ... (rule-catalog.ts)
  family: Family;
  result: ResultType;
  severity: Severity;
  lines: number[]; // indices into the visit's lines, ascending; [] = visit-level
  amount: Fen;
  evidence: string;
}

/** The JSON form of a finding: line ids in the visit's order, the amount as yuan with 2 places. */
export interface FindingJson {
  rule: string;
  family: Family;
  result: ResultType;
  lines: string[];
  amount: string;
  evidence: string;
  code: string;
  severity: Severity;
}

function compareLines(a: readonly number[], b: readonly number[]): number {
  const n = Math.min(a.length, b.length);
  for (let k = 0; k < n; k++) if (a[k] !== b[k]) return a[k]! - b[k]!;
  return a.length - b.length; // a visit-level finding first; a prefix before what it begins
}

/** Section 6's order: by rule key (byte order), then by the positions of the cited lines. */
export function compareFindings(a: Finding, b: Finding): number {
  if (a.rule !== b.rule) return a.rule < b.rule ? -1 : 1;
  return compareLines(a.lines, b.lines);
}

export function findingJson(f: Finding, lineIds: readonly string[]): FindingJson {
  return {
    rule: f.rule,
    family: f.family,
    result: f.result,
    lines: f.lines.map((i) => lineIds[i]!),
    amount: fenToYuan(f.amount),
    evidence: f.evidence,
    code: f.code,
    severity: f.severity,
  };
}
