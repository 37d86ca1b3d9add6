import { YibaoError } from "@yibao/core/errors";
import { yuanToFen } from "@yibao/core/money";
import type { Insertable } from "kysely";
import type { Executor } from "../../db/database.ts";
import { insertCases } from "./payment.repository.ts";
import type { DrgCaseTable } from "./payment.table.ts";

/** One discharged case as the CLI and the demo load it (JSON line; amounts as yuan strings). */
export interface CaseJson {
  id: string;
  fixmedins_code: string;
  psn_no: string;
  admission: string;
  discharge: string;
  gender: string;
  age: number;
  ageDays?: number | null;
  weightGrams?: number | null;
  los: number;
  dischargeWay?: string;
  diagnoses: string[];
  procedures: string[];
  cost: string;
  fundPaid: string;
  specialReview?: boolean;
}

export function toCaseRow(c: CaseJson, line: number): Insertable<DrgCaseTable> {
  if (
    !c.id ||
    !c.fixmedins_code ||
    !Array.isArray(c.diagnoses) ||
    c.diagnoses.length === 0 ||
    !/^\d{4}-\d{2}-\d{2}$/.test(c.discharge ?? "")
  ) {
    throw new YibaoError(
      "DRG_CASE_INVALID",
      `line ${line}: id, fixmedins_code, diagnoses and discharge are required`,
      { field: "case", line },
    );
  }
  return {
    id: c.id,
    institution_code: c.fixmedins_code,
    person_ref: c.psn_no,
    year: Number(c.discharge.slice(0, 4)),
    admission: c.admission,
    discharge: c.discharge,
    gender: c.gender,
    age: c.age,
    age_days: c.ageDays ?? null,
    weight_grams: c.weightGrams ?? null,
    los: c.los,
    discharge_way: c.dischargeWay ?? null,
    diagnoses: JSON.stringify(c.diagnoses),
    procedures: JSON.stringify((c.procedures ?? []).filter(Boolean)),
    cost: yuanToFen(c.cost, `line ${line} cost`),
    fund_paid: yuanToFen(c.fundPaid, `line ${line} fundPaid`),
    special_review: Boolean(c.specialReview),
    mdc: null,
    adrg: null,
    drg: null,
    scheme: null,
    grouped_at: null,
  };
}

/** Loads cases in batches (ids already present are kept as they are). */
export async function importCases(db: Executor, cases: CaseJson[]) {
  const rows = cases.map((c, i) => toCaseRow(c, i + 1));
  return { inserted: await insertCases(db, rows) };
}
