import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { AdrgRule } from "@yibao/core/drg";
import { loadChsDrg11 } from "../payment/drg-scheme.ts";
import { type Rng, logNormal, prng } from "./prng.ts";
import { MEAN_BILL, STAY } from "./rates.ts";

/**
 * Plausible inpatient cases: an ADRG of CHS-DRG 1.1 (read from its rule text), a principal
 * diagnosis the ADRG admits that is a code of ICD-10 医保版 2.0 (packages/server/data/icd, from
 * ../shared/data/icd: Apache-2.0, see its NOTICE), for surgical ADRGs a principal procedure of
 * ICD-9-CM3 医保版 2.0 the ADRG lists, some secondary diagnoses, a length of stay and a cost. Only
 * ADRGs entered by a principal diagnosis and/or a principal procedure are used (not the pre-MDC
 * groups, newborns, HIV or multiple trauma).
 */
export const ICD_DIR = fileURLToPath(new URL("../../../data/icd", import.meta.url));

function codes(file: string): Set<string> {
  const out = new Set<string>();
  for (const line of readFileSync(`${ICD_DIR}/${file}`, "utf8").split("\n").slice(1)) {
    const code = line.split("\t")[0];
    if (code) out.add(code);
  }
  return out;
}

interface CaseRule {
  adrg: AdrgRule;
  dx: string[];
  px: string[];
  surgical: boolean;
  /** cost of the ADRG relative to the level's mean (drawn once per ADRG) */
  weight: number;
}

export interface SimCase {
  adrg: string;
  diagnoses: string[];
  procedures: string[];
  surgical: boolean;
  los: number;
  /** target cost of the stay, yuan */
  cost: number;
  dischargeWay: "1" | "5";
}

let rules: CaseRule[] | null = null;
let secondary: string[] = [];

function load(): CaseRule[] {
  if (rules) return rules;
  const icd10 = codes("icd10-nhsa-2.0.tsv");
  const icd9 = codes("icd9cm3-nhsa-2.0.tsv");
  const scheme = loadChsDrg11();
  const r = prng(20250202); // the case mix is the same for every run
  const out: CaseRule[] = [];
  for (const a of scheme.adrgs) {
    if (["MDCA", "MDCP", "MDCY", "MDCZ"].includes(a.mdc) || a.procPair || a.procTables || a.anyDx) continue;
    const surgical = Boolean(a.principalProc);
    const dxSource = a.principalDx ?? (surgical ? scheme.mdcTables.get(a.mdc) : undefined);
    const dx = [...(dxSource ?? [])].filter((c) => icd10.has(c)).sort();
    const px = [...(a.principalProc ?? [])].filter((c) => icd9.has(c)).sort();
    if (dx.length === 0 || (surgical && px.length === 0) || (!surgical && a.anyProc)) continue;
    out.push({ adrg: a, dx, px, surgical, weight: logNormal(r, 0.45) * (surgical ? 1.6 : 1) });
  }
  secondary = [...scheme.cc.keys()].filter((c) => icd10.has(c)).sort();
  rules = out;
  return out;
}

function compatible(rule: CaseRule, gender: number, age: number) {
  const mdc = rule.adrg.mdc;
  if (mdc === "MDCM") return gender === 1;
  if (mdc === "MDCN") return gender === 2;
  if (mdc === "MDCO") return gender === 2 && age >= 16 && age <= 48;
  return true;
}

/** A stay of a patient of this sex and age at a hospital of this level. */
export function drawCase(r: Rng, gender: number, age: number, level: number, died: boolean): SimCase {
  const all = load();
  let rule = all[r.int(0, all.length - 1)]!;
  // medical stays are about two in three: a surgical draw is kept half the time
  for (
    let tries = 0;
    tries < 20 && (!compatible(rule, gender, age) || (rule.surgical && r.chance(0.5)));
    tries++
  )
    rule = all[r.int(0, all.length - 1)]!;
  if (!compatible(rule, gender, age)) rule = all.find((x) => x.adrg.mdc === "MDCE")!;
  const diagnoses = [rule.dx[r.int(0, rule.dx.length - 1)]!];
  const extra = r.chance(0.45) ? r.int(1, 3) : 0;
  for (let k = 0; k < extra; k++) diagnoses.push(secondary[r.int(0, secondary.length - 1)]!);
  const procedures = rule.surgical ? [rule.px[r.int(0, rule.px.length - 1)]!] : [];
  return finish(r, rule.adrg.code, diagnoses, procedures, rule.surgical, rule.weight, level, died);
}

/** A delivery (分娩): vaginal (O80) or caesarean (O82 with 74.1). */
export function drawDelivery(r: Rng, level: number): SimCase {
  const caesarean = r.chance(0.35);
  return {
    ...finish(
      r,
      caesarean ? "OB1" : "OR1",
      [caesarean ? "O82.000" : "O80.000"],
      caesarean ? ["74.1x00"] : [],
      caesarean,
      caesarean ? 0.9 : 0.45,
      level,
      false,
    ),
    los: caesarean ? r.int(4, 7) : r.int(2, 4),
  };
}

function finish(
  r: Rng,
  adrg: string,
  diagnoses: string[],
  procedures: string[],
  surgical: boolean,
  weight: number,
  level: number,
  died: boolean,
): SimCase {
  const los = Math.max(
    1,
    Math.min(STAY.maxDays, Math.round(STAY.medianDays * logNormal(r, STAY.sigma) * (surgical ? 1.1 : 1))),
  );
  const cost = MEAN_BILL.inpatient[level - 1]! * weight * logNormal(r, 0.3) * (0.75 + los / 30);
  return {
    adrg,
    diagnoses,
    procedures,
    surgical,
    los,
    cost: Math.max(400, cost),
    dischargeWay: died ? "5" : "1",
  };
}
