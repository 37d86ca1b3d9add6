import { addDays } from "../time/beijing.ts";

/**
 * A service agreement (定点医药机构服务协议) of a designated institution: its number, its days
 * (valid_to null: open-ended) and, once terminated early (解除协议), its last day in force.
 */
export interface Agreement {
  agreementNo: string;
  validFrom: string;
  validTo: string | null;
  /** the last day in force after an early termination; null while not terminated */
  endedOn: string | null;
}

/** The last day an agreement is in force (null: open-ended): its end, or its termination if earlier. */
export function lastDay(a: Agreement): string | null {
  if (a.endedOn === null) return a.validTo;
  if (a.validTo === null) return a.endedOn;
  return a.endedOn < a.validTo ? a.endedOn : a.validTo;
}

/** An agreement terminated before it began is in force on no day. */
const inForceAtAll = (a: Agreement) => {
  const end = lastDay(a);
  return end === null || end >= a.validFrom;
};

/** Whether two agreements share a day (terminated ones count for the days they were in force). */
export function overlaps(a: Agreement, b: Agreement): boolean {
  if (!inForceAtAll(a) || !inForceAtAll(b)) return false;
  const aEnd = lastDay(a);
  const bEnd = lastDay(b);
  return (aEnd === null || aEnd >= b.validFrom) && (bEnd === null || bEnd >= a.validFrom);
}

/**
 * The days an institution may settle (what the gateway checks: institutions.agreement_from/to):
 * the agreement in force on `today`, or else the next one to begin, or else the last one that
 * ended, extended through the agreements before and after it without a gap (a renewal starts
 * the day after the last day of the one it renews). Null when no agreement is in force on any day.
 */
export function agreementWindow(
  agreements: Agreement[],
  today: string,
): { from: string; to: string | null } | null {
  const live = agreements.filter(inForceAtAll).sort((x, y) => (x.validFrom < y.validFrom ? -1 : 1));
  if (live.length === 0) return null;
  const covers = (a: Agreement) => a.validFrom <= today && (lastDay(a) === null || lastDay(a)! >= today);
  let i = live.findIndex(covers);
  if (i < 0) i = live.findIndex((a) => a.validFrom > today);
  if (i < 0) i = live.length - 1;
  let start = i;
  while (start > 0 && lastDay(live[start - 1]!) === addDays(live[start]!.validFrom, -1)) start--;
  const from = live[start]!.validFrom;
  let to = lastDay(live[i]!);
  for (let k = i + 1; k < live.length && to !== null && live[k]!.validFrom === addDays(to, 1); k++)
    to = lastDay(live[k]!);
  return { from, to };
}
