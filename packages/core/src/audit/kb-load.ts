import { MED_TYPES } from "./visit.ts";
import { type CsvTable, type Row, kbError, rowsOf } from "./kb-cells.ts";
import { KnowledgeBase } from "./kb.ts";
import {
  CHRGITM_TYPES,
  type Item,
  type ItemPair,
  type PairRelation,
  type Validity,
  overlap,
} from "./kb-types.ts";
import { loadParams } from "./kb-params.ts";
import { loadRules } from "./kb-rules.ts";
import { loadStock } from "./kb-stock.ts";

/**
 * Building a knowledge base from its CSV files (AUDIT-CONTRACT section 3), already parsed into
 * records (the header first): core reads no files. Anything missing or bad stops the load with
 * AUDIT_KB_INVALID, so that a run never starts on a half-read knowledge base.
 */
export type KbFileName =
  | "items"
  | "item_pairs"
  | "dx_sex"
  | "dx_age"
  | "dx_support"
  | "chronic_dx"
  | "params"
  | "rules"
  | "stock";

/** The files of a knowledge-base directory, by name without `.csv`; `stock` is optional. */
export type KbFiles = Partial<Record<KbFileName, CsvTable>>;
export const REQUIRED_KB_FILES: readonly KbFileName[] = [
  "items",
  "item_pairs",
  "dx_sex",
  "dx_age",
  "dx_support",
  "chronic_dx",
  "params",
  "rules",
];

function item(r: Row): Item {
  const minAge = r.int("min_age");
  const maxAge = r.int("max_age");
  if (minAge !== null && maxAge !== null && minAge > maxAge) throw r.fail("max_age", "below min_age");
  const maxTimes = r.decimal("max_times", 4);
  const periodDays = r.int("period_days", 1);
  if ((maxTimes === null) !== (periodDays === null))
    throw r.fail(maxTimes === null ? "max_times" : "period_days", "max_times and period_days go together");
  const code = r.required("code");
  r.oneOf("class", ["A", "B", "C"], true); // checked, though no v1 rule uses it
  return {
    code,
    kind: r.oneOf("kind", ["drug", "service", "material"]),
    name: r.text("name"),
    chrgitmType: r.oneOf("chrgitm_type", CHRGITM_TYPES),
    priceCap: r.decimal("price_cap", 6),
    priceCapText: r.text("price_cap"),
    sex: r.oneOf("sex", ["1", "2"], true) || null,
    minAge,
    maxAge,
    levels: r.set("levels", ["1", "2", "3"]),
    medTypes: r.set("med_types", MED_TYPES),
    depts: r.list("depts"),
    indications: r.list("indications"),
    maxQtyPerDay: r.decimal("max_qty_per_day", 4),
    maxQtyPerVisit: r.decimal("max_qty_per_visit", 4),
    maxDaysPerVisit: r.int("max_days_per_visit"),
    maxTimes,
    periodDays,
    requires: r.list("requires"),
    aloneUnpayable: r.oneOf("alone_unpayable", ["0", "1"], true) === "1",
    drugGroup: r.text("drug_group") || code,
    validity: r.validity(),
  };
}

/** The columns items.csv must have (AUDIT-CONTRACT section 3). */
export const ITEM_COLUMNS = [
  "code",
  "kind",
  "name",
  "chrgitm_type",
  "class",
  "price_cap",
  "sex",
  "min_age",
  "max_age",
  "levels",
  "med_types",
  "depts",
  "indications",
  "max_qty_per_day",
  "max_qty_per_visit",
  "max_days_per_visit",
  "max_times",
  "period_days",
  "requires",
  "alone_unpayable",
  "drug_group",
] as const;

/** Versions of one key must not overlap: a code (or pair) has one row in force on any day. */
function checkVersions<T extends { validity: Validity }>(
  rows: readonly { row: Row; value: T }[],
  keyOf: (v: T) => string,
  column: string,
  what: string,
): void {
  const seen = new Map<string, T[]>();
  for (const { row, value } of rows) {
    const key = keyOf(value);
    const earlier = seen.get(key) ?? [];
    if (earlier.some((e) => overlap(e.validity, value.validity)))
      throw row.fail(column, `${what} appears twice for the same days`);
    earlier.push(value);
    seen.set(key, earlier);
  }
}

