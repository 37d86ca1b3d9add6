import { fenToYuan } from "@yibao/core/money";
import { type Liquidation, capitationPayment, perDiemPayment } from "@yibao/core/payment";
import type { Actor } from "../../audit/audit.ts";
import type { Db } from "../../db/database.ts";
import { flatLiquidation, flatStatement } from "./flat-run.ts";
import { activeResidents, institutionsPaidOtherwise, staysOf } from "./payment.repository.ts";
import { storeRun } from "./payment.service.ts";

/** Per diem rates by hospital level (fen per bed-day) and the capitation rate (fen per person-month). */
export interface OtherRates {
  perDiemByLevel: Record<string, bigint>;
  capitationMonthly: bigint;
  capitationWithheld: bigint; // x 10^4, paid after the year's assessment
}

export const DEFAULT_RATES: OtherRates = {
  perDiemByLevel: { "1": 25_000n, "2": 35_000n, "3": 45_000n },
  capitationMonthly: 1_500n,
  capitationWithheld: 1_000n,
};

/**
 * Per diem (按床日) hospitals: each case is paid its bed-days x the rate of the hospital's level
 * (stays capped at 180 days). Capitation (按人头) hospitals: the residents enrolled in the
 * hospital's county x the monthly rate x 12, less the withheld share.
 */
export async function liquidateOtherMethods(
  db: Db,
  actor: Actor,
  input: { region: string; year: number },
  rates: OtherRates = DEFAULT_RATES,
) {
  const inst = await institutionsPaidOtherwise(db, input.region);
  const perDiem: Liquidation["statements"] = [];
  const capitation: Liquidation["statements"] = [];
  for (const h of inst) {
    if (h.payment_method === "per_diem") {
      const cases = await staysOf(db, h.code, input.year);
      const rate = rates.perDiemByLevel[h.level] ?? 0n;
      const lines = cases.map((c) => ({
        id: c.id,
        group: c.drg ?? "",
        cost: c.cost,
        fundPaid: c.fund_paid,
        kind: "normal" as const,
        points: BigInt(c.los) * 10_000n,
        readmission: false,
        explain: `${c.los} bed-days x ${fenToYuan(rate)} yuan`,
      }));
      const amount = cases.reduce((s, c) => s + perDiemPayment(c.los, rate), 0n);
      perDiem.push(flatStatement(h.code, amount, { cases: lines }));
    } else {
      const residents = await activeResidents(db, h.region_code);
      const pay = capitationPayment(residents, rates.capitationMonthly, 12, rates.capitationWithheld);
      capitation.push({
        ...flatStatement(h.code, pay.paid),
        adjustment: -pay.withheld,
        drgAmount: pay.paid + pay.withheld,
      });
    }
  }
  const runs = [];
  for (const [method, statements] of [
    ["per_diem", perDiem],
    ["capitation", capitation],
  ] as const) {
    if (statements.length === 0) continue;
    const l = flatLiquidation(statements);
    runs.push(await storeRun(db, actor, { ...input, budget: l.totals.payable }, method, input.year, l));
  }
  return runs;
}
