import { loadChsDrg11 } from "../features/payment/drg-scheme.ts";
import { SYSTEM_ACTOR } from "../audit/audit.ts";
import type { Db } from "../db/database.ts";
import { type CaseJson, importCases } from "../features/payment/cases.import.ts";
import { liquidateYear } from "../features/payment/payment.service.ts";
import { prng } from "../features/simulation/prng.ts";

const CASES_PER_YEAR = 1500;

/**
 * Demo inpatient cases of the DRG hospitals for 2025 (history for the weights) and 2026, drawn from
 * the CHS-DRG rule text (a principal diagnosis and, for surgical groups, a procedure of the group),
 * and the 2026 liquidation so the console has figures.
 */
export async function seed(db: Db): Promise<void> {
  const r = prng(20260505);
  const scheme = loadChsDrg11();
  const rules = scheme.adrgs.filter(
    (a) => a.mdc !== "MDCA" && a.mdc !== "MDCP" && a.principalDx && a.principalDx.size > 0,
  );
  const hospitals = await db
    .selectFrom("institutions")
    .select(["code", "level"])
    .where("payment_method", "in", ["drg", "dip"])
    .orderBy("code")
    .execute();
  const persons = await db
    .selectFrom("persons")
    .select(["psn_no", "gender", "birth_date"])
    .orderBy("id")
    .limit(2000)
    .execute();
  if (hospitals.length === 0 || persons.length === 0) return;
  const baseCost = new Map(rules.map((a) => [a.code, 3000 + r.int(0, 40000)]));
  for (const year of [2025, 2026]) {
    const cases: CaseJson[] = [];
    for (let i = 0; i < CASES_PER_YEAR; i++) {
      const rule = r.pick(rules);
      const p = r.pick(persons);
      const h = r.pick(hospitals);
      const dx = r.pick([...rule.principalDx!]);
      const px = rule.principalProc ? [r.pick([...rule.principalProc])] : [];
      const los = r.int(2, 20);
      const adm = new Date(Date.UTC(year, 0, r.int(1, 330)));
      const dis = new Date(adm.getTime() + los * 86400_000);
      const cost = Math.round(
        baseCost.get(rule.code)! * (0.6 + r.next() * 0.9) * (h.level === "3" ? 1.2 : 1),
      );
      const age = year - Number(p.birth_date.slice(0, 4));
      cases.push({
        id: `D${year}${String(i).padStart(5, "0")}`,
        fixmedins_code: h.code,
        psn_no: p.psn_no,
        admission: adm.toISOString().slice(0, 10),
        discharge: dis.toISOString().slice(0, 10),
        gender: p.gender,
        age,
        ageDays: age * 365,
        los,
        diagnoses: [dx],
        procedures: px,
        cost: `${cost}.00`,
        fundPaid: `${Math.round(cost * 0.72)}.00`,
      });
    }
    await importCases(db, cases);
  }
  await liquidateYear(db, SYSTEM_ACTOR, {
    region: "530100",
    year: 2026,
    budget: 1_300_000_000n,
    dipBudget: 300_000_000n,
  });
}
