import type { Fen } from "../money/index.ts";

/** Medical types of a settled visit (NHSA med_type). */
export type MedType = "11" | "14" | "21" | "41" | "51" | "52";
export const MED_TYPES: readonly MedType[] = ["11", "14", "21", "41", "51", "52"];
/** Inpatient med_types (21 住院, 52 生育住院). */
export const INPATIENT: ReadonlySet<string> = new Set(["21", "52"]);
/** Visits on one day: outpatient 11, chronic/special outpatient 14 (门诊慢特病), pharmacy 41, maternity outpatient 51. */
export const ONE_DAY: ReadonlySet<string> = new Set(["11", "14", "41", "51"]);

export type LineKind = "drug" | "service" | "material";
export type InstitutionType = "hospital" | "pharmacy" | "clinic";

/** A fee line as audited: the texts as given and their exact values. */
export interface FeeLine {
  id: string;
  code: string; // national item code (医保目录编码)
  kind: LineKind;
  date: string; // YYYY-MM-DD
  day: number; // day number of `date`
  qtyText: string;
  qty: bigint; // cnt, scale 4
  priceText: string;
  price: bigint; // pric, scale 6
  amountText: string;
  amount: Fen; // det_item_fee_sumamt as charged
  days: number | null; // medc_days (days of supply), drug lines only
}

/** A settled visit (one JSON line of `yibao audit`), validated. */
export interface Visit {
  id: string;
  person: {
    psnNo: string; // psn_no
    gend: "1" | "2";
    brdy: string; // birth date
    insutype: string; // 310 employees / 390 residents
    psnType: string; // psn_type
  };
  institution: {
    code: string; // fixmedins_code
    level: string; // "1" | "2" | "3"
    type: InstitutionType;
  };
  medType: MedType;
  dept: string; // 诊疗科目 code
  doctor: string; // 医保医师 code, may be ""
  begndate: string;
  enddate: string;
  beg: number;
  end: number;
  diagnoses: string[]; // ICD-10 医保版, main first
  lines: FeeLine[];
}
