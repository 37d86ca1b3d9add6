import {
  type CreditScore,
  DOCTOR_CREDIT,
  INSTITUTION_CREDIT,
  PERSON_CREDIT,
  creditScores,
} from "@yibao/core/supervision";
import type { Actor } from "../../audit/audit.ts";
import type { Executor } from "../../db/database.ts";
import { inScope, regionScope } from "../platform/region-scope.ts";
import { deductedCases, deductedCasesByDoctor, deductedCasesByPerson } from "./credit.repository.ts";

/**
 * Institutions' credit (信用评价) of a Beijing year from the cases decided against them that year
 * (core/supervision/credit.ts: start 1000, each deducted case costs points, more for a larger
 * deduction), with the history case by case; under `threshold` an institution is flagged for
 * agreement review (协议管理). Computed from the case history each time: nothing to keep in step.
 */
export async function institutionCredit(
  ex: Executor,
  year: number,
  threshold = INSTITUTION_CREDIT.threshold,
): Promise<CreditScore[]> {
  const from = new Date(`${year}-01-01T00:00:00+08:00`);
  const to = new Date(`${year + 1}-01-01T00:00:00+08:00`);
  const cases = await deductedCases(ex, from, to);
  return creditScores(
    { ...INSTITUTION_CREDIT, threshold },
    cases.map((c) => ({
      subject: c.institution_code,
      caseNo: c.case_no,
      decidedAt: c.at.toISOString(),
      deduction: c.deduction ?? 0n,
    })),
  );
}

/**
 * Insured persons' credit of a Beijing year (core PERSON_CREDIT: 100 points, each deducted case
 * whose findings concern the person costs points, more when the person's findings reach 10,000
 * yuan), each with the person's name and region; under `threshold` flagged for closer review.
 */
export async function personCredit(
  ex: Executor,
  actor: Actor,
  year: number,
  threshold = PERSON_CREDIT.threshold,
) {
  const from = new Date(`${year}-01-01T00:00:00+08:00`);
  const to = new Date(`${year + 1}-01-01T00:00:00+08:00`);
  const scope = await regionScope(ex, actor);
  // persons of the operator's regions only, as everywhere else
  const rows = (await deductedCasesByPerson(ex, from, to)).filter((r) => inScope(scope, r.region_code));
  const who = new Map(rows.map((r) => [r.psn_no, { name: r.name, regionCode: r.region_code }]));
  const scores = creditScores(
    { ...PERSON_CREDIT, threshold },
    rows.map((r) => ({
      subject: r.psn_no,
      caseNo: r.case_no,
      decidedAt: r.at.toISOString(),
      deduction: BigInt(r.amount),
    })),
  );
  return scores.map((s) => ({ ...s, ...who.get(s.subject)! }));
}

/**
 * Doctors' points (医保医师积分) of a Beijing year: 12 points, each deducted case whose findings
 * concern visits the doctor attended (atddr_no) costs points (core DOCTOR_CREDIT); under
 * `threshold` the doctor is flagged for review of the 医保医师 registration. With the
 * institutions the doctor's cases came from; `institution` limits it to one institution's visits.
 */
export async function doctorCredit(
  ex: Executor,
  year: number,
  institution: string | null,
  threshold = DOCTOR_CREDIT.threshold,
) {
  const from = new Date(`${year}-01-01T00:00:00+08:00`);
  const to = new Date(`${year + 1}-01-01T00:00:00+08:00`);
  const rows = await deductedCasesByDoctor(ex, from, to, institution);
  const places = new Map<string, Set<string>>();
  for (const r of rows)
    places.set(r.atddr_no!, (places.get(r.atddr_no!) ?? new Set()).add(r.institution_code!));
  // one case is one entry per doctor, whichever of the doctor's institutions it came from
  const once = new Map(rows.map((r) => [`${r.case_no}|${r.atddr_no}`, r]));
  const scores = creditScores(
    { ...DOCTOR_CREDIT, threshold },
    [...once.values()].map((r) => ({
      subject: r.atddr_no!,
      caseNo: r.case_no,
      decidedAt: r.at.toISOString(),
      deduction: BigInt(r.amount),
    })),
  );
  return scores.map((s) => ({ ...s, institutions: [...places.get(s.subject)!].sort() }));
}
