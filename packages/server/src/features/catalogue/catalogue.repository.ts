import type { CatalogueEntry } from "@yibao/core/catalogue";
import { parseScaled } from "@yibao/core/money";
import type { Selectable } from "kysely";
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
