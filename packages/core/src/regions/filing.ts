import { YibaoError, fieldError } from "../errors/index.ts";
import { addDays, checkDate } from "../time/index.ts";

/**
 * Out-of-region filing (异地就医备案) under the insured region's rules: who may file (insurance
 * types, kinds), from when (retroactive days) and for how long (days per kind). Pure.
 */
export const FILING_KINDS = {
  resident: "异地长期居住", // long-term residence elsewhere (e.g. retirees living with children)
  worker: "常驻异地工作", // posted to work elsewhere
  referral: "异地转诊", // referred by a hospital of the insured region
  temporary: "临时外出就医", // temporarily away
  commitment: "承诺制备案", // filed on a written promise; the supporting documents follow by a due day
} as const;
export type FilingKind = keyof typeof FILING_KINDS;

export interface FilingKindRule {
  maxDays: number | null; // longest period, inclusive of both ends; null = may be open-ended
  proofDays?: number; // commitment: days the person has to hand in the documents
}

export interface FilingRules {
  insutypes: string[]; // who may file: enrolled in one of these
  retroactiveDays: number; // how far back a filing may start (补备案)
  kinds: Partial<Record<FilingKind, FilingKindRule>>; // the kinds the region accepts
}

export interface FilingRequest {
  kind: string;
  insutype: string;
  validFrom: string;
  validTo: string | null;
}

/** What a filing stores: its period and, for a commitment, the day its documents are due. */
export interface FilingPeriod {
  kind: FilingKind;
  validFrom: string;
  validTo: string | null;
  commitmentDue: string | null;
}

type Json = Record<string, unknown>;

function days(v: unknown, path: string, nullable: boolean): number | null {
  if (v === null && nullable) return null;
  if (typeof v !== "number" || !Number.isInteger(v) || v < 0 || v > 36_600)
    throw fieldError("FIELD_INVALID", path, `${path} must be a whole number of days (0-36600)`);
  return v;
}

/** A region's filing rules in their JSON form (docs/regions.md), validated; errors name the field. */
export function parseFilingRules(json: unknown, path = "rules"): FilingRules {
  if (json === null || typeof json !== "object" || Array.isArray(json))
    throw fieldError("FIELD_INVALID", path, `${path} must be an object`);
  const o = json as Json;
  if (!Array.isArray(o.insutypes) || o.insutypes.some((t) => typeof t !== "string" || !/^\d{3}$/.test(t)))
    throw fieldError("FIELD_INVALID", `${path}.insutypes`, "insutypes must be a list of 3-digit codes");
  const kindsJson = o.kinds;
  if (kindsJson === null || typeof kindsJson !== "object" || Array.isArray(kindsJson))
    throw fieldError("FIELD_INVALID", `${path}.kinds`, `${path}.kinds must be an object`);
  const kinds: FilingRules["kinds"] = {};
  for (const [kind, rule] of Object.entries(kindsJson as Json)) {
    const kp = `${path}.kinds.${kind}`;
    if (!(kind in FILING_KINDS)) throw fieldError("FIELD_INVALID", kp, `unknown filing kind ${kind}`);
    if (rule === null || typeof rule !== "object") throw fieldError("FIELD_INVALID", kp);
    const r = rule as Json;
    const out: FilingKindRule = { maxDays: days(r.maxDays ?? null, `${kp}.maxDays`, true) };
    if (out.maxDays === 0) throw fieldError("FIELD_INVALID", `${kp}.maxDays`, "maxDays must be at least 1");
    if (kind === "commitment") out.proofDays = days(r.proofDays, `${kp}.proofDays`, false)!;
    kinds[kind as FilingKind] = out;
  }
  return {
    insutypes: o.insutypes as string[],
    retroactiveDays:
      o.retroactiveDays === undefined ? 0 : days(o.retroactiveDays, `${path}.retroactiveDays`, false)!,
    kinds,
  };
}

/** Days from `a` to `b` (b - a), both yyyy-MM-dd. */
export const daysBetween = (a: string, b: string) =>
  Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);

/**
 * Checks a filing against the insured region's rules on `today` and fixes its period: without a
 * `validTo` a kind with a longest period gets all of it; a commitment's documents are due
 * `proofDays` after today. Field names are the API's (kind, insutype, validFrom, validTo).
 */
export function planFiling(rules: FilingRules, req: FilingRequest, today: string): FilingPeriod {
  if (!(req.kind in FILING_KINDS))
    throw fieldError("FIELD_INVALID", "kind", `unknown filing kind ${req.kind}`);
  const kind = req.kind as FilingKind;
  const rule = rules.kinds[kind];
  if (!rule)
    throw new YibaoError("FILING_NOT_ALLOWED", `The insured region does not accept ${kind} filings`, {
      field: "kind",
    });
  if (!rules.insutypes.includes(req.insutype))
    throw new YibaoError("FILING_NOT_ALLOWED", `Insurance type ${req.insutype} may not file`, {
      field: "insutype",
    });
  const validFrom = checkDate(req.validFrom, "validFrom");
  const earliest = addDays(today, -rules.retroactiveDays);
  if (validFrom < earliest)
    throw new YibaoError("FILING_PERIOD_INVALID", `A filing may start on ${earliest} at the earliest`, {
      field: "validFrom",
      earliest,
    });
  const longest = rule.maxDays === null ? null : addDays(validFrom, rule.maxDays - 1);
  const validTo = req.validTo === null ? longest : checkDate(req.validTo, "validTo");
  if (validTo !== null && (validTo < validFrom || (longest !== null && validTo > longest)))
    throw new YibaoError(
      "FILING_PERIOD_INVALID",
      `validTo must lie between ${validFrom} and ${longest ?? "any later day"}`,
      { field: "validTo", latest: longest },
    );
  const commitmentDue = kind === "commitment" ? addDays(today, rule.proofDays ?? 0) : null;
  return { kind, validFrom, validTo, commitmentDue };
}

export type FilingState = "active" | "pending" | "expired" | "lapsed" | "revoked";

export interface FilingFacts {
  status: "active" | "revoked";
  validFrom: string;
  validTo: string | null;
  commitmentDue: string | null;
  proofReceived: boolean;
}

/**
 * A filing's state on a day. In force only when `active`: the registration guard's SQL
 * (visit.repository.ts, FILING_IN_FORCE) asks the same of the filings table.
 */
export function filingStateOn(f: FilingFacts, day: string): FilingState {
  if (f.status === "revoked") return "revoked";
  if (day < f.validFrom) return "pending";
  if (f.validTo !== null && day > f.validTo) return "expired";
  if (f.commitmentDue !== null && !f.proofReceived && day > f.commitmentDue) return "lapsed";
  return "active";
}
