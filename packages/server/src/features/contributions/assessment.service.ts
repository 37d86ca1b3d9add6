import { employeeMonth, residentYear, retireeMonth } from "@yibao/core/contribution";
import { fieldError } from "@yibao/core/errors";
import { parseUscc } from "@yibao/core/registry";
import { lastDayOfMonth } from "@yibao/core/time";
import type { Insertable } from "kysely";
import { type Actor, recordAudit } from "../../audit/audit.ts";
import type { Db, Executor } from "../../db/database.ts";
import { requireRegionInScope } from "../platform/region-scope.ts";
import { findEmployerByUscc } from "../registry/registry.repository.ts";
import {
  employeeEnrolmentsDue,
  insertNewAssessments,
  residentEnrolmentsDue,
} from "./assessment.repository.ts";
import { MONTH_RE } from "./contribution-period.ts";
import { findParams, insertPayments } from "./contribution.repository.ts";
import type { ContributionAssessmentTable } from "./contribution.table.ts";

const isRetiree = (psnType: string) => psnType.startsWith("12") || psnType === "1300";

/**
 * Assesses one month of the employee scheme in a region (optionally one employer): active
 * employees by their declared wage (default the average wage), flexible workers paying both parts,
 * retirees with only the account credit. Existing assessments are left as they are.
 */
export async function assessEmployees(
  db: Db,
  actor: Actor,
  input: { regionCode: string; period: string; employerUscc?: string; wages?: Record<string, bigint> },
) {
  const m = MONTH_RE.exec(input.period);
  if (!m) throw fieldError("CONTRIB_PERIOD_INVALID", "period");
  const monthStart = `${input.period}-01`;
  return db.transaction().execute(async (trx) => {
    await requireRegionInScope(trx, actor, input.regionCode);
    const params = await findParams(trx, input.regionCode, Number(m[1]));
    let employerId: bigint | null = null;
    if (input.employerUscc) {
      const emp = await findEmployerByUscc(trx, parseUscc(input.employerUscc, "employerUscc"));
      if (!emp) throw fieldError("REG_EMPLOYER_UNKNOWN", "employerUscc");
      employerId = emp.id;
    }
    const rows = await employeeEnrolmentsDue(trx, input.regionCode, lastDayOfMonth(input.period), employerId);
    const values = rows.map((e) => {
      const wage = input.wages?.[e.psn_no] ?? params.averageMonthlyWage;
      const month = isRetiree(e.psn_type) ? retireeMonth(params) : employeeMonth(wage, params);
      return {
        enrolment_id: e.id,
        person_id: e.person_id,
        employer_id: e.employer_id,
        kind: isRetiree(e.psn_type) ? ("retiree" as const) : ("employee" as const),
        period: input.period,
        base: month.base,
        employer_amount: month.employer,
        individual_amount: month.individual,
        assistance_amount: 0n,
        government_subsidy: 0n,
        total: month.employer + month.individual,
        account_credit: month.accountCredit,
        coverage_start: e.start_date > monthStart ? e.start_date : monthStart,
      };
    });
    const created = await insertAssessments(trx, values);
    await recordAudit(trx, actor, {
      action: "contribution.assess.employees",
      entity: "contribution_assessments",
      entityId: `${input.regionCode}/${input.period}`,
      after: { created, employer: input.employerUscc ?? null },
    });
    return { period: input.period, assessed: rows.length, created };
  });
}

/** Assesses a year of the resident scheme: the flat premium, the assistance share, the subsidy. */
export async function assessResidents(db: Db, actor: Actor, input: { regionCode: string; year: number }) {
  return db.transaction().execute(async (trx) => {
    await requireRegionInScope(trx, actor, input.regionCode);
    const params = await findParams(trx, input.regionCode, input.year);
    const yearStart = `${input.year}-01-01`;
    const rows = await residentEnrolmentsDue(trx, input.regionCode, input.year);
    // an enrolment assessed already keeps its assessment (the insert would leave it, too)
    const values = rows
      .filter((e) => !e.assessed)
      .map((e) => {
        // A person in several categories during the year gets the most generous one (tk > db > jc).
        const category = e.rank === null ? null : ([null, "tk", "db", "jc"] as const)[Number(e.rank)]!;
        const y = residentYear(params, category);
        return {
          enrolment_id: e.id,
          person_id: e.person_id,
          employer_id: null,
          kind: "resident" as const,
          period: String(input.year),
          base: 0n,
          employer_amount: 0n,
          individual_amount: y.personPays,
          assistance_amount: y.assistancePays,
          government_subsidy: y.governmentSubsidy,
          total: y.premium,
          account_credit: 0n,
          coverage_start: e.start_date > yearStart ? e.start_date : yearStart,
        };
      });
    const created = await insertAssessments(trx, values);
    await recordAudit(trx, actor, {
      action: "contribution.assess.residents",
      entity: "contribution_assessments",
      entityId: `${input.regionCode}/${input.year}`,
      after: { created },
    });
    return { period: String(input.year), assessed: rows.length, created };
  });
}

/** Inserts the new assessments in batches; the assistance share of each is paid at once. */
async function insertAssessments(
  trx: Executor,
  values: Insertable<ContributionAssessmentTable>[],
): Promise<number> {
  let created = 0;
  for (let i = 0; i < values.length; i += 5000) {
    const res = await insertNewAssessments(trx, values.slice(i, i + 5000));
    created += res.length;
    // The assistance share (资助参保) is paid by medical assistance at once.
    const aided = res.filter((r) => r.assistance_amount > 0n);
    if (aided.length > 0) {
      await insertPayments(
        trx,
        aided.map((r) => ({
          assessment_id: r.id,
          amount: r.assistance_amount,
          channel: "assistance",
          reference: "资助参保",
          // medical assistance pays the share for the period it covers, from its start
          paid_on: r.coverage_start,
          reverses_id: null,
          operator_id: null,
        })),
      );
    }
  }
  return created;
}
