import { fieldError } from "../errors/index.ts";
import { parseScaled } from "../money/index.ts";
import { parseDay } from "./dates.ts";
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

const QTY_RE = /^\d+(\.\d{1,4})?$/;
const PRICE_RE = /^\d+(\.\d{1,6})?$/;
const AMOUNT_RE = /^\d+\.\d{2}$/;
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
  const d = parseDay(v);
  if (d === null) throw bad(field, "not a date");
  return d;
}

function decimal(v: unknown, re: RegExp, scale: number, field: string, what: string): bigint {
  if (!re.test(text(v, field))) throw bad(field, `not a decimal with ${what}`);
  return parseScaled(v as string, scale, field);
}

function parseLine(v: unknown, field: string): FeeLine {
  const l = object(v, field);
  const kind = oneOf(l.kind, KINDS, `${field}.kind`) as LineKind;
  const qtyText = l.qty as string;
  const qty = decimal(l.qty, QTY_RE, 4, `${field}.qty`, "at most 4 places");
  if (qty <= 0n) throw bad(`${field}.qty`, "not positive");
  let days: number | null = null;
  if (kind === "drug") {
    if (!DAYS_RE.test(text(l.days, `${field}.days`)) || Number(l.days) < 1)
      throw bad(`${field}.days`, "not an integer 1-9999");
    days = Number(l.days);
  } else if (l.days !== undefined) throw bad(`${field}.days`, `present on a ${kind} line`);
  return {
    id: nonEmpty(l.id, `${field}.id`),
    code: nonEmpty(l.code, `${field}.code`),
    kind,
    date: l.date as string,
    day: day(l.date, `${field}.date`),
    qtyText,
    qty,
    priceText: l.price as string,
    price: decimal(l.price, PRICE_RE, 6, `${field}.price`, "at most 6 places"),
    amountText: l.amount as string,
    amount: decimal(l.amount, AMOUNT_RE, 2, `${field}.amount`, "exactly 2 places"),
    days,
  };
}

function parseLines(v: unknown): FeeLine[] {
  if (!Array.isArray(v) || v.length === 0) throw bad("lines", "not a non-empty array");
  const lines = v.map((l, i) => parseLine(l, `lines[${i}]`));
  const ids = new Set<string>();
  for (const [i, l] of lines.entries()) {
    if (ids.has(l.id)) throw bad(`lines[${i}].id`, "not unique in the visit");
    ids.add(l.id);
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
