import { fieldError } from "../errors/index.ts";
import { parseDay } from "./dates.ts";
import { scaledDecimal } from "./exact.ts";
import {
  type FeeLine,
  type InstitutionType,
  type LineKind,
  MED_TYPES,
  type MedType,
  ONE_DAY,
  type Visit,
} from "./visit.ts";

/**
 * Validation of one visit of `yibao audit` (AUDIT-CONTRACT section 2). Anything that breaks the
 * format is AUDIT_VISIT_INVALID (the output's `bad-visit`) with `details.field` naming the path;
 * fields the contract does not name are ignored.
 */
type Json = Record<string, unknown>;

const DAYS_RE = /^\d{1,4}$/;
const KINDS: ReadonlySet<string> = new Set(["drug", "service", "material"]);
const INSTITUTION_TYPES: ReadonlySet<string> = new Set(["hospital", "pharmacy", "clinic"]);
const MED_TYPE_SET: ReadonlySet<string> = new Set(MED_TYPES);
const GENDERS: ReadonlySet<string> = new Set(["1", "2"]);
const INSUTYPES: ReadonlySet<string> = new Set(["310", "390"]);
const LEVELS: ReadonlySet<string> = new Set(["1", "2", "3"]);

const bad = (field: string, why: string) => fieldError("AUDIT_VISIT_INVALID", field, `${field}: ${why}`);

/** The visit's id when it has a usable one (a non-empty string), for the error line. */
export function visitIdOf(json: unknown): string | null {
  const id = isObject(json) ? json.id : undefined;
  return typeof id === "string" && id !== "" ? id : null;
}

export function isObject(v: unknown): v is Json {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function object(v: unknown, field: string): Json {
  if (!isObject(v)) throw bad(field, "not an object");
  return v;
}

function text(v: unknown, field: string): string {
  if (typeof v !== "string") throw bad(field, "not a string");
  return v;
}

function nonEmpty(v: unknown, field: string): string {
  if (text(v, field) === "") throw bad(field, "empty");
  return v as string;
}

function oneOf(v: unknown, allowed: ReadonlySet<string>, field: string): string {
  if (!allowed.has(text(v, field))) throw bad(field, `not one of ${[...allowed].join(", ")}`);
  return v as string;
}

function day(v: unknown, field: string): number {
  const d = cachedDay(v);
  if (d === null) throw bad(field, "not a date");
  return d;
}

/**
 * Day numbers of the date texts seen lately: a file has a few thousand distinct dates and each
 * recurs on many lines. Cleared when large, so memory stays bounded.
 */
const dayCache = new Map<string, number | null>();

function cachedDay(v: unknown): number | null {
  if (typeof v !== "string") return null;
  let d = dayCache.get(v);
  if (d === undefined) {
    if (dayCache.size >= 100_000) dayCache.clear();
    d = parseDay(v);
    dayCache.set(v, d);
  }
  return d;
}

/** Field paths are built only for an error: a visit has thousands of fields and is nearly always valid. */
const badLine = (i: number, leaf: string, why: string) => bad(`lines[${i}].${leaf}`, why);

function parseLine(v: unknown, i: number): FeeLine {
  if (!isObject(v)) throw bad(`lines[${i}]`, "not an object");
  const { id, code, kind, date, qty: qtyText, price: priceText, amount: amountText } = v;
  if (typeof id !== "string" || id === "") throw badLine(i, "id", "not a non-empty string");
  if (typeof code !== "string" || code === "") throw badLine(i, "code", "not a non-empty string");
  if (typeof kind !== "string" || !KINDS.has(kind)) throw badLine(i, "kind", "not drug, service or material");
  const d = cachedDay(date);
  if (d === null) throw badLine(i, "date", "not a date");
  const qty = scaledDecimal(qtyText, 4);
  if (qty === null) throw badLine(i, "qty", "not a decimal with at most 4 places");
  if (qty === 0n) throw badLine(i, "qty", "not positive");
  const price = scaledDecimal(priceText, 6);
  if (price === null) throw badLine(i, "price", "not a decimal with at most 6 places");
  const amount = scaledDecimal(amountText, 2, true);
  if (amount === null) throw badLine(i, "amount", "not a decimal with exactly 2 places");
  let days: number | null = null;
  if (kind === "drug") {
    if (typeof v.days !== "string" || !DAYS_RE.test(v.days) || Number(v.days) < 1)
      throw badLine(i, "days", "not an integer 1-9999");
    days = Number(v.days);
  } else if (v.days !== undefined) throw badLine(i, "days", `present on a ${kind} line`);
  return {
    id,
    code,
    kind: kind as LineKind,
    date: date as string,
    day: d,
    qtyText: qtyText as string,
    qty,
    priceText: priceText as string,
    price,
    amountText: amountText as string,
    amount,
    days,
  };
}

function parseLines(v: unknown): FeeLine[] {
  if (!Array.isArray(v) || v.length === 0) throw bad("lines", "not a non-empty array");
  const lines: FeeLine[] = new Array(v.length);
  const ids = new Set<string>();
  for (let i = 0; i < v.length; i++) {
    const l = parseLine(v[i], i);
    if (ids.has(l.id)) throw badLine(i, "id", "not unique in the visit");
    ids.add(l.id);
    lines[i] = l;
  }
  return lines;
}

function parseDiagnoses(v: unknown): string[] {
  if (!Array.isArray(v)) throw bad("diagnoses", "not an array");
  return v.map((d, i) => nonEmpty(d, `diagnoses[${i}]`));
}

/** A visit from its parsed JSON, or AUDIT_VISIT_INVALID naming the first field that breaks the format. */
export function parseVisit(json: unknown): Visit {
  const v = object(json, "visit");
  const p = object(v.person, "person");
  const inst = object(v.institution, "institution");
  const medType = oneOf(v.med_type, MED_TYPE_SET, "med_type") as MedType;
  const beg = day(v.begndate, "begndate");
  const end = day(v.enddate, "enddate");
  const birth = day(p.brdy, "person.brdy");
  if (beg > end) throw bad("enddate", "before begndate");
  if (ONE_DAY.has(medType) && end !== beg) throw bad("enddate", `not begndate for med_type ${medType}`);
  if (birth > beg) throw bad("person.brdy", "after begndate");
  return {
    id: nonEmpty(v.id, "id"),
    person: {
      psnNo: nonEmpty(p.psn_no, "person.psn_no"),
      gend: oneOf(p.gend, GENDERS, "person.gend") as "1" | "2",
      brdy: p.brdy as string,
      insutype: oneOf(p.insutype, INSUTYPES, "person.insutype"),
      psnType: nonEmpty(p.psn_type, "person.psn_type"),
    },
    institution: {
      code: nonEmpty(inst.code, "institution.code"),
      level: oneOf(inst.level, LEVELS, "institution.level"),
      type: oneOf(inst.type, INSTITUTION_TYPES, "institution.type") as InstitutionType,
    },
    medType,
    dept: text(v.dept, "dept"),
    doctor: text(v.doctor, "doctor"),
    begndate: v.begndate as string,
    enddate: v.enddate as string,
    beg,
    end,
    diagnoses: parseDiagnoses(v.diagnoses),
    lines: parseLines(v.lines),
  };
}
