import { Type } from "typebox";
import { DateText, RegionCode, Nullable } from "../../http/schemas.ts";

const Str = Type.String();

/** What an applicant may fill in (each item needs some of these: services.service.ts REQUIRED). */
export const ApplicationFormSchema = Type.Object(
  {
    treatmentRegion: Type.Optional(RegionCode),
    filingType: Type.Optional(
      Type.Union(
        ["resettled", "long_term_resident", "referral", "temporary", "commitment"].map((t) =>
          Type.Literal(t),
        ),
      ),
    ),
    validFrom: Type.Optional(DateText),
    validTo: Type.Optional(DateText),
    toRegion: Type.Optional(RegionCode),
    invoiceNo: Type.Optional(Type.String({ maxLength: 60 })),
    institutionCode: Type.Optional(Type.String({ maxLength: 30 })),
    amount: Type.Optional(Type.String({ pattern: "^\\d{1,12}(\\.\\d{1,2})?$", maxLength: 15 })),
    billDate: Type.Optional(DateText),
    diseaseCode: Type.Optional(Type.String({ maxLength: 20 })),
    diseaseName: Type.Optional(Type.String({ maxLength: 100 })),
    hospital: Type.Optional(Type.String({ maxLength: 100 })),
    eventDate: Type.Optional(DateText),
    insutype: Type.Optional(Type.Union([Type.Literal("310"), Type.Literal("390")])),
    reason: Type.Optional(Type.String({ maxLength: 500 })),
    phone: Type.Optional(Type.String({ maxLength: 20 })),
  },
  { additionalProperties: false },
);

export const ServiceItemSchema = Type.Object({
  code: Str,
  name: Str,
  nameEn: Str,
  applicant: Str,
  online: Type.Boolean(),
  timeLimitDays: Type.Integer(),
  needsInvoice: Type.Boolean(),
});

export const FilingSchema = Type.Object({
  id: Str,
  filingNo: Str,
  insuredRegion: Str,
  treatmentRegion: Str,
  filingType: Str,
  validFrom: Str,
  validTo: Nullable(Str),
  commitmentDue: Nullable(Str),
  status: Str,
  applicationId: Nullable(Str),
  createdAt: Str,
  decidedAt: Nullable(Str),
});

export const ApplicationSummarySchema = Type.Object({
  id: Str,
  itemCode: Str,
  itemName: Str,
  itemNameEn: Str,
  status: Str,
  regionCode: Str,
  submittedAt: Str,
  dueAt: Str,
  overdue: Type.Boolean(),
  decidedAt: Nullable(Str),
  applicant: Type.Object({
    kind: Str,
    psnNo: Nullable(Str),
    name: Nullable(Str),
    certno: Nullable(Str),
    uscc: Nullable(Str),
  }),
});

export const ApplicationSchema = Type.Intersect([
  ApplicationSummarySchema,
  Type.Object({
    form: Type.Object({}, { additionalProperties: true }),
    decisionNote: Nullable(Str),
    decidedBy: Nullable(Str),
    events: Type.Array(Type.Object({ at: Str, status: Str, actor: Str, note: Nullable(Str) })),
    attachments: Type.Array(
      Type.Object({ id: Str, contentType: Str, size: Type.Integer(), uploadedAt: Str }),
    ),
    rating: Nullable(Type.Object({ score: Type.Integer(), comment: Nullable(Str), ratedAt: Str })),
    filing: Nullable(FilingSchema),
  }),
]);

export const ApplicationPage = Type.Object({
  items: Type.Array(ApplicationSummarySchema),
  nextCursor: Nullable(Str),
});

export const itemView = (i: {
  code: string;
  name: string;
  name_en: string;
  applicant: string;
  online: boolean;
  time_limit_days: number;
  needs_invoice: boolean;
}) => ({
  code: i.code,
  name: i.name,
  nameEn: i.name_en,
  applicant: i.applicant,
  online: i.online,
  timeLimitDays: i.time_limit_days,
  needsInvoice: i.needs_invoice,
});
