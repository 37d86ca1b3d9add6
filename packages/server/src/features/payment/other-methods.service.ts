import { fenToYuan } from "@yibao/core/money";
import { type Liquidation, capitationPayment, perDiemPayment } from "@yibao/core/payment";
import { sql } from "kysely";
import type { Actor } from "../../audit/audit.ts";
import type { Db } from "../../db/database.ts";
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

const zeroTotals = (l: Liquidation["statements"]) => ({
  drgAmount: l.reduce((s, x) => s + x.drgAmount, 0n),
  payable: l.reduce((s, x) => s + x.payable, 0n),
  advances: 0n,
  balanceDue: l.reduce((s, x) => s + x.balanceDue, 0n),
});

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
  const inst = await db
    .selectFrom("institutions as i")
    .innerJoin("regions as r", "r.code", "i.region_code")
    .select(["i.code", "i.level", "i.payment_method", "i.region_code"])
    .where("i.payment_method", "in", ["per_diem", "capitation"])
    .where((eb) => eb.or([eb("i.region_code", "=", input.region), eb("r.parent_code", "=", input.region)]))
    .orderBy("i.code")
    .execute();
  const statement = (code: string, amount: bigint, lines: Liquidation["statements"][number]["cases"]) => ({
    hospital: code,
    coefficient: 10_000n,
    cases: lines,
    points: 0n,
    drgAmount: amount,
    fundPaid: 0n,
    surplus: 0n,
    overspend: 0n,
    adjustment: 0n,
    deduction: 0n,
    deductions: [],
    payable: amount,
    advances: 0n,
    balanceDue: amount,
  });
  const perDiem: Liquidation["statements"] = [];
  const capitation: Liquidation["statements"] = [];
  for (const h of inst) {
    if (h.payment_method === "per_diem") {
      const cases = await db
        .selectFrom("drg_cases")
        .select(["id", "los", "cost", "fund_paid", "drg"])
        .where("institution_code", "=", h.code)
        .where("year", "=", input.year)
        .orderBy("id")
        .execute();
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
      perDiem.push(
        statement(
          h.code,
          cases.reduce((s, c) => s + perDiemPayment(c.los, rate), 0n),
          lines,
        ),
      );
    } else {
      const n = await db
        .selectFrom("enrolments")
        .select(sql<bigint>`count(*)`.as("n"))
        .where("region_code", "=", h.region_code)
        .where("insutype", "=", "390")
        .where("status", "=", "active")
        .executeTakeFirstOrThrow();
      const pay = capitationPayment(Number(n.n), rates.capitationMonthly, 12, rates.capitationWithheld);
      capitation.push({
        ...statement(h.code, pay.paid, []),
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
    const totals = zeroTotals(statements);
    runs.push(
      await storeRun(db, actor, { ...input, budget: totals.payable }, method, input.year, {
        budget: totals.payable,
        totalPoints: 0n,
        pointValue: "0",
        statements,
        totals,
      }),
    );
  }
  return runs;
}
