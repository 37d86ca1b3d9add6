import { YibaoError, fieldError } from "@yibao/core/errors";
import { maskIdNumber } from "@yibao/core/pii";
import { parseCertno, parseUscc } from "@yibao/core/registry";
import { type Actor, type AuditEntry, recordAudit } from "../../audit/audit.ts";
import type { Db, Executor } from "../../db/database.ts";
import { issueCardNo, issueCardSn } from "./card.ts";
import { requireRegionInScope, requireRowInScope } from "../platform/region-scope.ts";
import {
  findEmployerByUscc,
  findPersonByCertno,
  nextPersonIds,
  psnNoOf,
  regionExists,
} from "./registry.repository.ts";

export interface NewPerson {
  certno: string;
  name: string;
  phone?: string | null;
  address?: string | null;
  householdNo?: string | null;
  regionCode: string;
  parentPersonId?: bigint | null;
}

export async function requireRegion(ex: Executor, code: string, field = "regionCode") {
  if (!/^\d{6}$/.test(code) || !(await regionExists(ex, code))) {
    throw fieldError("REG_REGION_UNKNOWN", field, `region ${code} is not a known pooling region`);
  }
}

export function checkName(name: string, field = "name") {
  const n = String(name ?? "").trim();
  if (n.length === 0 || n.length > 50)
    throw fieldError("FIELD_INVALID", field, `${field} must be 1-50 characters`);
  return n;
}

export function checkPhone(phone: string | null | undefined, field = "phone") {
  if (phone === null || phone === undefined || phone === "") return null;
  if (!/^[0-9+-]{5,20}$/.test(phone))
    throw fieldError("FIELD_INVALID", field, `${field} is not a phone number`);
  return phone;
}

/** An optional text of at most `max` characters. */
export function checkLength(value: string | null | undefined, field: string, max: number) {
  if (value && value.length > max)
    throw fieldError("TEXT_TOO_LONG", field, `${field} is longer than ${max} characters`, { maxLength: max });
  return value ?? null;
}

/** Registers a person inside an open transaction (used by the API, newborns and imports). */
export async function insertPerson(trx: Executor, actor: Actor, input: NewPerson, today: string) {
  const info = parseCertno(input.certno, "certno", today);
  await requireRegion(trx, input.regionCode);
  if (await findPersonByCertno(trx, info.certno)) throw personExists(info.certno);
  const [id] = await nextPersonIds(trx, 1);
  const row = await trx
    .insertInto("persons")
    .values(personValues(id!, input, info))
    .returningAll()
    .executeTakeFirstOrThrow();
  await recordAudit(trx, actor, personCreated(row));
  return row;
}

export const personExists = (certno: string) =>
  new YibaoError("REG_PERSON_EXISTS", `A person with ID ${maskIdNumber(certno)} is already registered`, {
    field: "certno",
  });

/** The persons row of a new person (its ID number parsed) with the id drawn for it; checks name and phone. */
export function personValues(id: bigint, input: NewPerson, info: ReturnType<typeof parseCertno>) {
  return {
    id,
    psn_no: psnNoOf(input.regionCode, id),
    certno: info.certno,
    name: checkName(input.name),
    gender: info.gender,
    birth_date: info.birthDate,
    phone: checkPhone(input.phone),
    address: input.address ?? null,
    household_no: input.householdNo ?? null,
    region_code: input.regionCode,
    parent_person_id: input.parentPersonId ?? null,
    // registration issues the social security card (社会保障卡): its number and chip code
    card_no: issueCardNo(),
    card_sn: issueCardSn(),
  };
}

/** The audit entry of a registration: the row without the chip code (a card credential). */
export function personCreated(row: { id: bigint; card_sn: string | null }): AuditEntry {
  const { card_sn: _chip, ...audited } = row;
  return { action: "person.create", entity: "persons", entityId: row.id, after: audited };
}

export function createPerson(db: Db, actor: Actor, input: NewPerson, today: string) {
  return db.transaction().execute(async (trx) => {
    await requireRegion(trx, input.regionCode);
    await requireRegionInScope(trx, actor, input.regionCode);
    return insertPerson(trx, actor, input, today);
  });
}

/** Persons outside the operator's region are answered as unknown (features/platform/region-scope.ts). */
export const unknownPerson =
  (psnNo: string, field = "psnNo") =>
  () =>
    new YibaoError("REG_PERSON_UNKNOWN", `No person ${psnNo}`, { field });

export async function updateContact(
  db: Db,
  actor: Actor,
  psnNo: string,
  patch: { phone?: string | null; address?: string | null; householdNo?: string | null },
) {
  return db.transaction().execute(async (trx) => {
    const before = await trx
      .selectFrom("persons")
      .selectAll()
      .where("psn_no", "=", psnNo)
      .forUpdate()
      .executeTakeFirst();
    if (!before) throw new YibaoError("REG_PERSON_UNKNOWN", `No person ${psnNo}`, { field: "psn_no" });
    await requireRowInScope(trx, actor, before.region_code, unknownPerson(psnNo, "psn_no"));
    const after = await trx
      .updateTable("persons")
      .set({
        phone: patch.phone === undefined ? before.phone : checkPhone(patch.phone),
        address: patch.address === undefined ? before.address : patch.address,
        household_no: patch.householdNo === undefined ? before.household_no : patch.householdNo,
      })
      .where("id", "=", before.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, actor, {
      action: "person.update_contact",
      entity: "persons",
      entityId: before.id,
      before,
      after,
    });
    return after;
  });
}

export async function createEmployer(
  db: Db,
  actor: Actor,
  input: { uscc: string; name: string; regionCode: string },
) {
  const uscc = parseUscc(input.uscc);
  return db.transaction().execute(async (trx) => {
    await requireRegion(trx, input.regionCode);
    await requireRegionInScope(trx, actor, input.regionCode);
    if (await findEmployerByUscc(trx, uscc)) {
      throw new YibaoError("REG_EMPLOYER_EXISTS", `Employer ${uscc} is already registered`, {
        field: "uscc",
      });
    }
    const row = await trx
      .insertInto("employers")
      .values({ uscc, name: checkName(input.name), region_code: input.regionCode })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, actor, {
      action: "employer.create",
      entity: "employers",
      entityId: row.id,
      after: row,
    });
    return row;
  });
}
