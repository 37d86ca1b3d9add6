/**
 * How long a contribution has been owed (欠费月数). A month's employee contribution (period
 * yyyy-MM) falls due in that month, a resident year's premium (period yyyy) in the year's first
 * month; an assessment is `n` months overdue in the n-th month after the one it fell due in (0:
 * it falls due this month). Calendar arithmetic on yyyy-MM strings, no clock.
 */

/** The month (yyyy-MM) a contribution period (yyyy-MM or yyyy) falls due in. */
export function dueMonth(period: string): string {
  return period.length === 4 ? `${period}-01` : period;
}

const monthIndex = (month: string) => Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1;

/** yyyy-MM plus n months (n may be negative). */
export function addMonths(month: string, n: number): string {
  const i = monthIndex(month) + n;
  const y = Math.floor(i / 12);
  return `${String(y).padStart(4, "0")}-${String((i % 12) + 1).padStart(2, "0")}`;
}

/** Whole months from the month `period` falls due in to `month` (yyyy-MM); negative if not yet due. */
export function monthsOverdue(period: string, month: string): number {
  return monthIndex(month) - monthIndex(dueMonth(period));
}

/** The latest due month of a period that is at least `n` months overdue in `month`. */
export function dueBy(month: string, n: number): string {
  return addMonths(month, -n);
}
