import { YibaoError, fieldError } from "@yibao/core/errors";
import { type Actor, recordAudit } from "../../audit/audit.ts";
import type { Db } from "../../db/database.ts";
import { requireRegionInScope } from "../platform/region-scope.ts";
import { checkName, requireRegion } from "../registry/person.service.ts";
import { agreementNoTaken, insertAgreement } from "./agreement.repository.ts";
import { insertInstitution, institutionExists } from "./institution.repository.ts";

export interface NewInstitution {
  code: string;
  name: string;
  kind: "hospital" | "primary" | "pharmacy";
  level: "1" | "2" | "3";
  regionCode: string;
  paymentMethod?: "ffs" | "drg" | "dip" | "per_diem" | "capitation";
  agreementFrom: string;
  agreementTo?: string | null;
  /** 协议编号 of its first agreement; by default XY + code + start day */
  agreementNo?: string;
}

/** Registers a designated institution with its first agreement, in a region the operator may act on; audited. */
export async function createInstitution(db: Db, actor: Actor, input: NewInstitution) {
  return db.transaction().execute(async (trx) => {
    await requireRegion(trx, input.regionCode);
    await requireRegionInScope(trx, actor, input.regionCode);
    if (await institutionExists(trx, input.code))
      throw new YibaoError("REG_INSTITUTION_EXISTS", `Institution ${input.code} exists`, { field: "code" });
    if (input.agreementTo && input.agreementTo < input.agreementFrom) {
      throw fieldError("REG_DATE_ORDER", "agreementTo", "the agreement must end after it starts");
    }
    const row = await insertInstitution(trx, {
      code: input.code,
      name: checkName(input.name),
      kind: input.kind,
      level: input.level,
      region_code: input.regionCode,
      payment_method: input.paymentMethod ?? "drg",
      agreement_from: input.agreementFrom,
      agreement_to: input.agreementTo ?? null,
    });
    const agreementNo = checkName(
      input.agreementNo ?? `XY${input.code}${input.agreementFrom.replaceAll("-", "")}`,
      "agreementNo",
    );
    if (await agreementNoTaken(trx, agreementNo))
      throw fieldError("REG_AGREEMENT_EXISTS", "agreementNo", `Agreement ${agreementNo} exists`);
    await insertAgreement(trx, {
      institution_code: row.code,
      agreement_no: agreementNo,
      valid_from: input.agreementFrom,
      valid_to: input.agreementTo ?? null,
      recorded_by: actor.login,
    });
    await recordAudit(trx, actor, {
      action: "institution.create",
      entity: "institutions",
      entityId: row.code,
      after: row,
    });
    return row;
  });
}
