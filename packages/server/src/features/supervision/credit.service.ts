import { type CreditScore, INSTITUTION_CREDIT, creditScores } from "@yibao/core/supervision";
import type { Executor } from "../../db/database.ts";
import { deductedCases } from "./credit.repository.ts";

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
