import { Type } from "typebox";
import { Nullable } from "../../http/schemas.ts";

const Str = Type.String();

export const Kind = Type.Union([Type.Literal("insured"), Type.Literal("employer")]);
/** An ID number (18 characters) or a unified social credit code (18 characters). */
export const Credential = Type.String({ pattern: "^[0-9A-Za-z]{18}$", maxLength: 18 });

export const PolicyUse = Type.Object({
  medType: Str,
  deductibleScope: Str,
  deductibleByLevel: Type.Record(Str, Str),
  poolAnnualCap: Str,
  largeAmountCap: Nullable(Str),
  criticalIllnessCap: Nullable(Str),
});

export const MeSchema = Type.Object({
  psnNo: Str,
  name: Str,
  certno: Str,
  gender: Str,
  regionCode: Str,
  regionName: Nullable(Str),
  sessionExpiresAt: Str,
  balance: Nullable(Str),
  coverage: Type.Array(
    Type.Object({
      insutype: Str,
      psnType: Str,
      regionCode: Str,
      status: Str,
      startDate: Str,
      endDate: Nullable(Str),
      benefitStartDate: Nullable(Str),
      employerName: Nullable(Str),
    }),
  ),
  year: Type.Integer(),
  used: Type.Object({
    deductiblePaid: Str,
    poolPaid: Str,
    largeAmountPaid: Str,
    criticalIllnessPaid: Str,
    assistancePaid: Str,
    admissions: Type.Integer(),
  }),
  policies: Type.Array(PolicyUse),
  settlements: Type.Array(
    Type.Object({
      setlId: Str,
      kind: Str,
      setlTime: Str,
      medType: Str,
      insutype: Str,
      institutionName: Nullable(Str),
      medfee: Str,
      fundPay: Str,
      accountPay: Str,
      cashPay: Str,
    }),
  ),
});

export const LedgerPage = Type.Object({
  balance: Nullable(Str),
  items: Type.Array(
    Type.Object({ id: Str, at: Str, kind: Str, amount: Str, balanceAfter: Str, refType: Nullable(Str) }),
  ),
  nextCursor: Nullable(Str),
});

export const EmployerSchema = Type.Object({
  uscc: Str,
  name: Str,
  regionCode: Str,
  regionName: Nullable(Str),
  activeStaff: Str,
  sessionExpiresAt: Str,
});

export const StaffPage = Type.Object({
  items: Type.Array(
    Type.Object({
      enrolmentId: Str,
      psnNo: Str,
      name: Str,
      certno: Str,
      insutype: Str,
      psnType: Str,
      status: Str,
      startDate: Str,
      endDate: Nullable(Str),
    }),
  ),
  nextCursor: Nullable(Str),
});

export const ContributionPage = Type.Object({
  items: Type.Array(
    Type.Object({
      assessmentId: Str,
      kind: Str,
      period: Str,
      psnNo: Str,
      base: Str,
      employerAmount: Str,
      individualAmount: Str,
      assistanceAmount: Str,
      governmentSubsidy: Str,
      total: Str,
      accountCredit: Str,
      paid: Str,
      owed: Str,
    }),
  ),
  nextCursor: Nullable(Str),
});
