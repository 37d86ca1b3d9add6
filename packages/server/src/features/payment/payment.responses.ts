import { Type } from "typebox";
import { IdOut, Nullable, StringEnum, YuanOut } from "../../http/schemas.ts";

/** The answers of the payment routes (payment.routes.ts). Points are decimal strings, 4 decimals. */

const Points = Type.String({ description: "points, 4 decimals" });

/** A run's totals in yuan (core Liquidation.totals). */
const Totals = Type.Object({
  drgAmount: YuanOut,
  payable: YuanOut,
  advances: YuanOut,
  balanceDue: YuanOut,
});

/** A point-value run (DRG or DIP) as the liquidation answer sums it up. */
const RunSummary = Type.Object({
  runId: IdOut,
  pointValue: Type.String({ description: "yuan per point, 6 decimals" }),
  totalPoints: Points,
  totals: Totals,
  hospitals: Type.Integer({ description: "hospitals with a statement" }),
});

export const LiquidationAnswer = Type.Object({
  ...RunSummary.properties,
  dip: Nullable(RunSummary),
  others: Type.Array(Type.Object({ runId: IdOut, hospitals: Type.Integer(), payable: YuanOut }), {
    description: "per diem and capitation runs",
  }),
});

export const AdvanceAnswer = Type.Object({
  runId: IdOut,
  total: YuanOut,
  hospitals: Type.Array(Type.Object({ fixmedins_code: Type.String(), advance: YuanOut })),
  replayed: Type.Boolean({ description: "true: a repeat, answered with the first advance" }),
});

export const DipCatalogueAnswer = Type.Object({
  year: Type.Integer(),
  regionalMean: YuanOut,
  groups: Type.Array(
    Type.Object({
      code: Type.String(),
      kind: StringEnum(["core", "comprehensive"] as const),
      cases: Type.Integer(),
      meanCost: YuanOut,
      score: Points,
    }),
  ),
});

export const RunAnswer = Type.Object({
  id: IdOut,
  method: StringEnum(["drg", "dip", "per_diem", "capitation", "advance"] as const),
  region: Type.String(),
  year: Type.Integer(),
  period: Nullable(Type.String({ description: "yyyy-MM of an advance" })),
  budget: YuanOut,
  pointValue: Type.String({ description: "yuan per point, 6 decimals" }),
  totalPoints: Points,
  weightsYear: Type.Integer(),
  statements: Type.Array(
    Type.Object({
      fixmedins_code: Type.String(),
      coefficient: Type.String({ description: "4 decimals" }),
      points: Points,
      drgAmount: YuanOut,
      fundPaid: YuanOut,
      adjustment: YuanOut,
      deduction: YuanOut,
      deductions: Type.Array(
        Type.Object({
          caseNo: Type.String({ description: "the supervision case (案件编号)" }),
          amount: YuanOut,
        }),
        { description: "the decided supervision cases behind the deduction" },
      ),
      payable: YuanOut,
      advances: YuanOut,
      balanceDue: YuanOut,
    }),
  ),
});
