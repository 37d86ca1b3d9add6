import { SYSTEM_ACTOR } from "../audit/audit.ts";
import type { Db } from "../db/database.ts";
import { creditAccounts } from "../features/contributions/account-credit.service.ts";
import { assessEmployees, assessResidents } from "../features/contributions/assessment.service.ts";
import { setParams } from "../features/contributions/contribution-params.service.ts";
import { pay } from "../features/contributions/contribution-payment.service.ts";
import { prng } from "./prng.ts";

/**
 * Illustrative Kunming-like parameters (not official figures): average monthly wage 8,000 yuan,
 * employer 8.5%, individual 2% (all of it to the personal account), retirees 90 yuan a month,
 * resident premium 380 (2025) / 400 (2026) yuan with a 670 / 700 yuan subsidy per head.
 */
const PARAMS = (year: number) => ({
  averageMonthlyWage: year === 2025 ? "7800.00" : "8000.00",
  baseFloorRatio: "0.6000",
  baseCeilingRatio: "3.0000",
  employerRate: "0.0850",
  individualRate: "0.0200",
  employerShareToAccount: "0",
  retireeMonthlyCredit: "90.00",
  residentAnnualPremium: year === 2025 ? "380.00" : "400.00",
  residentGovernmentSubsidy: year === 2025 ? "670.00" : "700.00",
  assistanceSubsidy: { tk: "1.0000", db: "1.0000", jc: "0.5000" },
  waitingDays: 90,
});

export async function seed(db: Db): Promise<void> {
  const r = prng(20260202);
  for (const year of [2025, 2026]) await setParams(db, SYSTEM_ACTOR, "530100", year, PARAMS(year));
  // Demo enrolments are in county regions of 530100; parameters are per county too.
  const counties = (
    await db.selectFrom("regions").select("code").where("parent_code", "=", "530100").execute()
  ).map((c) => c.code);
  for (const c of counties)
    for (const year of [2025, 2026]) await setParams(db, SYSTEM_ACTOR, c, year, PARAMS(year));
  for (const region of counties) {
    await assessResidents(db, SYSTEM_ACTOR, { regionCode: region, year: 2026 });
    for (const period of ["2026-01", "2026-02", "2026-03"])
      await assessEmployees(db, SYSTEM_ACTOR, { regionCode: region, period });
  }
  // Most pay in full; some owe (arrears).
  const open = await db
    .selectFrom("contribution_assessments as a")
    .select(["a.id", "a.total", "a.assistance_amount", "a.period", "a.kind"])
    .orderBy("a.id")
    .execute();
  for (const a of open) {
    const owed = a.total - a.assistance_amount;
    if (owed <= 0n || r.chance(0.06)) continue;
    const paidOn = a.kind === "resident" ? "2025-12-15" : `${a.period}-15`;
    await pay(db, SYSTEM_ACTOR, {
      assessmentId: a.id,
      amount: owed,
      channel: r.pick(["tax", "bank", "wechat", "alipay"]),
      reference: `DEMO${a.id}`,
      paidOn,
    });
  }
  for (const month of ["2026-01", "2026-02", "2026-03"]) await creditAccounts(db, month);
}
