/**
 * The plan's indicator table (../shared/domain/DOMAIN.md, "The indicators the plans set"), one
 * entry per indicator with a stable key. `source` says what the figure is computed from:
 * settlements (the monthly settlement sums), registry (insured persons and the resident
 * population), fund (the fund's ledgers), or missing (the platform holds no data for it yet; the
 * answer is null with `reason`). Targets are the seeds' (2025), shown with all the values the
 * plans give; `comparator` and `value` say which one the dashboard checks against.
 */
export type IndicatorKey =
  | "participation_rate"
  | "employee_inpatient_reimbursement_ratio"
  | "resident_inpatient_reimbursement_ratio"
  | "assistance_ratio_key_recipients"
  | "drg_dip_share_inpatient_cost"
  | "cross_province_direct_settlement_rate"
  | "online_service_share"
  | "fund_reserve_months"
  | "provincial_procurement_share"
  | "personal_health_spending_share";

export interface IndicatorTarget {
  comparator: ">" | ">=" | "<=" | "range";
  /** the checked value ("95.00"); for a range the configured "min-max" */
  value: string | null;
  /** every target the seeds give */
  text: string;
}

export interface IndicatorDef {
  key: IndicatorKey;
  name: string;
  nameEn: string;
  unit: "%" | "months";
  source: "settlements" | "registry" | "fund" | "missing";
  definition: string;
  target: IndicatorTarget;
  /** why the value is null when source is missing */
  reason?: string;
}

export const INDICATORS: readonly IndicatorDef[] = [
  {
    key: "participation_rate",
    name: "基本医疗保险参保率",
    nameEn: "Basic insurance participation rate",
    unit: "%",
    source: "registry",
    definition:
      "persons insured at the period's end (a live employee 310 or resident 390 enrolment whose benefits have started) / the region's resident population (常住人口) of the year",
    target: { comparator: ">", value: "95.00", text: ">95%, >96%, 98%, 99.17%" },
  },
  {
    key: "employee_inpatient_reimbursement_ratio",
    name: "职工医保政策范围内住院费用基金支付比例",
    nameEn: "Employee in-scope inpatient reimbursement ratio",
    unit: "%",
    source: "settlements",
    definition:
      "(hifp_pay + hifob_pay) / inscp_scp_amt over employees' (insutype 310) inpatient settlements (med_type 2x and 52), reversals netted",
    target: { comparator: ">=", value: "81.00", text: "~81%, 85%, 87%" },
  },
  {
    key: "resident_inpatient_reimbursement_ratio",
    name: "居民医保政策范围内住院费用基金支付比例（含大病保险）",
    nameEn: "Resident in-scope inpatient reimbursement ratio (incl. critical illness)",
    unit: "%",
    source: "settlements",
    definition:
      "(hifp_pay + hifmi_pay) / inscp_scp_amt over residents' (insutype 390) inpatient settlements (med_type 2x and 52), reversals netted",
    target: { comparator: ">=", value: "70.00", text: "~70%, 73%" },
  },
  {
    key: "assistance_ratio_key_recipients",
    name: "重点救助对象政策范围内住院费用救助比例",
    nameEn: "Assistance ratio for key assistance recipients",
    unit: "%",
    source: "settlements",
    definition:
      "maf_pay / inscp_scp_amt over inpatient settlements of persons who were 特困 (tk) or 低保 (db) recipients on the visit's day, reversals netted",
    target: { comparator: ">", value: "70.00", text: ">70%" },
  },
  {
    key: "drg_dip_share_inpatient_cost",
    name: "DRG/DIP付费住院费用占比",
    nameEn: "DRG/DIP share of inpatient cost",
    unit: "%",
    source: "settlements",
    definition:
      "medfee_sumamt of inpatient settlements at institutions paid by DRG or DIP / medfee_sumamt of all inpatient settlements (manual reimbursements included), reversals netted",
    target: { comparator: ">=", value: "70.00", text: "70%, 75%" },
  },
  {
    key: "cross_province_direct_settlement_rate",
    name: "跨省住院费用直接结算率",
    nameEn: "Cross-province direct settlement rate (inpatient)",
    unit: "%",
    source: "settlements",
    definition:
      "medfee_sumamt of inpatient settlements at institutions in another province than the insured region, settled directly / that plus the inpatient manual reimbursements (零星报销) of invoices issued in another province (the issuer code's digits 2-3), reversals netted",
    target: { comparator: ">", value: "70.00", text: ">70%" },
  },
  {
    key: "online_service_share",
    name: "政务服务事项网上可办率",
    nameEn: "Online-available service items",
    unit: "%",
    source: "missing",
    definition: "public-service items (政务服务事项) that can be done online / all items",
    target: { comparator: ">", value: "80.00", text: ">80%" },
    reason:
      "the agency's public-service items (政务服务事项) are not recorded in the platform yet (issue 13 adds them)",
  },
  {
    key: "fund_reserve_months",
    name: "统筹基金累计结余可支付月数",
    nameEn: "Fund reserve (months of payment)",
    unit: "months",
    source: "fund",
    definition:
      "accumulated balance of the basic pools (310100 + 390100) at the period's end / their average monthly expenditure in the year so far (rounded to the fen)",
    target: { comparator: "range", value: null, text: "a reasonable range (configured)" },
  },
  {
    key: "provincial_procurement_share",
    name: "省级平台集中采购金额占比",
    nameEn: "Provincial-platform procurement share",
    unit: "%",
    source: "missing",
    definition:
      "purchase value through the provincial procurement platform / all purchase value (drugs; high-value materials)",
    target: { comparator: ">=", value: "90.00", text: "drugs 90%, high-value materials 80%" },
    reason: "procurement (招采) orders and purchase values are not recorded in the platform",
  },
  {
    key: "personal_health_spending_share",
    name: "个人卫生支出占卫生总费用比重",
    nameEn: "Personal health spending share",
    unit: "%",
    source: "missing",
    definition: "out-of-pocket health spending / total health spending of the region (卫生总费用)",
    target: { comparator: "<=", value: "27.07", text: "27.07% (Kunming)" },
    reason:
      "total health spending (卫生总费用) of the region is national-accounts data the platform does not hold; settled bills alone do not give it",
  },
];

export const indicatorDef = (key: IndicatorKey) => INDICATORS.find((d) => d.key === key)!;
