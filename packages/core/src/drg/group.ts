import type { AdrgRule, DrgCaseInput, DrgResult, DrgScheme } from "./scheme.ts";

const UNGROUPABLE = { mdc: "0000", adrg: "00", drg: "0000" };
const PRE_MDC = new Set(["MDCA", "MDCP", "MDCY", "MDCZ"]);
const NEWBORN_DAYS = 29;

const hasAny = (codes: string[], set: Set<string>) => codes.some((c) => set.has(c));

/** Does a case meet an ADRG's entry conditions (all of those the rule text states)? */
export function meets(scheme: DrgScheme, rule: AdrgRule, c: DrgCaseInput): boolean {
  const pdx = c.diagnoses[0] ?? "";
  const pproc = c.procedures[0];
  if (rule.principalDx && !rule.principalDx.has(pdx)) return false;
  if (rule.principalProc && (pproc === undefined || !rule.principalProc.has(pproc))) return false;
  if (rule.procPair && !(hasAny(c.procedures, rule.procPair[0]) && hasAny(c.procedures, rule.procPair[1])))
    return false;
  if (rule.anyDx && !hasAny(c.diagnoses, rule.anyDx)) return false;
  if (rule.tableCombos) {
    const ok = rule.tableCombos.some((combo) =>
      combo.every((t) => hasAny(c.procedures, rule.procTables!.get(t) ?? new Set())),
    );
    if (!ok) return false;
  }
  if (rule.noProc && c.procedures.length > 0) return false;
  // 全部手术, and a surgical ADRG (second letter A-J) whose list is of diagnoses (YC1) or empty (WJ1):
  // some operating-room procedure.
  if (
    (rule.anyProc || (rule.code[1]! <= "J" && !rule.principalProc && !rule.procPair && !rule.tableCombos)) &&
    !hasAny(c.procedures, scheme.orProcedures)
  ) {
    return false;
  }
  if (rule.weight) {
    const w = c.weightGrams;
    if (w === null || w === undefined || w < rule.weight.min || w > rule.weight.max) return false;
  }
  return true;
}

function firstAdrg(scheme: DrgScheme, mdc: string, c: DrgCaseInput, trace: string[]): AdrgRule | null {
  for (const rule of scheme.adrgsByMdc.get(mdc) ?? []) {
    if (meets(scheme, rule, c)) {
      trace.push(`${rule.code} ${rule.name}: conditions met`);
      return rule;
    }
  }
  trace.push(`${mdc}: no ADRG's conditions met`);
  return null;
}

/** MDCZ: the principal diagnosis is a major trauma and the diagnoses touch two or more body regions. */
function multipleTrauma(scheme: DrgScheme, c: DrgCaseInput): string[] | null {
  const table = scheme.mdcTables.get("MDCZ");
  if (!table?.has(c.diagnoses[0] ?? "")) return null;
  const regions = new Set<string>();
  for (const d of c.diagnoses) {
    for (const [region, codes] of scheme.traumaRegions) if (codes.has(d)) regions.add(region);
  }
  return regions.size >= 2 ? [...regions] : null;
}

/**
 * The MDC of the principal diagnosis (主诊表). A diagnosis in the male or female genital MDC and
 * another MDC goes by sex first (MDCM for men, MDCN for women); the sex-specific MDCs are closed
 * to the other sex.
 */
function mdcOf(scheme: DrgScheme, c: DrgCaseInput): string | null {
  const pdx = c.diagnoses[0] ?? "";
  const own = c.gender === "1" ? "MDCM" : c.gender === "2" ? "MDCN" : null;
  if (own && scheme.mdcTables.get(own)?.has(pdx)) return own;
  for (const [mdc, table] of scheme.mdcTables) {
    if (PRE_MDC.has(mdc) || mdc === "MDCM" || mdc === "MDCN") continue;
    if (table.has(pdx)) return mdc;
  }
  return null;
}

