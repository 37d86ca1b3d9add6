import { daysInMonth } from "@yibao/core/time";
import type { InstitutionIndex } from "./institutions.ts";
import { type Population, careGroupOf, dayNumber, isEmployeeGroup } from "./population.ts";
import { poisson, prng, streamSeed, weighted } from "./prng.ts";
import { CHRONIC_SHARE, OUT_OF_PROVINCE_STAYS, UTILISATION, WHERE } from "./rates.ts";

/**
 * The care of one month, drawn from the seed: for every person present and insured during the
 * month, Poisson counts of outpatient visits, chronic-disease visits (recognised patients only),
 * pharmacy purchases (employees) and admissions at the yearly rates of rates.ts, scaled to the
 * days the person is there; deliveries of the month's newborns' mothers. Each event has its day,
 * its institution and a key; the bill itself is drawn when the event is settled, from the
 * event's own stream, so a batch repeated after an interruption bills the same.
 */
export type EventType = "outpatient" | "chronic" | "pharmacy" | "inpatient" | "delivery" | "away";

export interface CareEvent {
  person: number;
  type: EventType;
  day: number; // day of the month
  institution: number; // index into World.institutions (away: unused)
  key: string; // the visit's number (ipt_otp_no): run, month, person, ordinal
}

/** Persons per batch: about 2,000 events a month for a city's mix; smaller for a small region, so every lane has work. */
export const personsPerBatch = (persons: number, lanes: number) =>
  Math.max(50, Math.min(4_000, Math.ceil(persons / (lanes * 4))));

export function monthEvents(
  seed: number,
  runId: bigint,
  p: Population,
  index: InstitutionIndex,
  year: number,
  month: number,
  lanes: number,
): CareEvent[][] {
  const days = daysInMonth(year, month);
  const first = dayNumber(year, month, 1);
  const last = first + days - 1;
  const n = p.base + p.births + p.arrivals;
  const size = personsPerBatch(n, lanes);
  const batches: CareEvent[][] = Array.from({ length: Math.ceil(n / size) }, () => []);
  const r = prng(streamSeed(seed, "care", month));
  const deliveries = new Map<number, number>(); // mother -> day of the month she is admitted
  for (let k = p.base; k < p.base + p.births; k++) {
    const admit = p.arriveDay[k]! - 1;
    if (admit >= first && admit <= last) deliveries.set(p.mother[k]!, admit - first + 1);
  }
  for (let i = 0; i < n; i++) {
    const [from, to] = presence(p, i, first, last);
    if (from > to) continue;
    const share = (to - from + 1) / 365;
    const g = careGroupOf(p.group[i]!);
    const rate = UTILISATION[g];
    const out: CareEvent[] = batches[Math.floor(i / size)]!;
    let ordinal = 0;
    const add = (type: EventType, level: number, kind: "hospital" | "primary" | "pharmacy") => {
      const day = r.int(from, to) - first + 1;
      const county = i >= p.base + p.births ? 0 : p.county[i]!;
      const institution = type === "away" ? -1 : index.choose(r, kind, level, county);
      out.push({ person: i, type, day, institution, key: `S${runId}-${month}-${i}-${ordinal++}` });
    };
    const level = (w: readonly number[]) => weighted(r, w) + 1;
    for (let k = poisson(r, rate.outpatient * share); k > 0; k--) {
      const l = level(WHERE.outpatient);
      add("outpatient", l, l === 1 ? "primary" : "hospital");
    }
    if (p.chronic[i])
      for (let k = poisson(r, (rate.chronic / CHRONIC_SHARE[g]) * share); k > 0; k--) {
        const l = level(WHERE.chronic);
        add("chronic", l, l === 1 ? "primary" : "hospital");
      }
    if (isEmployeeGroup(p.group[i]!))
      for (let k = poisson(r, rate.pharmacy * share); k > 0; k--) add("pharmacy", 1, "pharmacy");
    for (let k = poisson(r, rate.inpatient * share); k > 0; k--) {
      if (r.chance(OUT_OF_PROVINCE_STAYS)) add("away", 3, "hospital");
      else {
        const l = level(WHERE.inpatient);
        add("inpatient", l, l === 1 ? "primary" : "hospital");
      }
    }
    const delivery = deliveries.get(i);
    if (delivery !== undefined) {
      const county = p.county[i]!;
      out.push({
        person: i,
        type: "delivery",
        day: delivery,
        institution: index.choose(r, "hospital", r.chance(0.5) ? 2 : 3, county),
        key: `S${runId}-${month}-${i}-${ordinal++}`,
      });
    }
  }
  for (const b of batches) b.sort((x, y) => x.day - y.day || x.person - y.person);
  return batches;
}

/**
 * The days of the year (first..last of the month) a person is insured and here: from the start
 * (or birth, or a month after arriving: the arrival pays first) to the day before dying or
 * leaving. A resident who did not pay is not insured.
 */
function presence(p: Population, i: number, first: number, last: number): [number, number] {
  if (p.notPaying[i]) return [1, 0];
  let from = first;
  let to = last;
  // newborns and arrivals are registered at the end of the month they come in; an arrival's
  // benefits start once their first contribution is paid, the month after
  if (i >= p.base + p.births) from = Math.max(from, p.arriveDay[i]! + 60);
  else if (i >= p.base) from = Math.max(from, p.arriveDay[i]! + 31);
  if (p.deathDay[i]! > 0) to = Math.min(to, p.deathDay[i]! - 1);
  if (p.leaveDay[i]! > 0) to = Math.min(to, p.leaveDay[i]! - 1);
  return [from, to];
}
