import { fieldError } from "../errors/index.ts";
import { isCalendarDate, isCalendarDateTime } from "./calendar.ts";

/**
 * Beijing time (UTC+8, no daylight saving): the day of a fee, the year of a person's
 * accumulators, the month of a clearing and every time the NHSA interface writes are Beijing's,
 * not UTC's (an admission at 02:00 on 1 January belongs to the new year). Pure: every instant is
 * passed in; "now" comes from the caller's injected clock.
 */
const DAY_MS = 86_400_000;
const BEIJING_MS = 8 * 3_600_000;

let lastDayNo = Number.NaN;
let lastDay = "";
/** yyyy-MM-dd of the instant in Beijing. Called for every fee line: the last day's text is kept. */
export function beijingDay(d: Date): string {
  const n = Math.floor((d.getTime() + BEIJING_MS) / DAY_MS);
  if (n !== lastDayNo) {
    lastDay = new Date(n * DAY_MS).toISOString().slice(0, 10);
    lastDayNo = n;
  }
  return lastDay;
}

/** The Beijing year of an instant. */
export const beijingYear = (d: Date): number => Number(beijingDay(d).slice(0, 4));

/** yyyy-MM of an instant in Beijing. */
export const beijingMonth = (d: Date): string => beijingDay(d).slice(0, 7);

const pad = (n: number, w = 2) => String(n).padStart(w, "0");

/** yyyyMMddHHmmss (and milliseconds: yyyyMMddHHmmssSSS) in Beijing, as NHSA envelopes write times. */
export function compactTime(d: Date, millis = false): string {
  const t = new Date(d.getTime() + BEIJING_MS);
  const s = `${t.getUTCFullYear()}${pad(t.getUTCMonth() + 1)}${pad(t.getUTCDate())}${pad(t.getUTCHours())}${pad(t.getUTCMinutes())}${pad(t.getUTCSeconds())}`;
  return millis ? s + pad(t.getUTCMilliseconds(), 3) : s;
}

/** yyyy-MM-dd HH:mm:ss in Beijing: the NHSA interface's times (setl_time, begntime...). */
export function displayTime(d: Date): string {
  const s = compactTime(d);
  return `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)} ${s.slice(8, 10)}:${s.slice(10, 12)}:${s.slice(12, 14)}`;
}

/**
 * Parses "yyyy-MM-dd HH:mm:ss" (or a date alone) given in Beijing time. Only real calendar days
 * and times of day: 2026-02-30 is refused, not rolled into March.
 */
export function parseBeijingTime(text: unknown, field: string): Date {
  const s = typeof text === "string" ? text : "";
  if (!isCalendarDateTime(s) && !isCalendarDate(s))
    throw fieldError("DATE_INVALID", field, `${field} must be a real time yyyy-MM-dd HH:mm:ss`);
  const [y, mo, d, h = 0, mi = 0, se = 0] = s.split(/[- :]/).map(Number) as number[];
  return new Date(Date.UTC(y!, mo! - 1, d!, h - 8, mi, se));
}

/**
 * A day field (yyyy-MM-dd; a time after it, as some HIS send, is ignored): the instant it starts,
 * Beijing time. Refused as DATE_INVALID saying a date is wanted.
 */
export function parseBeijingDate(text: unknown, field: string): Date {
  const s = typeof text === "string" ? text : "";
  if (!isCalendarDate(s) && !isCalendarDateTime(s))
    throw fieldError("DATE_INVALID", field, `${field} must be a real date yyyy-MM-dd`);
  return parseBeijingTime(s.slice(0, 10), field);
}

/** The instant a Beijing day starts (00:00 Beijing). */
export const beijingMidnight = (day: string): Date => parseBeijingTime(day, "day");

let lastTime = Number.NaN;
let lastIso = "";
/** ISO text of an instant, for a statement's parameters (fees of an upload mostly share one time). */
export function isoTime(d: Date): string {
  const t = d.getTime();
  if (t !== lastTime) {
    lastIso = d.toISOString();
    lastTime = t;
  }
  return lastIso;
}

/** yyyy-MM-dd plus n days (calendar arithmetic on dates, no time zone involved). */
export function addDays(date: string, n: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** The last day (yyyy-MM-dd) of a month yyyy-MM. */
export function lastDayOfMonth(month: string): string {
  const [y, m] = month.split("-").map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
}
