import { fenToYuan } from "@yibao/core/money";
import { Type } from "typebox";
import type { Executor } from "../../db/database.ts";
import { Timestamp, YuanOut } from "../../http/schemas.ts";
import { institutionNames, latestLiquidations, statementsOf } from "./fund.repository.ts";

/**
 * The payment results of a region's year for the leaders' dashboard (DRG/DIP付费结果): the
 * latest liquidation of each method with, per hospital, what its cases cost the fund at
 * settlement (fund paid) against what the liquidation pays (payable): the surplus or deficit the
 * payment method leaves the hospital (结余留用 / 超支分担).
 */
export const LiquidationsOut = Type.Object({
  region: Type.String(),
  year: Type.Integer(),
  runs: Type.Array(
    Type.Object({
      runId: Type.String(),
      method: Type.String({ description: "drg, dip, per_diem or capitation" }),
      budget: YuanOut,
      pointValue: Type.String(),
      createdAt: Timestamp,
      cases: Type.Integer(),
      fundPaid: YuanOut,
      payable: YuanOut,
      difference: YuanOut,
      hospitals: Type.Array(
        Type.Object({
          fixmedins_code: Type.String(),
          name: Type.String(),
          level: Type.String(),
          cases: Type.Integer(),
          fundPaid: YuanOut,
          payable: YuanOut,
          difference: YuanOut,
          deduction: YuanOut,
        }),
      ),
    }),
  ),
});

export async function liquidationResults(ex: Executor, region: string, year: number) {
  const runs = await latestLiquidations(ex, region, year);
  const statements = await statementsOf(
    ex,
    runs.map((r) => r.id),
  );
  const names = await institutionNames(ex, [...new Set(statements.map((s) => s.institution_code))]);
  return {
    region,
    year,
    runs: runs.map((run) => {
      const own = statements.filter((s) => s.run_id === run.id);
      const hospitals = own.map((s) => {
        const paid = BigInt(s.cases_fund_paid);
        return {
          fixmedins_code: s.institution_code,
          name: names.get(s.institution_code)?.name ?? "",
          level: names.get(s.institution_code)?.level ?? "",
          cases: Number(s.cases),
          fundPaid: fenToYuan(paid),
          payable: fenToYuan(s.payable),
          difference: fenToYuan(s.payable - paid),
          deduction: fenToYuan(s.deduction),
        };
      });
      const fundPaid = own.reduce((a, s) => a + BigInt(s.cases_fund_paid), 0n);
      const payable = own.reduce((a, s) => a + s.payable, 0n);
      return {
        runId: String(run.id),
        method: run.method,
        budget: fenToYuan(run.budget),
        pointValue: run.point_value,
        createdAt: run.created_at,
        cases: own.reduce((a, s) => a + Number(s.cases), 0),
        fundPaid: fenToYuan(fundPaid),
        payable: fenToYuan(payable),
        difference: fenToYuan(payable - fundPaid),
        hospitals,
      };
    }),
  };
}
