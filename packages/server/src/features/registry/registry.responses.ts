import { Type } from "typebox";
import { DayOut, IdOut, Nullable, Page, StringEnum, Timestamp, YuanOut } from "../../http/schemas.ts";

/** The answers of the registry routes (persons, employers, enrolments, imports). */

/** A person as person.view.ts shows it: masked for roles that may not see personal data. */
export const PersonAnswer = Type.Object({
  psn_no: Type.String({ description: "人员编号" }),
  certno: Type.String({ description: "身份证号 (masked for some roles)" }),
  name: Type.String({ description: "masked for some roles" }),
  gender: StringEnum(["1", "2", "9"] as const, "gend"),
  birth_date: Nullable(Type.String({ description: "brdy, yyyy-MM-dd; null for roles that may not see it" })),
  phone: Nullable(Type.String()),
  address: Nullable(Type.String({ description: "null for roles that may not see it" })),
  household_no: Nullable(Type.String()),
  card_no: Type.String({ description: "社会保障卡卡号 (masked for some roles)" }),
  region_code: Type.String(),
  created_at: Timestamp,
});
export const PersonPage = Page(PersonAnswer);

export const EnrolmentAnswer = Type.Object({
  id: IdOut,
  person_id: IdOut,
  insutype: Type.String(),
  psn_type: Type.String(),
  region_code: Type.String({ description: "insuplc_admdvs" }),
  employer_id: Nullable(IdOut),
  flexible: Type.Boolean(),
  start_date: DayOut,
  end_date: Nullable(DayOut),
  benefit_start_date: Nullable(DayOut),
  status: StringEnum(["active", "suspended", "terminated"] as const, "psn_insu_stas"),
  carried_months: Type.Integer(),
  created_at: Timestamp,
});

const StatusChange = Type.Object({
  status: StringEnum(["active", "suspended", "terminated"] as const),
  effective_date: DayOut,
  reason: Nullable(Type.String()),
  recorded_at: Timestamp,
});

/** A person with their enrolments (and each one's status history), assistance and account. */
export const PersonDetailAnswer = Type.Object({
  ...PersonAnswer.properties,
  enrolments: Type.Array(Type.Object({ ...EnrolmentAnswer.properties, history: Type.Array(StatusChange) })),
  assistance: Type.Array(
    Type.Object({
      category: StringEnum(["tk", "db", "jc"] as const, "特困 tk, 低保 db, 监测 jc"),
      valid_from: DayOut,
      valid_to: Nullable(DayOut),
    }),
  ),
  accountBalance: Nullable(YuanOut),
});

/** 参保登记 in one request: the person registered and their enrolment. */
export const PersonEnrolmentAnswer = Type.Object({ person: PersonAnswer, enrolment: EnrolmentAnswer });

export const NewbornAnswer = Type.Object({ person: PersonAnswer, enrolmentId: IdOut });

export const TransferAnswer = Type.Object({
  terminatedEnrolmentId: IdOut,
  enrolmentId: IdOut,
  carriedMonths: Type.Integer({ description: "contribution months carried to the new enrolment" }),
});

export const EmployerAnswer = Type.Object({
  id: IdOut,
  uscc: Type.String({ description: "统一社会信用代码" }),
  name: Type.String(),
  region_code: Type.String(),
  created_at: Timestamp,
});
export const EmployerPage = Page(EmployerAnswer);

/** A row of a file that was refused (csv.ts RowError); the header is line 1. */
export const RowErrorAnswer = Type.Object({
  row: Type.Integer(),
  field: Type.String(),
  code: Type.String(),
  message: Type.String(),
});

export const ImportAnswer = Type.Object({
  id: IdOut,
  kind: StringEnum(["persons", "employers", "enrolments", "assistance"] as const),
  rows: Type.Integer(),
  imported: Type.Integer(),
  errors: Type.Array(RowErrorAnswer, { description: "empty: a file with bad rows is refused whole" }),
});

/** An import of the history (GET /imports): who sent which file when, and what became of it. */
export const ImportSummary = Type.Object({
  id: IdOut,
  kind: StringEnum(["persons", "employers", "enrolments", "assistance"] as const),
  fileName: Nullable(Type.String()),
  rows: Type.Integer(),
  imported: Type.Integer(),
  accepted: Type.Boolean({ description: "false: refused whole, nothing imported" }),
  operator: Type.String({ description: "the operator's login" }),
  regionCode: Nullable(Type.String()),
  at: Timestamp,
});
export const ImportPage = Page(ImportSummary);
/** One import with its whole report: every bad row of a refused file. */
export const ImportRecordAnswer = Type.Object({
  ...ImportSummary.properties,
  errors: Type.Array(RowErrorAnswer),
});
