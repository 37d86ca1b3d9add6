import { Type } from "typebox";
import { DayOut, IdOut, Nullable, Page, StringEnum, Timestamp, YuanOut } from "../../http/schemas.ts";

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

const Kind = StringEnum(["employee", "retiree", "resident"] as const);

/** A page of the arrears list, with the count and the sum owed of every row the filter finds. */
export const ArrearsPage = Type.Object({
  items: Type.Array(
    Type.Object({
      assessmentId: IdOut,
      kind: Kind,
      period: Type.String(),
      psn_no: Type.String(),
      employerUscc: Nullable(Type.String()),
      employerName: Nullable(Type.String()),
      total: YuanOut,
      owed: YuanOut,
      monthsOverdue: Type.Integer({
        description: "whole months since the month the period fell due in (a resident year: its January)",
      }),
    }),
  ),
  nextCursor: Nullable(Type.String({ description: "pass as `cursor` for the next page" })),
  totals: Type.Object({
    count: Type.Integer({ description: "assessments the filter finds, on every page" }),
    owed: YuanOut,
  }),
});

/** A page of assessments (核定), newest first, with what was paid and what is owed. */
export const AssessmentPage = Page(
  Type.Object({
    assessmentId: IdOut,
    kind: Kind,
    period: Type.String({ description: "yyyy-MM (employees, retirees) or yyyy (residents)" }),
    regionCode: Type.String(),
    psnNo: Type.String(),
    employerUscc: Nullable(Type.String()),
    employerName: Nullable(Type.String()),
    base: YuanOut,
    employerAmount: YuanOut,
    individualAmount: YuanOut,
    assistanceAmount: YuanOut,
    governmentSubsidy: YuanOut,
    total: YuanOut,
    accountCredit: YuanOut,
    coverageStart: DayOut,
    paid: YuanOut,
    owed: YuanOut,
    createdAt: Timestamp,
  }),
);

/** A page of payments and reversals (a reversal: negative, naming the payment it reverses). */
export const PaymentPage = Page(
  Type.Object({
    paymentId: IdOut,
    assessmentId: IdOut,
    kind: Kind,
    period: Type.String(),
    psnNo: Type.String(),
    employerUscc: Nullable(Type.String()),
    amount: Type.String({ description: "yuan, negative for a reversal" }),
    channel: Type.String(),
    reference: Nullable(Type.String({ description: "the payment's reference; a reversal's reason" })),
    paidOn: DayOut,
    reverses: Nullable(IdOut),
    reversedBy: Nullable(IdOut),
    operator: Nullable(Type.String({ description: "login of the operator who recorded it" })),
    createdAt: Timestamp,
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
