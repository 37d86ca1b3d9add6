import { ACCUMULATOR_KEYS, type AccumulatorDelta, type Accumulators } from "@yibao/core/settlement";
import type { Selectable } from "kysely";
import { ACCUMULATOR_COLUMNS, type PersonAccumulatorTable } from "./settlement.table.ts";
import type { Executor } from "../../db/database.ts";

/** The accumulator columns of a row, by column name (ACCUMULATOR_COLUMNS). */
export type AccumulatorColumns = Pick<
  Selectable<PersonAccumulatorTable>,
  (typeof ACCUMULATOR_COLUMNS)[keyof Accumulators]
>;

export function toAccumulators(r: AccumulatorColumns): Accumulators {
  const out = {} as Record<keyof Accumulators, unknown>;
  for (const k of ACCUMULATOR_KEYS) out[k] = r[ACCUMULATOR_COLUMNS[k]];
  return out as Accumulators;
}

/** The columns and values of accumulators, as an update sets them. */
export function accumulatorValues(a: Accumulators): AccumulatorColumns {
  const out = {} as Record<string, unknown>;
  for (const k of ACCUMULATOR_KEYS) out[ACCUMULATOR_COLUMNS[k]] = a[k];
  return out as AccumulatorColumns;
}

/**
 * Locks the person's accumulator row for the year (creating it at zero), for writers that hold it
 * across a transaction (opening balances). Settlements lock it in their guarded statement
 * (settle.repository.ts).
 */
export async function lockAccumulators(ex: Executor, personId: bigint, year: number): Promise<Accumulators> {
  await ex
    .insertInto("person_accumulators")
    .values({ person_id: personId, year })
    .onConflict((oc) => oc.columns(["person_id", "year"]).doNothing())
    .execute();
  const r = await ex
    .selectFrom("person_accumulators")
    .selectAll()
    .where("person_id", "=", personId)
    .where("year", "=", year)
    .forUpdate()
    .executeTakeFirstOrThrow();
  return toAccumulators(r);
}

export async function readAccumulators(
  ex: Executor,
  personId: bigint,
  year: number,
): Promise<Accumulators | null> {
  const r = await ex
    .selectFrom("person_accumulators")
    .selectAll()
    .where("person_id", "=", personId)
    .where("year", "=", year)
    .executeTakeFirst();
  if (!r) return null;
  return toAccumulators(r);
}

/** A settlement's delta as stored (settlements.delta): admissions a number, amounts fen as strings. */
export function deltaToJson(d: AccumulatorDelta): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const k of ACCUMULATOR_KEYS) out[k] = k === "admissions" ? d[k] : String(d[k]);
  out.balance = String(d.balance);
  return out;
}

export function deltaFromJson(j: Record<string, string | number>): AccumulatorDelta {
  const out = {} as Record<keyof AccumulatorDelta, number | bigint>;
  for (const k of [...ACCUMULATOR_KEYS, "balance" as const])
    out[k] = k === "admissions" ? Number(j[k] ?? 0) : BigInt(j[k] ?? 0);
  return out as AccumulatorDelta;
}
