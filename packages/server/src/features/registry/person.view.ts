import { maskCredential, maskIdNumber, maskName, maskPhone, maskText } from "@yibao/core/pii";
import type { Selectable } from "kysely";
import type { Actor } from "../../audit/audit.ts";
import type { PersonTable } from "./registry.table.ts";

/**
 * The one masking view of personal data (个人信息脱敏) for answers. Roles that may not see personal
 * data get ID numbers with the first 6 and last 4 characters only, the surname only, phones with
 * 3 + 4 digits, and nothing that gives back what was hidden: digits 7-14 of an ID number are the
 * birth date, so no birth date (birth_date, brdy) and no age either (with other fields an exact
 * age narrows the birth date down); no address. Persons inside other answers (audit-log
 * before/after, nested objects) go through `maskPersonData`, which knows the same fields by name.
 */
const CLEAR_ROLES = new Set(["admin", "agency"]);

export function canSeePii(actor: Actor): boolean {
  return CLEAR_ROLES.has(actor.role);
}

/** A person as the API returns it, masked unless the operator's role may see personal data. */
export function personView(p: Selectable<PersonTable>, actor: Actor) {
  const clear = canSeePii(actor);
  return {
    psn_no: p.psn_no,
    certno: clear ? p.certno : maskIdNumber(p.certno),
    name: clear ? p.name : maskName(p.name),
    gender: p.gender,
    birth_date: clear ? p.birth_date : null,
    phone: clear ? p.phone : maskPhone(p.phone),
    address: clear ? p.address : null,
    household_no: p.household_no,
    card_no: clear ? p.card_no : maskCredential("03", p.card_no), // 社会保障卡卡号; card_sn is never shown
    region_code: p.region_code,
    created_at: p.created_at,
  };
}

/** Fields of a person, by the names they carry in rows, answers and NHSA messages. */
const ID_FIELDS = new Set(["certno", "mdtrt_cert_no", "psn_cert_no"]);
const NAME_FIELDS = new Set(["name", "psn_name"]);
const PHONE_FIELDS = new Set(["phone", "tel", "mob"]);
/** Withheld entirely: they give back the hidden digits, or are personal data without a masked form. */
const WITHHELD_FIELDS = new Set(["birth_date", "brdy", "age", "address", "addr"]);

const isPersonLike = (o: Record<string, unknown>) => "certno" in o || "psn_name" in o || "psn_no" in o;

/**
 * Masks persons wherever they are in a JSON value, for roles that may not see personal data; the
 * value as it is for those that may. `name` is masked only in objects that are persons (they carry
 * certno, psn_name or psn_no): an employer's or a drug's name is not personal data. ID numbers and
 * phones in any other text are masked too.
 */
export function maskPersonData<T>(value: T, actor: Actor): T {
  return canSeePii(actor) ? value : (maskDeep(value, 0) as T);
}

function maskDeep(value: unknown, depth: number): unknown {
  if (typeof value === "string") return maskText(value);
  if (value === null || typeof value !== "object" || depth > 32 || value instanceof Date) return value;
  if (Array.isArray(value)) return value.map((v) => maskDeep(v, depth + 1));
  const o = value as Record<string, unknown>;
  const person = isPersonLike(o);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) {
    const text = typeof v === "string" ? v : null;
    if (WITHHELD_FIELDS.has(k)) out[k] = null;
    else if (ID_FIELDS.has(k) && text !== null) out[k] = maskIdNumber(text);
    else if (NAME_FIELDS.has(k) && text !== null && (person || k === "psn_name")) out[k] = maskName(text);
    else if (PHONE_FIELDS.has(k) && text !== null) out[k] = maskPhone(text);
    else out[k] = maskDeep(v, depth + 1);
  }
  return out;
}
