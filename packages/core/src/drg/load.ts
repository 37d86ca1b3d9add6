import type { AdrgRule, DrgScheme } from "./scheme.ts";

/**
 * The CHS-DRG 1.1 rule text as data: each file's text by its path in the rule text's folder
 * ("1_MDC.txt", "mdc/MDCA.txt", ...). Core reads no files: the server and the CLI read the copy
 * shipped with Yibao (packages/server/data/chs-drg-1.1, Apache-2.0) and pass it in.
 */
export type RuleText = ReadonlyMap<string, string>;

function fileOf(text: RuleText, path: string): string {
  const t = text.get(path);
  if (t === undefined) throw new Error(`the CHS-DRG rule text lacks ${path}`);
  return t;
}

const ADRG_LINE = /^([A-Z]{2}\d) (.*)$/;
const MDC_LINE = /^(MDC[A-Z]) (.*)$/;
const CODE_LINE = /^([A-Z]\d\d[0-9A-Za-z.+*x]*|\d\d[0-9A-Za-z.x]*) /;

function lines(file: string): string[] {
  return file
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l.length > 0);
}

function codeOf(line: string): string | null {
  const m = CODE_LINE.exec(line);
  return m ? m[1]! : null;
}

function weightFromName(name: string): { min: number; max: number } | undefined {
  const n = name.replace(/\s+/g, "");
  if (!n.includes("出生体重")) return undefined;
  let m = /出生体重[＜<](\d+)g/.exec(n);
  if (m) return { min: 0, max: Number(m[1]) - 1 };
  m = /出生体重(\d+)-(\d+)g/.exec(n);
  if (m) return { min: Number(m[1]), max: Number(m[2]) };
  m = /出生体重[＞>](\d+)g/.exec(n);
  if (m) return { min: Number(m[1]) + 1, max: Number.MAX_SAFE_INTEGER };
  return undefined;
}

type Section = { header: string; codes: Set<string> };

/** Turns one ADRG's sections (header + codes) into its entry conditions. */
function toRule(code: string, name: string, mdc: string, sections: Section[]): Omit<AdrgRule, "suffixes"> {
  const rule: Omit<AdrgRule, "suffixes"> = { code, name, mdc };
  const tables = new Map<string, Set<string>>();
  const combos: string[][] = [];
  let pairFirst: Set<string> | null = null;
  for (const s of sections) {
    const h = s.header.replace(/\s+/g, "");
    if (h.includes("+手术表") || h.includes("+手术")) {
      combos.push([...h.matchAll(/手术(?:表)?(\d)/g)].map((m) => m[1]!));
    } else if (/^手术(表)?\d：/.test(h)) tables.set(/(\d)/.exec(h)![1]!, s.codes);
    else if (h === "包含以下主要诊断：" || h === "主要诊断：") rule.principalDx = s.codes;
    else if (h === "包含以下主要手术或操作：") rule.principalProc = s.codes;
    else if (h === "同时包含以下手术：") pairFirst = s.codes;
    else if (h === "和" && pairFirst) rule.procPair = [pairFirst, s.codes];
    else if (h === "主要诊断或其他诊断中包含以下诊断：" || h === "包含以下诊断：") rule.anyDx = s.codes;
    else if (h === "全部手术" || h === "包含全部手术") rule.anyProc = true;
    else if (h.includes("且无手术")) rule.noProc = true;
  }
  if (combos.length > 0) {
    rule.procTables = tables;
    rule.tableCombos = combos;
  }
  const hasCondition =
    rule.principalDx ||
    rule.principalProc ||
    rule.procPair ||
    rule.anyDx ||
    rule.tableCombos ||
    rule.anyProc ||
    rule.noProc;
  // A surgical ADRG (second letter A-J) listed without conditions takes any procedure (e.g. WJ1).
  if (!hasCondition && code[1]! <= "J") rule.anyProc = true;
  const w = weightFromName(name);
  if (w) rule.weight = w;
  return rule;
}

/** Parses 4_ADRG_DETAIL.txt: MDC headers, their 主诊表 sections (skipped here) and ADRG blocks. */
function parseAdrgs(all: string[]): Omit<AdrgRule, "suffixes">[] {
  const rules: Omit<AdrgRule, "suffixes">[] = [];
  let mdc = "";
  let current: { code: string; name: string; mdc: string; sections: Section[] } | null = null;
  let inMdcTable = false;
  const flush = () => {
    if (current) rules.push(toRule(current.code, current.name, current.mdc, current.sections));
    current = null;
  };
  for (const l of all) {
    if (l.startsWith("#")) continue;
    const mdcLine = MDC_LINE.exec(l);
    if (mdcLine) {
      flush();
      mdc = mdcLine[1]!;
      inMdcTable = mdcLine[2]!.startsWith("主诊表");
      continue;
    }
    const adrg = ADRG_LINE.exec(l);
    if (adrg && !codeOf(l)) {
      flush();
      inMdcTable = false;
      current = { code: adrg[1]!, name: adrg[2]!.replace(/~~/g, ""), mdc, sections: [] };
      continue;
    }
    if (inMdcTable || !current) continue;
    const code = codeOf(l);
    const cur = current as { sections: Section[] };
    if (code) {
      if (cur.sections.length === 0) cur.sections.push({ header: "", codes: new Set() });
      cur.sections[cur.sections.length - 1]!.codes.add(code);
    } else if (HEADER.test(l)) cur.sections.push({ header: l, codes: new Set() });
  }
  flush();
  return rules;
}

