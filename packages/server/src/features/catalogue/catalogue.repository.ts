import type { CatalogueEntry } from "@yibao/core/catalogue";
import { parseScaled } from "@yibao/core/money";
import type { ExpressionBuilder, Insertable, Selectable } from "kysely";
import type { Executor } from "../../db/database.ts";
import type { DB } from "../../db/schema.ts";
import type { CatalogueEntryTable } from "./catalogue.table.ts";

export function toCatalogueEntry(row: Selectable<CatalogueEntryTable>): CatalogueEntry {
  const r = row.restrictions ?? {};
  return {
    code: row.code,
    name: row.name,
    catalogClass: row.class,
    chrgitmType: row.chrgitm_type,
    selfPayFirstRatio: BigInt(row.self_pay_ratio),
    priceCap: row.price_cap,
    restrictions: {
      ...(r.sex ? { sex: r.sex } : {}),
      ...(r.ageMin !== undefined ? { ageMin: r.ageMin } : {}),
      ...(r.ageMax !== undefined ? { ageMax: r.ageMax } : {}),
      ...(r.levels ? { levels: r.levels } : {}),
      ...(r.setting ? { setting: r.setting } : {}),
      ...(r.maxPerDay !== undefined ? { maxPerDay: parseScaled(r.maxPerDay, 4, "maxPerDay") } : {}),
    },
  };
}

/**
 * Entries in force on a day, by id after a cursor, optionally by code or a part of the name:
 * `limit` rows (ask one more to know if a page follows).
 */
export function entriesInForce(
  ex: Executor,
  day: string,
  search: string | undefined,
  after: bigint | null,
  limit: number,
) {
  let q = ex
    .selectFrom("catalogue_entries")
    .selectAll()
    .where("valid_from", "<=", day)
    .where((eb) => eb.or([eb("valid_to", "is", null), eb("valid_to", ">=", day)]))
    .orderBy("id")
    .limit(limit);
  if (after !== null) q = q.where("id", ">", after);
  if (search) q = q.where((eb) => eb.or([eb("code", "=", search), eb("name", "like", `%${search}%`)]));
  return q.execute();
}

/** Ends the open version of a code that started before `from` on `lastDay`. */
/** Entries of one catalogue: the shared one (region null) or a treatment region's own. */
const sameCatalogue = (region: string | null) => (eb: ExpressionBuilder<DB, "catalogue_entries">) =>
  region === null ? eb("region_code", "is", null) : eb("region_code", "=", region);

export async function closeOpenVersion(
  ex: Executor,
  code: string,
  region: string | null,
  from: string,
  lastDay: string,
) {
  await ex
    .updateTable("catalogue_entries")
    .set({ valid_to: lastDay })
    .where("code", "=", code)
    .where(sameCatalogue(region))
    .where("valid_to", "is", null)
    .where("valid_from", "<", from)
    .execute();
}

/** A version of a code in force on some day of [from, to] (to null: open-ended), if any. */
export function overlappingVersion(
  ex: Executor,
  code: string,
  region: string | null,
  from: string,
  to: string | null,
) {
  return ex
    .selectFrom("catalogue_entries")
    .select("id")
    .where("code", "=", code)
    .where(sameCatalogue(region))
    .where("valid_from", "<=", to ?? "9999-12-31")
    .where((eb) => eb.or([eb("valid_to", "is", null), eb("valid_to", ">=", from)]))
    .executeTakeFirst();
}

export async function insertEntry(ex: Executor, entry: Insertable<CatalogueEntryTable>) {
  await ex.insertInto("catalogue_entries").values(entry).execute();
}
