/**
 * Calendar dates of the audit as day numbers (days since 1970-01-01), so that `b − a` is a number
 * of days (AUDIT-CONTRACT section 4). Pure arithmetic: no Date, no time zone, no clock.
 */
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The day number of a proleptic Gregorian date (the civil-from-days inverse, by eras of 400 years). */
export function dayNumber(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

const isLeap = (y: number) => y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** The day number of a `YYYY-MM-DD` text, or null when it is not a real calendar date. */
export function parseDay(text: unknown): number | null {
  if (typeof text !== "string") return null;
  const m = DATE_RE.exec(text);
  if (!m) return null;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (mo < 1 || mo > 12 || d < 1) return null;
  const last = mo === 2 && isLeap(y) ? 29 : MONTH_DAYS[mo - 1]!;
  return d > last ? null : dayNumber(y, mo, d);
}

/**
 * Completed years on date `on` of a person born on `birth` (both valid `YYYY-MM-DD`):
 * `on.year − birth.year`, minus 1 before the birthday. Someone born on 02-29 is one year older
 * on 03-01 of a common year (the month-day comparison does it).
 */
export function ageOn(birth: string, on: string): number {
  const years = Number(on.slice(0, 4)) - Number(birth.slice(0, 4));
  // "MM-DD" texts compare like (month, day) pairs.
  return on.slice(5) < birth.slice(5) ? years - 1 : years;
}