function severity(scheme: DrgScheme, c: DrgCaseInput, trace: string[]): "MCC" | "CC" | null {
  const pdx = c.diagnoses[0] ?? "";
  let level: "MCC" | "CC" | null = null;
  for (const d of c.diagnoses.slice(1)) {
    for (const [kind, list] of [
      ["MCC", scheme.mcc],
      ["CC", scheme.cc],
    ] as const) {
      const table = list.get(d);
      if (table === undefined) continue;
      if (table !== null && scheme.exclusions.get(table)?.has(pdx)) {
        trace.push(`${d} is ${kind} but excluded: ${table} lists the principal diagnosis ${pdx}`);
        continue;
      }
      trace.push(
        `${d} counts as ${kind} (${table ? `${table} does not list ${pdx}` : "no exclusion table"})`,
      );
      if (kind === "MCC") return "MCC";
      level = "CC";
      break;
    }
  }
  return level;
}

/** The DRG of an ADRG: suffix 1 with MCC, 3 with CC, 5 without, 9 when the ADRG is not split. */
function drgOf(scheme: DrgScheme, rule: AdrgRule, c: DrgCaseInput, trace: string[]): string {
  if (rule.suffixes.has("9")) return `${rule.code}9`;
  const sev = severity(scheme, c, trace);
  const s = rule.suffixes;
  let suffix: string;
  if (sev === "MCC") suffix = s.has("1") ? "1" : s.has("3") ? "3" : "5";
  else if (sev === "CC") suffix = s.has("3") ? "3" : "5";
  else suffix = "5";
  if (!s.has(suffix)) suffix = [...s].sort().at(-1)!;
  trace.push(`severity ${sev ?? "none"} -> ${rule.code}${suffix}`);
  return `${rule.code}${suffix}`;
}

/** Groups one discharged case. Pure; the scheme is loaded once. Empty codes (null) are ignored. */
export function groupCase(scheme: DrgScheme, input: DrgCaseInput): DrgResult {
  const c = {
    ...input,
    diagnoses: input.diagnoses.filter(Boolean),
    procedures: input.procedures.filter(Boolean),
  };
  const trace: string[] = [];
  const result = (mdc: string, rule: AdrgRule) => ({
    mdc,
    adrg: rule.code,
    drg: drgOf(scheme, rule, c, trace),
    trace,
  });

  const pre = firstAdrg(scheme, "MDCA", c, trace);
  if (pre) return result("MDCA", pre);
  const ageDays = c.ageDays ?? (c.age === 0 ? 0 : c.age * 365);
  if (ageDays < NEWBORN_DAYS && scheme.mdcTables.get("MDCP")?.has(c.diagnoses[0] ?? "")) {
    trace.push(`age ${ageDays} days < ${NEWBORN_DAYS} and principal diagnosis in MDCP table: MDCP`);
    const r = firstAdrg(scheme, "MDCP", c, trace);
    return r ? result("MDCP", r) : { ...UNGROUPABLE, trace };
  }
  if (scheme.mdcTables.get("MDCY")?.has(c.diagnoses[0] ?? "")) {
    trace.push(`principal diagnosis in MDCY table: MDCY`);
    const r = firstAdrg(scheme, "MDCY", c, trace);
    return r ? result("MDCY", r) : { ...UNGROUPABLE, trace };
  }
  const regions = multipleTrauma(scheme, c);
  if (regions) {
    trace.push(`multiple major trauma (${regions.join(", ")}): MDCZ`);
    const r = firstAdrg(scheme, "MDCZ", c, trace);
    return r ? result("MDCZ", r) : { ...UNGROUPABLE, trace };
  }
  const mdc = mdcOf(scheme, c);
  if (!mdc) {
    trace.push(`principal diagnosis ${c.diagnoses[0] ?? "(none)"} is in no MDC table`);
    return { ...UNGROUPABLE, trace };
  }
  trace.push(`principal diagnosis ${c.diagnoses[0]} in ${mdc} table`);
  const r = firstAdrg(scheme, mdc, c, trace);
  return r ? result(mdc, r) : { ...UNGROUPABLE, trace };
}
