import type { CatalogueEntry } from "@yibao/core/catalogue";
import { parseScaled } from "@yibao/core/money";
import type { Selectable } from "kysely";
import type { Executor } from "../../db/database.ts";
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

/** The entries in force on a date for the given codes (a bill is priced with the catalogue of its fee date). */
export async function findEntriesInForce(
  ex: Executor,
  codes: string[],
  date: string,
): Promise<Map<string, CatalogueEntry>> {
  const out = new Map<string, CatalogueEntry>();
  if (codes.length === 0) return out;
  const rows = await ex
    .selectFrom("catalogue_entries")
    .selectAll()
    .where("code", "in", [...new Set(codes)])
    .where("valid_from", "<=", date)
    .where((eb) => eb.or([eb("valid_to", "is", null), eb("valid_to", ">=", date)]))
    .execute();
  for (const r of rows) out.set(r.code, toCatalogueEntry(r));
  return out;
}
