import { fenToYuan } from "@yibao/core/money";
import { maskIdNumber } from "@yibao/core/pii";
import { beijingYear, displayTime } from "@yibao/core/time";
import type { Executor } from "../../db/database.ts";
import { uncachedReference } from "../catalogue/reference.ts";
import type { Citizen } from "./citizen-login.ts";
import { personOverview, settlementsOfYear } from "./selfservice.repository.ts";

/** Outpatient (11) and inpatient (21): the deductibles and caps a person is shown against. */
const SHOWN_MED_TYPES = ["11", "21"];

/**
 * The insured person's own page: coverage, balance, this year's settlements and how much of the
 * deductible and caps the year has used (accumulators against the policies in force).
 */
export async function insuredOverview(ex: Executor, c: Citizen, now: Date) {
  const year = beijingYear(now);
  const o = await personOverview(ex, c.personId!, year);
  const live = o.enrolments.find((e) => e.status === "active") ?? o.enrolments[o.enrolments.length - 1];
  const policies = [];
  if (live)
    for (const medType of SHOWN_MED_TYPES) {
      const p = await uncachedReference.policy(ex, live.region_code, live.insutype, medType, year);
      if (!p) continue;
      policies.push({
        medType,
        deductibleScope: p.deductible.scope,
        deductibleByLevel: Object.fromEntries(
          Object.entries(p.deductible.byLevel).map(([k, v]) => [k, fenToYuan(v)]),
        ),
        poolAnnualCap: fenToYuan(p.pool.annualCap),
        largeAmountCap: p.largeAmount ? fenToYuan(p.largeAmount.annualCap) : null,
        criticalIllnessCap: p.criticalIllness ? fenToYuan(p.criticalIllness.annualCap) : null,
      });
    }
  const y = o.ytd;
  const settlements = await settlementsOfYear(ex, c.personId!, year, 100);
  return {
    psnNo: o.person.psn_no,
    name: o.person.name,
    certno: maskIdNumber(o.person.certno),
    gender: o.person.gender,
    regionCode: o.person.region_code,
    regionName: o.person.region_name,
    sessionExpiresAt: c.expiresAt.toISOString(),
    balance: o.balance === null ? null : fenToYuan(o.balance),
    coverage: o.enrolments.map((e) => ({
      insutype: e.insutype,
      psnType: e.psn_type,
      regionCode: e.region_code,
      status: e.status,
      startDate: e.start_date,
      endDate: e.end_date,
      benefitStartDate: e.benefit_start_date,
      employerName: e.employer_name,
    })),
    year,
    used: {
      deductiblePaid: fenToYuan(y?.deductible_paid ?? 0n),
      poolPaid: fenToYuan(y?.pool_paid ?? 0n),
      largeAmountPaid: fenToYuan(y?.large_amount_paid ?? 0n),
      criticalIllnessPaid: fenToYuan(y?.ci_paid ?? 0n),
      assistancePaid: fenToYuan(y?.maf_paid ?? 0n),
      admissions: y?.admissions ?? 0,
    },
    policies,
    settlements: settlements.map((s) => ({
      setlId: s.setl_id,
      kind: s.kind,
      setlTime: displayTime(s.setl_time),
      medType: s.med_type,
      insutype: s.insutype,
      institutionName: s.institution_name,
      medfee: fenToYuan(s.medfee),
      fundPay: fenToYuan(s.fund_pay),
      accountPay: fenToYuan(s.account_pay),
      cashPay: fenToYuan(s.cash_pay),
    })),
  };
}
