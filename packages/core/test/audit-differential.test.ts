import { describe, expect, it } from "vitest";
import { Auditor, RULE_CATALOG, type Visit, loadKnowledgeBase, parseVisit } from "../src/audit/index.ts";
import { generateSuite } from "./audit-generate.ts";
import { readKbDir, readLines } from "./audit-files.ts";
import { oracleFindings } from "./audit-oracle.ts";
import { suitePath } from "./suites.ts";

/**
 * The engine against a plain second reading of the contract (audit-oracle.ts) on generated
 * suites: each seed draws its own parameters, limits and boundary cases, so agreement does not
 * rest on the public suite's knowledge base.
 */
const key = (f: { rule: string; result: string; lines: string[]; amount: string }) =>
  JSON.stringify([f.rule, f.result, [...f.lines].sort(), f.amount]);

/** Audits the lines with the engine and the oracle side by side; the differences, the rules that fired. */
function compare(kb: ReturnType<typeof loadKnowledgeBase>, lines: string[]) {
  const auditor = new Auditor(kb);
  const histories = new Map<string, Visit[]>();
  const differ: string[] = [];
  const fired = new Set<string>();
  let malformed = 0;
  for (const text of lines) {
    if (text.trim() === "") continue;
    const out = auditor.auditLine(text)!;
    let v: Visit | null = null;
    try {
      v = parseVisit(JSON.parse(text));
    } catch {}
    if (!v) {
      malformed++;
      if (!("error" in out)) differ.push(`${text.slice(0, 40)}: expected an error`);
      continue;
    }
    const history = histories.get(v.person.psnNo) ?? [];
    const settings = kb.rulesAt(v.beg);
    const want = oracleFindings(kb, v, history)
      .map((f) => key({ ...f, result: settings.get(f.rule)!.result }))
      .sort();
    const got = "findings" in out ? out.findings.map(key).sort() : [`error ${out.error.message}`];
    for (const g of got) fired.add(JSON.parse(g)[0]);
    if (JSON.stringify(got) !== JSON.stringify(want))
      differ.push(`${v.id}: got ${got.join(" ")} want ${want.join(" ")}`);
    history.push(v);
    histories.set(v.person.psnNo, history);
  }
  return { differ, fired, malformed };
}

describe("batch audit: engine = oracle on generated suites", () => {
  const firedAnywhere = new Set<string>();
  for (const seed of [11, 12, 13, 14]) {
    it(`seed ${seed}: every visit`, () => {
      const { files, lines } = generateSuite(seed, 1500);
      const { differ, fired, malformed } = compare(loadKnowledgeBase(files), lines);
      for (const r of fired) firedAnywhere.add(r);
      expect(differ.slice(0, 5)).toEqual([]);
      expect(malformed).toBeGreaterThan(0);
      // The generated cases reach most rules (which ones depends on the seed's knowledge base).
      expect(fired.size).toBeGreaterThan(25);
    }, 120_000);
  }
  it("reaches every rule of the contract across the seeds", () => {
    expect([...firedAnywhere].sort()).toEqual(
      RULE_CATALOG.filter((r) => r.contract)
        .map((r) => r.key)
        .sort(),
    );
  });
});

describe("batch audit: engine = oracle on the public visits under other parameters", () => {
  const visits = readLines(suitePath("audit", "visits.jsonl"));
  const variants: Record<string, string>[] = [
    { readmission_days: "3", freq_outpatient_max: "2", freq_pharmacy_days: "30", rx_days_max_11: "" },
    {
      bed_only_days_max: "0",
      care_types: "06",
      low_std_stay_days: "5",
      repeat_overlap_days_max: "0",
      rx_days_max_14: "28",
    },
    {
      freq_outpatient_days: "30",
      freq_pharmacy_max: "1",
      readmission_days: "31",
      low_std_types: "01|02|03|04|05|07",
    },
  ];
  for (const [i, params] of variants.entries())
    it(`variant ${i + 1}: ${Object.keys(params).join(", ")}`, () => {
      const files = readKbDir(suitePath("audit", "kb"));
      const table = files.params!.map((r) => [...r]);
      for (const row of table) if (row[0]! in params) row[1] = params[row[0]!]!;
      const { differ, fired } = compare(loadKnowledgeBase({ ...files, params: table }), visits);
      expect(differ.slice(0, 5)).toEqual([]);
      expect(fired.size).toBeGreaterThan(30);
    }, 60_000);
});
