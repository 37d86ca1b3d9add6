import { isInpatient } from "../settlement/med-type.ts";
import { percentText } from "../fund/funds.ts";
import type { Fen } from "../money/index.ts";
import type { IndicatorKey, IndicatorTarget } from "./definitions.ts";

/** A month's settlement sums of one combination of dimensions (the monthly aggregate's row). */
export interface SettlementCell {
  month: number;
  insutype: string;
  medType: string;
  mafCategory: string;
  payment: string;
  outOfProvince: boolean;
  medfee: Fen;
  inScope: Fen;
  poolPay: Fen;
  largeAmountPay: Fen;
  ciPay: Fen;
  mafPay: Fen;
}

interface RatioRule {
  /** the settlements the ratio is over */
  over: (c: SettlementCell) => boolean;
  numerator: (c: SettlementCell) => Fen;
  denominator: (c: SettlementCell) => Fen;
}

const inpatient = (c: SettlementCell) => isInpatient(c.medType);

/** The indicators computed from settlements, exactly as docs/indicators.md defines them. */
export const SETTLEMENT_RATIOS: Partial<Record<IndicatorKey, RatioRule>> = {
  employee_inpatient_reimbursement_ratio: {
    over: (c) => c.insutype === "310" && inpatient(c),
    numerator: (c) => c.poolPay + c.largeAmountPay,
    denominator: (c) => c.inScope,
  },
  resident_inpatient_reimbursement_ratio: {
    over: (c) => c.insutype === "390" && inpatient(c),
    numerator: (c) => c.poolPay + c.ciPay,
    denominator: (c) => c.inScope,
  },
  assistance_ratio_key_recipients: {
    over: (c) => inpatient(c) && (c.mafCategory === "tk" || c.mafCategory === "db"),
    numerator: (c) => c.mafPay,
    denominator: (c) => c.inScope,
  },
  drg_dip_share_inpatient_cost: {
    over: inpatient,
    numerator: (c) => (c.payment === "drg" || c.payment === "dip" ? c.medfee : 0n),
    denominator: (c) => c.medfee,
  },
  cross_province_direct_settlement_rate: {
    over: (c) => inpatient(c) && c.outOfProvince,
    numerator: (c) => (c.payment === "manual" ? 0n : c.medfee),
    denominator: (c) => c.medfee,
  },
};

export interface Ratio {
  numerator: bigint;
  denominator: bigint;
  /** percentage with 2 decimals; null when the denominator is 0 */
  value: string | null;
}

/** A settlement indicator over the cells (those of one month when `month` is given). */
export function settlementRatio(key: IndicatorKey, cells: SettlementCell[], month?: number): Ratio {
  const rule = SETTLEMENT_RATIOS[key];
  if (!rule) throw new RangeError(`${key} is not computed from settlements`);
  let numerator = 0n;
  let denominator = 0n;
  for (const c of cells) {
    if ((month !== undefined && c.month !== month) || !rule.over(c)) continue;
    numerator += rule.numerator(c);
    denominator += rule.denominator(c);
  }
  return { numerator, denominator, value: percentText(numerator, denominator) };
}

/** Whether a value (2 decimals) meets the target; null when either is unknown. */
export function meetsTarget(
  value: string | null,
  target: IndicatorTarget,
  range?: [number, number],
): boolean | null {
  if (value === null) return null;
  const v = toHundredths(value);
  if (target.comparator === "range") {
    if (!range) return null;
    return v >= range[0] * 100 && v <= range[1] * 100;
  }
  if (target.value === null) return null;
  const t = toHundredths(target.value);
  if (target.comparator === ">") return v > t;
  if (target.comparator === ">=") return v >= t;
  return v <= t;
}

/** "85.37" -> 8537 (values shown with 2 decimals; integers of that size are exact). */
function toHundredths(text: string): number {
  const [whole, frac = ""] = text.split(".");
  const sign = whole!.startsWith("-") ? -1 : 1;
  return sign * (Math.abs(Number(whole)) * 100 + Number(frac.padEnd(2, "0").slice(0, 2)));
}