/**
 * The CC/MCC files and the exclusion tables were flattened from a PDF: entries wrap across lines
 * and several entries (with page numbers and repeated column headers) may share one line. So they
 * are read as a stream of tokens: codes, table ids ("表 7-N") and "无" (no exclusion table).
 */
const TOKEN =
  /(?<=^|\s)([A-Z]\d\d\.[0-9A-Za-z]+(?:\+[A-Z0-9.]+\*)?|\d\d\.[0-9A-Za-z]+)(?=\s|$)|(表\s*7-\d+)|(?<=\s)(无)(?=\s|$)/g;

function* tokens(file: string): Generator<{ code?: string; table?: string; none?: true }> {
  for (const m of file.matchAll(TOKEN)) {
    if (m[1]) yield { code: m[1] };
    else if (m[2]) yield { table: m[2].replace(/\s+/g, "") };
    else yield { none: true };
  }
}

/** 5_MCC / 6_CC: each code, then its exclusion table ("表 7-N") or "无" (never excluded). */
function ccMap(file: string): Map<string, string | null> {
  const out = new Map<string, string | null>();
  let pending: string | null = null;
  for (const t of tokens(file)) {
    if (t.code) pending = t.code;
    else if (pending) {
      out.set(pending, t.table ?? null);
      pending = null;
    }
  }
  return out;
}

/** 7_CCE: each table id, then the principal diagnoses it lists. */
function exclusionTables(file: string): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  let current: Set<string> | null = null;
  for (const t of tokens(file)) {
    if (t.table) {
      current = out.get(t.table) ?? new Set();
      out.set(t.table, current);
    } else if (t.code && current) current.add(t.code);
  }
  return out;
}

/** Lines of the rule text that open a condition list (the rest are codes or wrapped names). */
const HEADER = /：$|^和$|^全部手术$|^包含全部手术$|^符合|^或?包含以下/;

/** Builds CHS-DRG 1.1 from its rule text. */
export function parseChsDrg11(text: RuleText): DrgScheme {
  const mdcNames = new Map<string, string>();
  for (const l of lines(fileOf(text, "1_MDC.txt"))) {
    const m = MDC_LINE.exec(l);
    if (m) mdcNames.set(m[1]!, m[2]!);
  }
  const mdcTables = new Map<string, Set<string>>();
  const traumaRegions = new Map<string, Set<string>>();
  const mdcFiles = [...text.keys()].filter((f) => /^mdc\/MDC[A-Z]\.txt$/.test(f)).sort();
  for (const f of mdcFiles) {
    const mdc = f.slice(4).replace(/\.txt$/, "");
    const all = lines(fileOf(text, f));
    const union = new Set<string>();
    let region = "";
    for (const l of all) {
      if (l.startsWith("#")) continue; // struck-out codes in the source
      if (!codeOf(l) && l.endsWith("创伤")) region = l; // MDCZ body regions
      const c = codeOf(l);
      if (c) {
        union.add(c);
        if (mdc === "MDCZ") {
          if (!traumaRegions.has(region)) traumaRegions.set(region, new Set());
          traumaRegions.get(region)!.add(c);
        }
      }
    }
    mdcTables.set(mdc, union);
  }
  const drgNames = new Map<string, string>();
  const suffixes = new Map<string, Set<string>>();
  for (const l of lines(fileOf(text, "3_DRG.txt"))) {
    const m = /^([A-Z]{2}\d)(\d) (.*)$/.exec(l);
    if (!m) continue;
    drgNames.set(m[1]! + m[2]!, m[3]!);
    if (!suffixes.has(m[1]!)) suffixes.set(m[1]!, new Set());
    suffixes.get(m[1]!)!.add(m[2]!);
  }
  const adrgs: AdrgRule[] = parseAdrgs(lines(fileOf(text, "4_ADRG_DETAIL.txt"))).map((r) => ({
    ...r,
    suffixes: suffixes.get(r.code) ?? new Set(["9"]),
  }));
  const adrgsByMdc = new Map<string, AdrgRule[]>();
  for (const r of adrgs) {
    if (!adrgsByMdc.has(r.mdc)) adrgsByMdc.set(r.mdc, []);
    adrgsByMdc.get(r.mdc)!.push(r);
  }
  // Operating-room procedures (手术室手术): every procedure some surgical ADRG (A-J) lists.
  const orProcedures = new Set<string>();
  for (const r of adrgs) {
    if (r.code[1]! > "J") continue;
    for (const set of [r.principalProc, ...(r.procPair ?? []), ...(r.procTables?.values() ?? [])])
      for (const c of set ?? []) orProcedures.add(c);
  }
  const exclusions = exclusionTables(fileOf(text, "7_CCE.txt"));
  return {
    id: "chs-drg-1.1",
    mdcNames,
    mdcTables,
    traumaRegions,
    adrgs,
    adrgsByMdc,
    drgNames,
    mcc: ccMap(fileOf(text, "5_MCC.txt")),
    cc: ccMap(fileOf(text, "6_CC.txt")),
    exclusions,
    orProcedures,
  };
}
