import { type Fen, type Ratio, applyRatio } from "../money/index.ts";

/**
 * Further payment methods the plans name. Per diem (按床日) for long stays (rehabilitation,
 * psychiatry, hospice): days x the rate of the ward type, with a cap on days per stay. Capitation
 * (按人头) for primary care and family-doctor contracts: persons under contract x the monthly rate
 * x months, less a withheld share paid after the year's assessment.
 */
export function perDiemPayment(days: number, ratePerDay: Fen, maxDays = 180): Fen {
  if (!Number.isInteger(days) || days < 0) throw new RangeError("days must be a whole number >= 0");
  return BigInt(Math.min(days, maxDays)) * ratePerDay;
}

export function capitationPayment(
  persons: number,
  monthlyRate: Fen,
  months: number,
  withheld: Ratio = 0n,
): { paid: Fen; withheld: Fen } {
  if (!Number.isInteger(persons) || persons < 0 || !Number.isInteger(months) || months < 0)
    throw new RangeError("persons and months must be whole numbers >= 0");
  const total = BigInt(persons) * monthlyRate * BigInt(months);
  const held = applyRatio(total, withheld);
  return { paid: total - held, withheld: held };
}
