import { fenToYuan, mulToFen, parseScaled } from "../money/index.ts";
import { type AuditResult, Auditor } from "./engine.ts";
import { ITEM_COLUMNS, type KbFiles, loadKnowledgeBase } from "./kb-load.ts";
import type { KnowledgeBase } from "./kb.ts";
import { RULE_CATALOG } from "./rule-catalog.ts";

/**
 * A small knowledge base and visits for the audit's unit tests. Its parameters differ from the
 * public suite's on purpose, so that the tests show the rules read them from the knowledge base.
 */
export type ItemRow = Partial<Record<(typeof ITEM_COLUMNS)[number] | "valid_from" | "valid_to", string>>;

/** An items.csv row: a service of chrgitm 05 (treatment) unless stated. */
export const item = (code: string, fields: ItemRow = {}): ItemRow => ({
  code,
  kind: "service",
  name: code,
  chrgitm_type: "05",
  class: "A",
  ...fields,
});

const TEST_PARAMS: Record<string, string> = {
  readmission_days: "15",
  bed_only_days_max: "2",
  care_types: "05|06|09",
  low_std_stay_days: "2",
  low_std_types: "01|02|03|04|07|08|12|13|14",
  freq_outpatient_days: "7",
  freq_outpatient_max: "3",
  freq_pharmacy_days: "10",
  freq_pharmacy_max: "2",
  repeat_overlap_days_max: "3",
  rx_days_max_11: "7",
  rx_days_max_14: "30",
  rx_days_max_41: "15",
  rx_days_max_51: "",
};

export interface KbSpec {
  items?: ItemRow[];
  pairs?: ([string, string, string] | [string, string, string, string, string])[]; // a, b, relation[, valid_from, valid_to]
  dxSex?: [string, string][];
  dxAge?: [string, string, string][]; // prefix, min, max
  dxSupport?: [string, string][]; // prefix, support codes
  chronic?: string[];
  params?: Record<string, string>;
  /** Rows replacing or adding to the default rules.csv (every rule of the contract enabled). */
  rules?: Record<string, string>[];
  stock?: string[][]; // rows after the header institution,code,opening,received,closing,valid_from,valid_to
}

function table(header: readonly string[], rows: Record<string, string | undefined>[]): string[][] {
  return [[...header], ...rows.map((r) => header.map((h) => r[h] ?? ""))];
}

export function kbFiles(spec: KbSpec = {}): KbFiles {
  const items = spec.items ?? [];
  const versioned = items.some((i) => i.valid_from !== undefined || i.valid_to !== undefined);
  const params = { ...TEST_PARAMS, ...spec.params };
  const rules = new Map<string, Record<string, string>>();
  for (const r of RULE_CATALOG)
    if (r.contract) rules.set(r.key, { rule: r.key, family: r.family, result: r.result, enabled: "1" });
  for (const r of spec.rules ?? []) rules.set(r.rule!, { ...rules.get(r.rule!), ...r });
  const ruleColumns = [...new Set([...rules.values()].flatMap((r) => Object.keys(r)))];
  return {
    items: table(versioned ? [...ITEM_COLUMNS, "valid_from", "valid_to"] : ITEM_COLUMNS, items),
    item_pairs: [
      ["code_a", "code_b", "relation", "valid_from", "valid_to"],
      ...(spec.pairs ?? []).map((p) => [p[0], p[1], p[2], p[3] ?? "", p[4] ?? ""]),
    ],
    dx_sex: [["prefix", "sex"], ...(spec.dxSex ?? [])],
    dx_age: [["prefix", "min_age", "max_age", "name"], ...(spec.dxAge ?? []).map((r) => [...r, r[0]])],
    dx_support: [["prefix", "support_codes", "name"], ...(spec.dxSupport ?? []).map((r) => [...r, r[0]])],
    chronic_dx: [["prefix", "name"], ...(spec.chronic ?? []).map((p) => [p, p])],
    params: [["key", "value"], ...Object.entries(params)],
    rules: table(ruleColumns, [...rules.values()]),
    ...(spec.stock
      ? {
          stock: [
            ["institution", "code", "opening", "received", "closing", "valid_from", "valid_to"],
            ...spec.stock,
          ],
        }
      : {}),
  };
}

export const testKb = (spec: KbSpec = {}): KnowledgeBase => loadKnowledgeBase(kbFiles(spec));

interface LineJson {
  id?: string;
  code: string;
  kind?: string;
  date?: string;
  qty?: string;
  price?: string;
  amount?: string;
  days?: string;
}

export interface VisitJson {
  id?: string;
  person?: Record<string, string>;
  institution?: Record<string, string>;
  med_type?: string;
  dept?: string;
  doctor?: string;
  begndate?: string;
  enddate?: string;
  diagnoses?: string[];
  lines: LineJson[];
}

let visitSeq = 0;

/**
 * A visit in the JSON form of `yibao audit`: outpatient (11) at a level-2 hospital on 2026-03-10
 * for a man born 1980-06-15, unless stated. A line's date defaults to begndate, qty to 1, price to
 * 10.00, amount to fen(qty, price); drug lines get 7 days of supply.
 */
export function visit(v: VisitJson): Record<string, unknown> {
  const begndate = v.begndate ?? "2026-03-10";
  return {
    id: v.id ?? `V${++visitSeq}`,
    person: { psn_no: "P1", gend: "1", brdy: "1980-06-15", insutype: "310", psn_type: "1101", ...v.person },
    institution: { code: "H1", level: "2", type: "hospital", ...v.institution },
    med_type: v.med_type ?? "11",
    dept: v.dept ?? "A03",
    doctor: v.doctor ?? "D1",
    begndate,
    enddate: v.enddate ?? begndate,
    diagnoses: v.diagnoses ?? ["I10.x00"],
    lines: v.lines.map((l, i) => {
      const qty = l.qty ?? "1";
      const price = l.price ?? "10.00";
      const kind = l.kind ?? "service";
      return {
        id: l.id ?? String(i + 1),
        code: l.code,
        kind,
        date: l.date ?? begndate,
        qty,
        price,
        amount: l.amount ?? fenToYuan(mulToFen(parseScaled(qty, 4), 4, parseScaled(price, 6), 6)),
        ...(kind === "drug" ? { days: l.days ?? "7" } : l.days !== undefined ? { days: l.days } : {}),
      };
    }),
  };
}

/** Audits visits in order through one Auditor, as `yibao audit` does with a file. */
export function auditAll(kb: KnowledgeBase, visits: unknown[]): AuditResult[] {
  const a = new Auditor(kb);
  return visits.map((v) => a.auditLine(typeof v === "string" ? v : JSON.stringify(v))!);
}

/** The findings of one rule for the last visit: [line ids, amount] pairs. */
export function findingsOf(kb: KnowledgeBase, rule: string, ...visits: unknown[]): [string[], string][] {
  const out = auditAll(kb, visits).at(-1)!;
  if ("error" in out) throw new Error(`the last visit is malformed: ${out.error.message}`);
  return out.findings.filter((f) => f.rule === rule).map((f) => [f.lines, f.amount]);
}
