import { psnTypeLabel } from "@yibao/core/registry";
import type { Lang } from "./i18n.ts";
import { SUPERVISION_TABLES } from "./labels-supervision.ts";

/** Codes shown with their labels (性别, 险种, 人员类别, 医疗类别, 状态...), in both languages. */
type Table = Record<string, [zh: string, en: string]>;

const TABLES: Record<string, Table> = {
  gender: { "1": ["男", "male"], "2": ["女", "female"], "9": ["未说明", "unstated"] },
  insutype: {
    "310": ["职工基本医疗保险", "employee basic"],
    "390": ["城乡居民基本医疗保险", "resident basic"],
  },
  medType: {
    "11": ["普通门诊", "outpatient"],
    "12": ["门诊挂号", "registration"],
    "14": ["门诊慢特病", "chronic outpatient"],
    "21": ["普通住院", "inpatient"],
    "41": ["定点药店购药", "pharmacy"],
    "51": ["生育门诊", "maternity outpatient"],
    "52": ["生育住院", "maternity inpatient"],
  },
  status: {
    active: ["参保缴费", "active"],
    suspended: ["暂停", "suspended"],
    terminated: ["终止", "terminated"],
    submitted: ["待审核", "awaiting review"],
    approved: ["已通过", "approved"],
    rejected: ["未通过", "rejected"],
  },
  /** an out-of-region filing's status (not an enrolment's: "active" is in force, not 参保缴费) */
  filingStatus: {
    pending: ["待审核", "pending"],
    active: ["有效", "in force"],
    rejected: ["未通过", "rejected"],
    revoked: ["已撤销", "revoked"],
  },
  /** what an applicant filled in, by the form's field name */
  formField: {
    treatmentRegion: ["就医地", "treatment region"],
    filingType: ["备案类型", "filing type"],
    validFrom: ["开始日期", "valid from"],
    validTo: ["结束日期", "valid to"],
    toRegion: ["转入地", "to region"],
    invoiceNo: ["发票号", "invoice number"],
    institutionCode: ["开票机构", "institution"],
    amount: ["金额", "amount"],
    billDate: ["发票日期", "invoice date"],
    diseaseCode: ["病种编码", "disease code"],
    diseaseName: ["病种", "disease"],
    hospital: ["医院", "hospital"],
    eventDate: ["日期", "date"],
    insutype: ["险种", "insurance type"],
    reason: ["事由", "reason"],
    phone: ["电话", "phone"],
  },
  assistance: {
    tk: ["特困人员", "extreme poverty"],
    db: ["低保对象", "minimum income"],
    jc: ["监测对象", "near poverty"],
  },
  /** clr_type of setlinfo: the clearing class of a settlement */
  clrType: { "11": ["门诊", "outpatient"], "21": ["住院", "inpatient"], "41": ["药店购药", "pharmacy"] },
  settleKind: { settle: ["结算", "settlement"], reverse: ["冲正", "reversal"] },
  class: { A: ["甲类", "class A"], B: ["乙类", "class B"], C: ["丙类", "class C"] },
  method: {
    drg: ["DRG 付费", "DRG"],
    dip: ["DIP 付费", "DIP"],
    per_diem: ["按床日", "per diem"],
    capitation: ["按人头", "capitation"],
    advance: ["月度预结算", "monthly advance"],
    ffs: ["按项目", "fee for service"],
  },
  filingType: {
    resettled: ["异地安置退休", "resettled retiree"],
    long_term_resident: ["异地长期居住", "long-term resident"],
    referral: ["转诊转院", "referral"],
    temporary: ["临时外出就医", "temporary"],
    commitment: ["承诺制备案", "on commitment (承诺制)"],
    // the settlement filing's kinds (features/regions), shown on a person's filings
    resident: ["异地长期居住", "long-term resident"],
    worker: ["常驻异地工作", "posted worker"],
  },
  role: {
    admin: ["系统管理员", "administrator"],
    agency: ["经办员", "agency operator"],
    auditor: ["审核员", "auditor"],
    supervisor: ["监管员", "supervisor"],
    leader: ["领导", "leader"],
    institution: ["定点机构", "institution"],
  },
  level: { "1": ["一级", "level 1"], "2": ["二级", "level 2"], "3": ["三级", "level 3"] },
  kind: {
    hospital: ["医院", "hospital"],
    primary: ["基层医疗机构", "primary care"],
    pharmacy: ["药店", "pharmacy"],
  },
  // fund supervision (labels-supervision.ts)
  ...SUPERVISION_TABLES,
};

/** "男 (1)": the label with the code, or the code alone when it has no label. */
export function label(
  table: keyof typeof TABLES | "psnType",
  code: string | null | undefined,
  lang: Lang,
): string {
  if (code === null || code === undefined || code === "") return "";
  if (table === "psnType") {
    const l = psnTypeLabel(code);
    return l ? `${l} (${code})` : code;
  }
  const row = TABLES[table]?.[code];
  return row ? `${lang === "zh" ? row[0] : row[1]} (${code})` : code;
}

/** The label alone, for insured persons' plain-word pages (the code when it has none). */
export function word(table: keyof typeof TABLES, code: string | null | undefined, lang: Lang): string {
  if (code === null || code === undefined || code === "") return "";
  const row = TABLES[table]?.[code];
  return row ? (lang === "zh" ? row[0] : row[1]) : code;
}

/** Region names come from the API (/regions); the code is shown with its name. */
let regionNames = new Map<string, string>();
export const setRegionNames = (rows: { code: string; name: string }[]) => {
  regionNames = new Map(rows.map((r) => [r.code, r.name]));
};
export const regionLabel = (code: string | null | undefined) =>
  !code ? "" : regionNames.has(code) ? `${regionNames.get(code)} (${code})` : code;
