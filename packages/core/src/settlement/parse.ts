import { YibaoError, fieldError } from "../errors/index.ts";
import { type Fen, nonNegativeYuanToFen, parseRatio, parseScaled, yuanToFen } from "../money/index.ts";
import type {
  Accumulators,
  AssistanceCategoryCode,
  CatalogClass,
  Claim,
  FeeLine,
  InstitutionLevel,
  PersonState,
  Policy,
} from "./types.ts";

/**
 * Parsing of the JSON forms (decimal strings, as in ../shared/conformance and the NHSA interface)
 * into the engine's bigint types. Every error names the field path.
 */
type Json = Record<string, unknown>;

const LEVELS: InstitutionLevel[] = ["1", "2", "3"];
const CATEGORIES: AssistanceCategoryCode[] = ["tk", "db", "jc"];

function obj(v: unknown, path: string): Json {
  if (v === null || typeof v !== "object" || Array.isArray(v))
    throw fieldError("FIELD_INVALID", path, `${path} must be an object`);
  return v as Json;
}

function str(v: unknown, path: string): string {
  if (v === undefined || v === null) throw fieldError("FIELD_REQUIRED", path);
  if (typeof v !== "string" && typeof v !== "number")
    throw fieldError("FIELD_INVALID", path, `${path} must be a string`);
  return String(v);
}

const money = (v: unknown, path: string): Fen => nonNegativeYuanToFen(str(v, path), path);

function ratio(v: unknown, path: string) {
  const r = parseRatio(str(v, path), path);
  if (r < 0n || r > 10_000n) throw fieldError("POLICY_RATIO_RANGE", path, `${path} must be between 0 and 1`);
  return r;
}

function byLevel<T>(
  v: unknown,
  path: string,
  each: (x: unknown, p: string) => T,
): Record<InstitutionLevel, T> {
  const o = obj(v, path);
  const out = {} as Record<InstitutionLevel, T>;
  for (const l of LEVELS) out[l] = each(o[l], `${path}.${l}`);
  return out;
}

/** A policy in the reference-model JSON form (docs/policy.md), validated. */
export function parsePolicy(json: unknown, path = "policy"): Policy {
  const p = obj(json, path);
  const d = obj(p.deductible, `${path}.deductible`);
  const scope = str(d.scope, `${path}.deductible.scope`);
  if (scope !== "per_visit" && scope !== "annual") {
    throw fieldError(
      "FIELD_INVALID",
      `${path}.deductible.scope`,
      "deductible.scope must be per_visit or annual",
    );
  }
  const pool = obj(p.pool, `${path}.pool`);
  const policy: Policy = {
    insutype: str(p.insutype, `${path}.insutype`),
    medType: str(p.med_type ?? p.medType, `${path}.med_type`),
    deductible: {
      scope,
      byLevel: byLevel(d.byLevel, `${path}.deductible.byLevel`, money),
      ...(d.repeatFactor !== undefined
        ? {
            repeatFactor: arr(d.repeatFactor, `${path}.deductible.repeatFactor`).map((f, i) =>
              ratio(f, `${path}.deductible.repeatFactor.${i}`),
            ),
          }
        : {}),
    },
    pool: {
      ratioByLevel: byLevel(pool.ratioByLevel, `${path}.pool.ratioByLevel`, ratio),
      retireeBonus:
        pool.retireeBonus === undefined ? 0n : ratio(pool.retireeBonus, `${path}.pool.retireeBonus`),
      annualCap: money(pool.annualCap, `${path}.pool.annualCap`),
    },
  };
  if (p.largeAmount !== undefined && p.largeAmount !== null) {
    const la = obj(p.largeAmount, `${path}.largeAmount`);
    policy.largeAmount = {
      ratio: ratio(la.ratio, `${path}.largeAmount.ratio`),
      annualCap: money(la.annualCap, `${path}.largeAmount.annualCap`),
    };
  }
  if (p.criticalIllness !== undefined && p.criticalIllness !== null)
    policy.criticalIllness = parseCi(p.criticalIllness, `${path}.criticalIllness`);
  if (p.assistance !== undefined && p.assistance !== null) {
    const a = obj(p.assistance, `${path}.assistance`);
    policy.assistance = {};
    for (const [cat, v] of Object.entries(a)) {
      const cp = `${path}.assistance.${cat}`;
      if (!CATEGORIES.includes(cat as AssistanceCategoryCode))
        throw fieldError("FIELD_INVALID", cp, `unknown assistance category ${cat}`);
      const c = obj(v, cp);
      policy.assistance[cat as AssistanceCategoryCode] = {
        deductible: money(c.deductible, `${cp}.deductible`),
        ratio: ratio(c.ratio, `${cp}.ratio`),
        annualCap: money(c.annualCap, `${cp}.annualCap`),
      };
    }
  }
  if (p.outOfRegion !== undefined && p.outOfRegion !== null)
    policy.outOfRegion = parseOutOfRegion(p.outOfRegion, `${path}.outOfRegion`);
  return policy;
}

function parseOutOfRegion(v: unknown, path: string): NonNullable<Policy["outOfRegion"]> {
  const o = obj(v, path);
  const unfiled = str(o.unfiled, `${path}.unfiled`);
  if (unfiled === "refuse") return { unfiled };
  if (unfiled === "ratio") return { unfiled, unfiledRatio: ratio(o.unfiledRatio, `${path}.unfiledRatio`) };
  throw fieldError("FIELD_INVALID", `${path}.unfiled`, `${path}.unfiled must be refuse or ratio`);
}

