import { Type } from "typebox";
import { IdOut, Nullable, Page, StringEnum, Timestamp, YuanOut } from "../../http/schemas.ts";

/** The answers of the contribution routes (parameters, assessments, payments, arrears, accounts). */

const Ratio = Type.String({ description: "a ratio with 4 decimals" });

/** A region's parameters of a year, as core/contribution formatContributionParams writes them. */
export const ParamsAnswer = Type.Object({
  averageMonthlyWage: YuanOut,
  baseFloorRatio: Ratio,
  baseCeilingRatio: Ratio,
  employerRate: Ratio,
  individualRate: Ratio,
  employerShareToAccount: Ratio,
  retireeMonthlyCredit: YuanOut,
  residentAnnualPremium: YuanOut,
  residentGovernmentSubsidy: YuanOut,
  assistanceSubsidy: Type.Object({ tk: Ratio, db: Ratio, jc: Ratio }),
  waitingDays: Type.Integer(),
});

export const AssessedAnswer = Type.Object({
  period: Type.String({ description: "yyyy-MM (employees) or yyyy (residents)" }),
  assessed: Type.Integer({ description: "enrolments assessed" }),
  created: Type.Integer({ description: "assessments created (existing ones are left as they are)" }),
});

export const PaymentAnswer = Type.Object({
  paymentId: IdOut,
  amount: YuanOut,
  owed: YuanOut,
});

export const ReversalAnswer = Type.Object({
  paymentId: IdOut,
  amount: Type.String({ description: "yuan, negative" }),
  reverses: IdOut,
});

export const ArrearsPage = Page(
  Type.Object({
    assessmentId: IdOut,
    kind: StringEnum(["employee", "retiree", "resident"] as const),
    period: Type.String(),
    psn_no: Type.String(),
    employerUscc: Nullable(Type.String()),
    total: YuanOut,
    owed: YuanOut,
  }),
);

/** The personal account's balance and a page of its ledger. */
export const AccountAnswer = Type.Object({
  balance: YuanOut,
  items: Type.Array(
    Type.Object({
      id: IdOut,
      at: Timestamp,
      kind: Type.String(),
      amount: Type.String({ description: "yuan, signed" }),
      balance_after: YuanOut,
      ref_type: Nullable(Type.String()),
      ref_id: Nullable(Type.String()),
    }),
  ),
  nextCursor: Nullable(Type.String({ description: "pass as `cursor` for the next page" })),
});
