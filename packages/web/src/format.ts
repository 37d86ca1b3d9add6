import { displayTime } from "@yibao/core/time";

/**
 * One date/time format in the whole console: Beijing time, yyyy-MM-dd HH:mm:ss, whatever the
 * browser's time zone (core/time). Amounts come from the API as yuan strings and are shown as
 * they are, with a thousands separator: never through a float.
 */
export function when(iso: string | null | undefined): string {
  if (!iso) return "";
  // NHSA-style times from the API are Beijing already
  if (/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(iso)) return iso;
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : displayTime(d);
}

export function yuan(text: string | null | undefined): string {
  if (text === null || text === undefined || text === "") return "";
  const m = /^(-?)(\d+)(\.\d+)?$/.exec(text);
  if (!m) return text;
  return `${m[1]}${m[2]!.replace(/\B(?=(\d{3})+(?!\d))/g, ",")}${m[3] ?? ""}`;
}