function arr(v: unknown, path: string): unknown[] {
  if (!Array.isArray(v)) throw fieldError("FIELD_INVALID", path, `${path} must be an array`);
  return v;
}

function parseCi(v: unknown, path: string): NonNullable<Policy["criticalIllness"]> {
  const ci = obj(v, path);
  const segments = arr(ci.segments, `${path}.segments`).map((s, i) => {
    const sp = `${path}.segments.${i}`;
    const o = obj(s, sp);
    const from = money(o.from, `${sp}.from`);
    const to = o.to === null || o.to === undefined ? null : money(o.to, `${sp}.to`);
    if (to !== null && to <= from)
      throw fieldError("POLICY_SEGMENT_ORDER", `${sp}.to`, "segment must end after it starts");
    return { from, to, ratio: ratio(o.ratio, `${sp}.ratio`) };
  });
  for (let i = 1; i < segments.length; i++) {
    const prev = segments[i - 1]!;
    if (prev.to === null || segments[i]!.from < prev.to) {
      throw fieldError(
        "POLICY_SEGMENT_ORDER",
        `${path}.segments.${i}.from`,
        "segments must be ordered and not overlap",
      );
    }
  }
  return { segments, annualCap: money(ci.annualCap, `${path}.annualCap`) };
}

const ACC_KEYS = [
  "deductiblePaid",
  "poolPaid",
  "largeAmountPaid",
  "ciBurden",
  "ciPaid",
  "mafDeductiblePaid",
  "mafPaid",
] as const;

export function parseAccumulators(json: unknown, path = "ytd"): Accumulators {
  const o = json === undefined || json === null ? {} : obj(json, path);
  const admissions = o.admissions === undefined ? 0 : Number(o.admissions);
  if (!Number.isInteger(admissions) || admissions < 0)
    throw fieldError("FIELD_INVALID", `${path}.admissions`);
  const acc = { admissions } as Accumulators;
  for (const k of ACC_KEYS) acc[k] = o[k] === undefined ? 0n : money(o[k], `${path}.${k}`);
  return acc;
}

/** A person in the vector form: {psn_type, insutype, assistanceCategory, balance, ytd}. */
export function parsePersonState(json: unknown, path = "person"): PersonState {
  const p = obj(json, path);
  const cat = p.assistanceCategory ?? null;
  if (cat !== null && !CATEGORIES.includes(cat as AssistanceCategoryCode)) {
    throw fieldError("FIELD_INVALID", `${path}.assistanceCategory`);
  }
  return {
    psnType: str(p.psn_type, `${path}.psn_type`),
    insutype: str(p.insutype, `${path}.insutype`),
    assistanceCategory: cat as AssistanceCategoryCode | null,
    balance: p.balance === undefined ? 0n : money(p.balance, `${path}.balance`),
    ytd: parseAccumulators(p.ytd, `${path}.ytd`),
  };
}

export function parseFeeLine(json: unknown, path = "line"): FeeLine {
  const l = obj(json, path);
  const cls = str(l.class, `${path}.class`) as CatalogClass;
  if (!["A", "B", "C"].includes(cls))
    throw fieldError("FIELD_INVALID", `${path}.class`, "class must be A, B or C");
  const price = parseScaled(str(l.pric, `${path}.pric`), 6, `${path}.pric`);
  if (price < 0n) throw fieldError("AMOUNT_NEGATIVE", `${path}.pric`);
  const line: FeeLine = {
    code: str(l.code ?? "", `${path}.code`),
    catalogClass: cls,
    price,
    quantity: parseScaled(str(l.cnt, `${path}.cnt`), 4, `${path}.cnt`),
  };
  if (l.priceCap !== undefined && l.priceCap !== null)
    line.priceCap = parseScaled(str(l.priceCap, `${path}.priceCap`), 6, `${path}.priceCap`);
  if (l.selfPayFirstRatio !== undefined && l.selfPayFirstRatio !== null)
    line.selfPayFirstRatio = ratio(l.selfPayFirstRatio, `${path}.selfPayFirstRatio`);
  return line;
}

export function parseClaim(json: unknown, path = "claim"): Claim {
  const c = obj(json, path);
  const level = str(c.level, `${path}.level`) as InstitutionLevel;
  if (!LEVELS.includes(level)) throw fieldError("FIELD_INVALID", `${path}.level`, "level must be 1, 2 or 3");
  const flag = c.acct_used_flag === undefined ? "0" : str(c.acct_used_flag, `${path}.acct_used_flag`);
  if (flag !== "0" && flag !== "1")
    throw fieldError("FIELD_INVALID", `${path}.acct_used_flag`, "acct_used_flag must be 0 or 1");
  const lines = arr(c.lines, `${path}.lines`).map((l, i) => parseFeeLine(l, `${path}.lines.${i}`));
  if (lines.length === 0)
    throw new YibaoError("FIELD_INVALID", "a claim needs at least one line", { field: `${path}.lines` });
  return { level, acctUsed: flag === "1", lines };
}

export { yuanToFen };
