import { describe, expect, it } from "vitest";
import { Auditor, loadKnowledgeBase } from "../src/audit/index.ts";
import { comparable, readKbDir, readLines } from "./audit-files.ts";
import { suitePath } from "./suites.ts";

/** The public batch-audit suite (conformance/audit, AUDIT-CONTRACT.md v1): every line must match. */
describe("batch-audit conformance (conformance/audit)", () => {
  const kb = loadKnowledgeBase(readKbDir(suitePath("audit", "kb")));
  const expected = readLines(suitePath("audit", "expected.jsonl")).filter((l) => l.trim() !== "");

  it("matches the reference on every visit: rule, result, set of lines and amount, or the error code", () => {
    const auditor = new Auditor(kb);
    const out = readLines(suitePath("audit", "visits.jsonl"))
      .map((l) => auditor.auditLine(l))
      .filter((o) => o !== null);
    expect(out).toHaveLength(expected.length);
    const differ = out
      .map((o, i) => ({ got: comparable(o), want: comparable(JSON.parse(expected[i]!)) }))
      .filter((d) => d.got !== d.want);
    expect(differ).toEqual([]);
    expect(expected).toHaveLength(400);
  });
});
