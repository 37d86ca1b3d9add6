import type { Executor } from "../../db/database.ts";
import { type RegionScope, regionIn } from "../platform/region-scope.ts";

/** A settlement with its visit, person, institution, the reversal it is or has, and its invoice (零星报销). */
export function findStatement(ex: Executor, setlId: string) {
  return ex
    .selectFrom("settlements as s")
    .innerJoin("visits as v", "v.id", "s.visit_id")
    .innerJoin("persons as p", "p.id", "s.person_id")
    .innerJoin("enrolments as e", "e.id", "v.enrolment_id")
    .leftJoin("institutions as i", "i.code", "v.institution_code")
    .leftJoin("settlements as orig", "orig.id", "s.reverses_id")
    .leftJoin("settlements as rev", "rev.reverses_id", "s.id")
    .leftJoin("manual_reimbursements as m", "m.settlement_id", "s.id")
    .selectAll("s")
    .select([
      "v.mdtrt_id",
      "v.med_type",
      "v.insutype",
      "v.level",
      "v.institution_code",
      "v.begntime",
      "v.endtime",
      "v.dise_codg",
      "p.psn_no",
      "p.name",
      "p.certno",
      "p.gender",
      "p.region_code",
      "e.psn_type",
      "i.name as institution_name",
      "orig.setl_id as reverses_setl_id",
      "rev.setl_id as reversed_by",
      "m.institution_code as invoice_issuer",
      "m.invoice_no",
    ])
    .where("s.setl_id", "=", setlId)
    .executeTakeFirst();
}

export function feeLinesOf(ex: Executor, visitId: bigint) {
  return ex.selectFrom("fee_lines").selectAll().where("visit_id", "=", visitId).orderBy("id").execute();
}

/** 零星报销 entered by the agency, newest first. */
export function listManual(
  ex: Executor,
  f: { scope: RegionScope; psnNo?: string; after: bigint | null; limit: number },
) {
  let q = ex
    .selectFrom("manual_reimbursements as m")
    .innerJoin("persons as p", "p.id", "m.person_id")
    .innerJoin("settlements as s", "s.id", "m.settlement_id")
    .leftJoin("operators as o", "o.id", "m.operator_id")
    .leftJoin("settlements as rev", "rev.reverses_id", "s.id")
    .select([
      "m.id",
      "m.institution_code",
      "m.invoice_no_sent",
      "m.created_at",
      "p.psn_no",
      "p.name",
      "s.setl_id",
      "s.medfee",
      "s.fund_pay",
      "s.cash_pay",
      "o.login as operator_login",
      "rev.setl_id as reversed_by",
    ])
    .where(regionIn("p.region_code", f.scope))
    .orderBy("m.id", "desc")
    .limit(f.limit);
  if (f.psnNo) q = q.where("p.psn_no", "=", f.psnNo);
  if (f.after !== null) q = q.where("m.id", "<", f.after);
  return q.execute();
}
