import { maskCredential, maskIdNumber, maskName, maskPhone } from "@yibao/core/pii";
import type { Actor } from "../../audit/audit.ts";
import type { PersonTable } from "./registry.table.ts";
import type { Selectable } from "kysely";

/** Roles that handle persons' files and so see ID numbers, names and phones in clear. */
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
    birth_date: p.birth_date,
    phone: clear ? p.phone : maskPhone(p.phone),
    address: clear ? p.address : null,
    household_no: p.household_no,
    card_no: clear ? p.card_no : maskCredential("03", p.card_no), // 社会保障卡卡号; card_sn is never shown
    region_code: p.region_code,
    created_at: p.created_at,
  };
}
