import { fieldError } from "../errors/index.ts";

/**
 * The one strict validator of dates and times that Yibao accepts from outside (REST bodies and
 * queries, NHSA messages, CSV files, CLI options). A date must exist in the calendar: 2026-02-30
 * is refused, never rolled over to March as `Date.parse` would.
 */
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;
const MONTH = /^(\d{4})-(\d{2})$/;

/** The earliest and latest years a date may carry (birth dates of the oldest, policies of the future). */
export const MIN_YEAR = 1880;
export const MAX_YEAR = 2199;

const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

/** Days in month `m` (1-12) of year `y`. */
export function daysInMonth(y: number, m: number): number {
  return m === 2 ? (isLeap(y) ? 29 : 28) : [4, 6, 9, 11].includes(m) ? 30 : 31;
}

/** Whether y-m-d is a day of the calendar within the years Yibao accepts. */
export function isCalendarDay(y: number, m: number, d: number): boolean {
  return (
    Number.isInteger(y) &&
    y >= MIN_YEAR &&
    y <= MAX_YEAR &&
    m >= 1 &&
    m <= 12 &&
    d >= 1 &&
    d <= daysInMonth(y, m)
  );
}

/** yyyy-MM-dd naming a real day. */
export function isCalendarDate(text: unknown): text is string {
  const m = typeof text === "string" ? DATE.exec(text) : null;
  return m !== null && isCalendarDay(Number(m[1]), Number(m[2]), Number(m[3]));
}

/** yyyy-MM-dd HH:mm:ss naming a real day and a real time of day (no 24:00, no leap seconds). */
export function isCalendarDateTime(text: unknown): text is string {
  const m = typeof text === "string" ? DATE_TIME.exec(text) : null;
  if (!m || !isCalendarDay(Number(m[1]), Number(m[2]), Number(m[3]))) return false;
  return Number(m[4]) <= 23 && Number(m[5]) <= 59 && Number(m[6]) <= 59;
}

/** yyyy-MM naming a real month. */
export function isCalendarMonth(text: unknown): text is string {
  const m = typeof text === "string" ? MONTH.exec(text) : null;
  return m !== null && isCalendarDay(Number(m[1]), Number(m[2]), 1);
}

/** Returns the date when it is a real yyyy-MM-dd day, else DATE_INVALID naming `field`. */
export function checkDate(value: unknown, field: string): string {
  if (!isCalendarDate(value))
    throw fieldError("DATE_INVALID", field, `${field} must be a real date yyyy-MM-dd`);
  return value;
}

/** Returns the month when it is a real yyyy-MM month, else DATE_INVALID naming `field`. */
export function checkMonth(value: unknown, field: string): string {
  if (!isCalendarMonth(value))
    throw fieldError("DATE_INVALID", field, `${field} must be a real month yyyy-MM`);
  return value;
}
