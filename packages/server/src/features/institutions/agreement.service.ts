import { type Agreement, agreementWindow, overlaps } from "@yibao/core/registry";
import { addDays } from "@yibao/core/time";
import { YibaoError, fieldError } from "@yibao/core/errors";
import { type Actor, recordAudit } from "../../audit/audit.ts";
import type { Db, Executor } from "../../db/database.ts";
import { requireRowInScope } from "../platform/region-scope.ts";
import { checkName } from "../registry/person.service.ts";
import {
  type AgreementRow,
  agreementNoTaken,
  agreementsOf,
  insertAgreement,
  insertTermination,
  lockInstitution,
  setAgreementWindow,
} from "./agreement.repository.ts";
import type { InstitutionRow } from "./institution.repository.ts";

export interface NewAgreement {
  agreementNo: string;
  validFrom: string;
  validTo?: string | null;
  scope?: string;
}

const asAgreement = (r: AgreementRow): Agreement => ({
  agreementNo: r.agreement_no,
  validFrom: r.valid_from,
  validTo: r.valid_to,
  endedOn: r.last_day,
});

const unknown = (code: string) =>
  new YibaoError("REG_INSTITUTION_UNKNOWN", `No institution ${code}`, { field: "code" });

/** The institution, locked, if the operator's regions hold it (else as if it did not exist). */
async function ownInstitution(ex: Executor, actor: Actor, code: string): Promise<InstitutionRow> {
  const inst = await lockInstitution(ex, code);
  if (!inst) throw unknown(code);
  await requireRowInScope(ex, actor, inst.region_code, () => unknown(code));
  return inst;
}

/**
 * The institution's agreements; one made from its agreement days first if it has none (an
 * institution registered before agreements were kept, or loaded in bulk by the simulator).
 */
async function agreementsWithFirst(ex: Executor, inst: InstitutionRow) {
  const rows = await agreementsOf(ex, inst.code);
  if (rows.length > 0) return rows;
  await insertAgreement(ex, {
    institution_code: inst.code,
    agreement_no: `XY${inst.code}${inst.agreement_from.replaceAll("-", "")}`,
    valid_from: inst.agreement_from,
    valid_to: inst.agreement_to,
    recorded_by: "system",
  });
  return agreementsOf(ex, inst.code);
}

/** Sets the institution's agreement days (what the gateway checks) from its agreements. */
async function applyWindow(ex: Executor, inst: InstitutionRow, today: string) {
  const rows = await agreementsOf(ex, inst.code);
  const w = agreementWindow(rows.map(asAgreement), today);
  // in force on no day: an empty window (ends the day before it begins)
  const from = w?.from ?? rows[0]!.valid_from;
  const to = w ? w.to : addDays(from, -1);
  await setAgreementWindow(ex, inst.code, from, to);
  return { agreementFrom: from, agreementTo: to, agreements: rows };
}

/**
 * Signs (or renews: 续签) a service agreement: a number not used before, days not shared with
 * another agreement of the institution still in force on them. The gateway settles on the
 * joined days of the agreements around today. Audited.
 */
export async function signAgreement(db: Db, actor: Actor, code: string, input: NewAgreement, today: string) {
  return db.transaction().execute(async (trx) => {
    const inst = await ownInstitution(trx, actor, code);
    const validTo = input.validTo ?? null;
    if (validTo !== null && validTo < input.validFrom)
      throw fieldError("REG_DATE_ORDER", "validTo", "the agreement must end after it starts");
    const agreementNo = checkName(input.agreementNo, "agreementNo");
    if (await agreementNoTaken(trx, agreementNo))
      throw fieldError("REG_AGREEMENT_EXISTS", "agreementNo", `Agreement ${agreementNo} exists`);
    const existing = await agreementsWithFirst(trx, inst);
    const next: Agreement = { agreementNo, validFrom: input.validFrom, validTo, endedOn: null };
    const clash = existing.find((r) => overlaps(asAgreement(r), next));
    if (clash)
      throw fieldError(
        "REG_AGREEMENT_OVERLAP",
        "validFrom",
        `The days overlap agreement ${clash.agreement_no}`,
        {
          agreementNo: clash.agreement_no,
        },
      );
    const row = await insertAgreement(trx, {
      institution_code: code,
      agreement_no: agreementNo,
      valid_from: input.validFrom,
      valid_to: validTo,
      scope: (input.scope ?? "").trim(),
      recorded_by: actor.login,
    });
    const after = await applyWindow(trx, inst, today);
    await recordAudit(trx, actor, {
      action: "institution.agreement.sign",
      entity: "institution_agreements",
      entityId: row.id,
      before: { agreement_from: inst.agreement_from, agreement_to: inst.agreement_to },
      after: { ...row, agreement_from: after.agreementFrom, agreement_to: after.agreementTo },
    });
    return after;
  });
}

/**
 * Terminates an agreement early (解除协议): `lastDay` is its last day in force (at most its end;
 * the day before it begins to undo it whole). Once per agreement; audited.
 */
export async function terminateAgreement(
  db: Db,
  actor: Actor,
  code: string,
  agreementNo: string,
  input: { lastDay: string; reason: string },
  today: string,
) {
  return db.transaction().execute(async (trx) => {
    const inst = await ownInstitution(trx, actor, code);
    const rows = await agreementsWithFirst(trx, inst);
    const a = rows.find((r) => r.agreement_no === agreementNo);
    if (!a)
      throw new YibaoError("REG_AGREEMENT_UNKNOWN", `No agreement ${agreementNo} of ${code}`, {
        field: "agreementNo",
      });
    if (a.last_day !== null)
      throw new YibaoError("REG_AGREEMENT_TERMINATED", `Agreement ${agreementNo} is already terminated`, {
        field: "agreementNo",
      });
    if (input.lastDay < addDays(a.valid_from, -1) || (a.valid_to !== null && input.lastDay > a.valid_to))
      throw fieldError("REG_DATE_ORDER", "lastDay", "the last day must be within the agreement's days");
    const reason = input.reason.trim();
    if (reason === "") throw fieldError("FIELD_REQUIRED", "reason", "say why the agreement ends");
    await insertTermination(trx, {
      agreement_id: a.id,
      last_day: input.lastDay,
      reason,
      recorded_by: actor.login,
    });
    const after = await applyWindow(trx, inst, today);
    await recordAudit(trx, actor, {
      action: "institution.agreement.terminate",
      entity: "institution_agreements",
      entityId: a.id,
      before: { agreement_from: inst.agreement_from, agreement_to: inst.agreement_to },
      after: {
        last_day: input.lastDay,
        reason,
        agreement_from: after.agreementFrom,
        agreement_to: after.agreementTo,
      },
    });
    return after;
  });
}

/** One institution with its agreements, if the operator's regions hold it. */
export async function institutionDetail(db: Db, actor: Actor, code: string) {
  const inst = await db.selectFrom("institutions").selectAll().where("code", "=", code).executeTakeFirst();
  if (!inst) throw unknown(code);
  await requireRowInScope(db, actor, inst.region_code, () => unknown(code));
  return { ...inst, agreements: await agreementsOf(db, code) };
}
