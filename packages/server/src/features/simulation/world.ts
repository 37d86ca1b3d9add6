import type { Actor } from "../../audit/audit.ts";
import type { Db } from "../../db/database.ts";
import type { SettlementContext } from "../settlement/context.ts";
import type { Item, Use } from "./catalogue.ts";
import type { Population } from "./population.ts";
import type { RegionProfile } from "./profiles.ts";

/** How a run reports what it does: a bar per stage with its rate (the CLI), or log lines (the demo). */
export interface Progress {
  start(label: string, total: number): void;
  tick(done: number): void;
  stop(): void;
  log(message: string): void;
}

export const silentProgress: Progress = { start() {}, tick() {}, stop() {}, log() {} };

export interface SimInstitution {
  code: string;
  name: string;
  kind: "hospital" | "primary" | "pharmacy";
  level: 1 | 2 | 3;
  payment: "ffs" | "drg" | "dip" | "per_diem" | "capitation";
  /** index into the profile's counties; -1 for the city itself */
  county: number;
}

/** What the stages of one run share. */
export interface World {
  db: Db;
  actor: Actor;
  settlement: SettlementContext;
  runId: bigint;
  seed: number;
  year: number;
  insured: number;
  profile: RegionProfile;
  population: Population;
  /** psn_no by person index, once registered ("" before) */
  psnNo: string[];
  institutions: SimInstitution[];
  items: Map<Use, Item[]>;
  /** batches of care settled at once */
  lanes: number;
  progress: Progress;
  /** the injected clock, for what the services stamp with "now" outside the simulated year */
  now: () => Date;
  debug: boolean;
}

/** The region and its counties: where the run's enrolments are. */
export const regionCodes = (w: World) => [w.profile.code, ...w.profile.counties.map((c) => c.code)];

/**
 * Runs `fn` for every item, `lanes` at a time, each lane taking the next item not yet started (in
 * order of start): for work whose items share no rows, so that both cores are used (a stage's
 * statements are each one core's work) or care's batches overlap (each its own transaction).
 */
export async function inLanes<T>(
  lanes: number,
  items: readonly T[],
  fn: (item: T, index: number) => Promise<unknown>,
) {
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const i = next++;
      await fn(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: lanes }, lane));
}