function loadItems(files: KbFiles): Map<string, Item[]> {
  const rows = rowsOf("items.csv", files.items, ITEM_COLUMNS).map((row) => ({ row, value: item(row) }));
  checkVersions(rows, (i) => i.code, "code", "the code");
  const items = new Map<string, Item[]>();
  for (const { value } of rows) items.set(value.code, [...(items.get(value.code) ?? []), value]);
  for (const { row, value } of rows)
    for (const c of value.requires ?? [])
      if (!items.has(c)) throw row.fail("requires", `${c} is not in items.csv`);
  return items;
}

const RELATIONS: readonly PairRelation[] = ["same_day", "same_visit", "included", "contraindicated"];

function loadPairs(files: KbFiles, items: ReadonlyMap<string, unknown>): ItemPair[] {
  const rows = rowsOf("item_pairs.csv", files.item_pairs, ["code_a", "code_b", "relation"]).map((row) => {
    const value: ItemPair = {
      a: row.required("code_a"),
      b: row.required("code_b"),
      relation: row.oneOf("relation", RELATIONS) as PairRelation,
      validity: row.validity(),
    };
    for (const [col, c] of [
      ["code_a", value.a],
      ["code_b", value.b],
    ] as const)
      if (!items.has(c)) throw row.fail(col, `${c} is not in items.csv`);
    if (value.a === value.b) throw row.fail("code_b", "the same code as code_a");
    return { row, value };
  });
  // "An unordered pair appears at most once."
  checkVersions(rows, (p) => [p.a, p.b].sort().join("\u0000"), "code_b", "the pair");
  return rows.map((r) => r.value);
}

function loadDiagnosisTables(files: KbFiles, items: ReadonlyMap<string, unknown>) {
  const dxSex = rowsOf("dx_sex.csv", files.dx_sex, ["prefix", "sex"]).map((r) => ({
    prefix: r.required("prefix"),
    sex: r.oneOf("sex", ["1", "2"]),
    validity: r.validity(),
  }));
  const dxAge = rowsOf("dx_age.csv", files.dx_age, ["prefix", "min_age", "max_age", "name"]).map((r) => {
    const minAge = r.int("min_age");
    const maxAge = r.int("max_age");
    if (minAge !== null && maxAge !== null && minAge > maxAge) throw r.fail("max_age", "below min_age");
    return { prefix: r.required("prefix"), minAge, maxAge, name: r.text("name"), validity: r.validity() };
  });
  const dxSupport = rowsOf("dx_support.csv", files.dx_support, ["prefix", "support_codes", "name"]).map(
    (r) => {
      const supportCodes = r.list("support_codes");
      if (!supportCodes) throw r.fail("support_codes", "blank");
      for (const c of supportCodes)
        if (!items.has(c)) throw r.fail("support_codes", `${c} is not in items.csv`);
      return { prefix: r.required("prefix"), supportCodes, name: r.text("name"), validity: r.validity() };
    },
  );
  const chronicDx = rowsOf("chronic_dx.csv", files.chronic_dx, ["prefix", "name"]).map((r) => ({
    prefix: r.required("prefix"),
    name: r.text("name"),
    validity: r.validity(),
  }));
  return { dxSex, dxAge, dxSupport, chronicDx };
}

/** The knowledge base of a set of parsed CSV files, or AUDIT_KB_INVALID. */
export function loadKnowledgeBase(files: KbFiles): KnowledgeBase {
  for (const f of REQUIRED_KB_FILES) if (!files[f]) throw kbError(`${f}.csv`, "missing");
  const items = loadItems(files);
  const rules = loadRules(files.rules);
  const enabled = new Set([...rules].filter(([, vs]) => vs.some((v) => v.enabled)).map(([k]) => k));
  return new KnowledgeBase({
    items,
    pairs: loadPairs(files, items),
    ...loadDiagnosisTables(files, items),
    params: loadParams(files.params, enabled),
    rules,
    stock: loadStock(files.stock, enabled),
  });
}
