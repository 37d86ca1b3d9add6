import type { Family, ResultType } from "./kb-types.ts";

/**
 * The rule classes Yibao knows, with their codes in the national framework's pattern
 * (GZ1000 + family 01 政策类 / 02 管理类 / 03 医疗类 + sub-class + sequence; SUPERVISION.md). The
 * numbering is Yibao's own: the framework fixes the pattern, not these numbers. `contract` rules
 * are AUDIT-CONTRACT.md section 5 (rules.csv must list every one); the others are product rules
 * that run only when rules.csv lists them enabled, with the params.csv keys they name.
 */
export interface RuleInfo {
  key: string;
  code: string;
  name: string; // Chinese name
  family: Family; // the family the contract gives (rules.csv may say otherwise)
  result: ResultType;
  contract: boolean;
  params: readonly string[]; // params.csv keys a product rule needs
}

const rule = (
  key: string,
  code: string,
  name: string,
  family: Family,
  result: ResultType,
  params: readonly string[] | null = null,
): RuleInfo => ({ key, code, name, family, result, contract: params === null, params: params ?? [] });

const P = "policy";
const M = "management";
const C = "medical";
const D = "definite";
const S = "suspicious";

export const RULE_CATALOG: readonly RuleInfo[] = [
  rule("price-over-cap", "GZ1000010101", "超限价收费", P, D),
  rule("sex-restricted-item", "GZ1000010201", "限性别项目", P, D),
  rule("age-restricted-item", "GZ1000010202", "限年龄项目", P, D),
  rule("level-restricted-item", "GZ1000010301", "限医疗机构级别", P, D),
  rule("med-type-restricted-item", "GZ1000010302", "限就医类型(含限生育保险)", P, D),
  rule("dept-restricted-item", "GZ1000010303", "限诊疗科目", P, D),
  rule("indication-not-met", "GZ1000010401", "限适应症", P, S),
  rule("days-over-course-limit", "GZ1000010501", "限定疗程", P, D),
  rule("frequency-over-period", "GZ1000010502", "限定频次(周期内)", P, D),
  rule("tcm-piece-alone", "GZ1000010601", "中药饮片单味使用不予支付", P, D),
  rule("chronic-dx-not-covered", "GZ1000010701", "门诊慢特病病种不符", P, D),
  rule("qty-over-daily-max", "GZ1000020101", "超每日数量", M, D),
  rule("qty-over-visit-max", "GZ1000020102", "超单次就诊数量", M, D),
  rule("bed-days-over-stay", "GZ1000020103", "床位费天数超住院天数", M, D),
  rule("exclusive-pair-same-day", "GZ1000020201", "同日互斥项目", M, D),
  rule("exclusive-pair-same-visit", "GZ1000020202", "同次就诊互斥项目", M, D),
  rule("included-item-charged", "GZ1000020203", "重复收费(包含项目另收)", M, D),
  rule("duplicate-line", "GZ1000020204", "重复明细", M, S),
  rule("material-without-procedure", "GZ1000020205", "耗材无对应手术操作", M, D),
  rule("charge-outside-stay", "GZ1000020301", "收费日期超出就诊期间", M, D),
  rule("amount-mismatch", "GZ1000020302", "金额与数量单价不符", M, D),
  rule("unknown-item", "GZ1000020303", "项目不在目录", M, D),
  rule("rx-days-over-limit", "GZ1000020304", "超处方用药天数", M, D),
  rule("outpatient-during-stay", "GZ1000020401", "住院期间门诊结算", M, D),
  rule("overlapping-stays", "GZ1000020402", "住院时间重叠", M, S),
  rule("split-admission", "GZ1000020403", "分解住院", M, S),
  rule("bed-days-without-care", "GZ1000020404", "挂床住院(仅收床位费)", M, S),
  rule("low-standard-admission", "GZ1000020405", "低标准入院", M, S),
  rule("frequent-outpatient-visits", "GZ1000020501", "频繁门诊", M, S),
  rule("frequent-pharmacy-purchases", "GZ1000020502", "频繁购药", M, S),
  rule("frequent-admissions", "GZ1000020503", "频繁住院", M, S, [
    "freq_admission_days",
    "freq_admission_max",
  ]),
  rule("multi-pharmacy-purchases", "GZ1000020504", "多机构购药", M, S, [
    "multi_pharmacy_days",
    "multi_pharmacy_max",
  ]),
  rule("dispensing-over-stock", "GZ1000020601", "进销存不符(销售超进货)", M, S, []),
  rule("doctor-daily-visits-over-max", "GZ1000020701", "医师日接诊量异常", M, S, ["doctor_daily_visits_max"]),
  rule("dx-sex-mismatch", "GZ1000030101", "诊断与性别不符", C, D),
  rule("dx-age-mismatch", "GZ1000030102", "诊断与年龄不符", C, D),
  rule("cc-without-care", "GZ1000030103", "并发症无相应诊疗(高套)", C, S),
  rule("contraindicated-pair", "GZ1000030201", "配伍禁忌", C, S),
  rule("drug-repeat-across-visits", "GZ1000030202", "重复开药", C, S),
];

export const RULE_INFO: ReadonlyMap<string, RuleInfo> = new Map(RULE_CATALOG.map((r) => [r.key, r]));
