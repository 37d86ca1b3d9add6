import { addDays, isCalendarDate } from "@yibao/core/time";
import { YibaoError, isYibaoError } from "@yibao/core/errors";
import { parseScaled } from "@yibao/core/money";
import type { Insertable } from "kysely";
import { type Actor, recordAudit } from "../../audit/audit.ts";
import type { Db } from "../../db/database.ts";
import { requireRegion } from "../registry/person.service.ts";
import { type RowError, parseCsv } from "../registry/csv.ts";
import { closeOpenVersion, insertEntry, overlappingVersion } from "./catalogue.repository.ts";
import type { CatalogueEntryTable } from "./catalogue.table.ts";

/**
 * Catalogue import (目录导入), all-or-nothing per file. Columns: code, name, kind
 * (drug/service/material), chrgitm_type (01-14), class (A/B/C), self_pay_ratio (0-1, class B),
 * price_cap (yuan per unit, optional), valid_from, valid_to (optional), and optional restrictions:
 * sex, age_min, age_max, levels ("1|2"), setting (inpatient/outpatient), max_per_day; and
 * region_code (optional): an entry of that pooling region's own catalogue, which prices the
 * lines of its institutions before the shared one (docs/regions.md).
 * A new version of a code closes the open version in force the day before (versions never
 * overlap), within its catalogue: the shared one, or one region's.
 */
export async function importCatalogue(db: Db, actor: Actor, text: string) {
  const rows = parseCsv(text, ["code", "name", "kind", "chrgitm_type", "class", "valid_from"]);
  const errors: RowError[] = [];
  const values: Insertable<CatalogueEntryTable>[] = [];
  for (const [i, c] of rows.entries()) {
    const row = i + 2;
    const fail = (field: string, message: string, code = "FIELD_INVALID") =>
      errors.push({ row, field, code, message });
    try {
      if (!c.code) {
        fail("code", "code is required", "FIELD_REQUIRED");
        continue;
      }
      if (!["drug", "service", "material"].includes(c.kind ?? "")) {
        fail("kind", "kind must be drug, service or material");
        continue;
      }
      if (!/^(0[1-9]|1[0-4])$/.test(c.chrgitm_type ?? "")) {
        fail("chrgitm_type", "chrgitm_type must be 01-14");
        continue;
      }
      if (!["A", "B", "C"].includes(c.class ?? "")) {
        fail("class", "class must be A, B or C");
        continue;
      }
      if (c.code.length > 50 || (c.name ?? "").length > 200) {
        fail(
          c.code.length > 50 ? "code" : "name",
          "code is at most 50, name at most 200 characters",
          "TEXT_TOO_LONG",
        );
        continue;
      }
      if (!isCalendarDate(c.valid_from)) {
        fail("valid_from", "valid_from must be a real date yyyy-MM-dd", "DATE_INVALID");
        continue;
      }
      if (c.valid_to && (!isCalendarDate(c.valid_to) || c.valid_to < c.valid_from!)) {
        fail("valid_to", "valid_to must be a date after valid_from", "DATE_INVALID");
        continue;
      }
      if (c.region_code && !/^\d{6}$/.test(c.region_code)) {
        fail("region_code", "region_code must be a 6-digit region code");
        continue;
      }
      const ratio = c.self_pay_ratio ? parseScaled(c.self_pay_ratio, 4, "self_pay_ratio") : 0n;
      if (ratio < 0n || ratio > 10_000n) {
        fail("self_pay_ratio", "self_pay_ratio must be between 0 and 1");
        continue;
      }
      const cap = c.price_cap ? parseScaled(c.price_cap, 6, "price_cap") : null;
      if (cap !== null && cap >= 10n ** 18n) {
        fail("price_cap", "price_cap is beyond the largest price", "NUMBER_OUT_OF_RANGE");
        continue;
      }
      if (cap !== null && cap < 0n) {
        fail("price_cap", "price_cap must not be negative", "AMOUNT_NEGATIVE");
        continue;
      }
      const restrictions = {
        ...(c.sex ? { sex: c.sex } : {}),
        ...(c.age_min ? { ageMin: Number(c.age_min) } : {}),
        ...(c.age_max ? { ageMax: Number(c.age_max) } : {}),
        ...(c.levels ? { levels: c.levels.split("|") } : {}),
        ...(c.setting ? { setting: c.setting } : {}),
        ...(c.max_per_day ? { maxPerDay: c.max_per_day } : {}),
      };
      values.push({
        code: c.code,
        name: c.name ?? c.code,
        kind: c.kind as "drug",
        chrgitm_type: c.chrgitm_type!,
        class: c.class as "A",
        self_pay_ratio: Number(ratio),
        price_cap: cap,
        restrictions: JSON.stringify(restrictions),
        valid_from: c.valid_from!,
        valid_to: c.valid_to || null,
        region_code: c.region_code || null,
      });
    } catch (err) {
      if (!isYibaoError(err)) throw err;
      errors.push({ row, field: String(err.details.field ?? ""), code: err.code, message: err.message });
    }
  }
  if (errors.length > 0) {
    throw new YibaoError(
      "CATALOGUE_ROWS_INVALID",
      `${errors.length} rows are invalid; nothing was imported`,
      { field: "file", errors: errors.slice(0, 100) },
    );
  }
  return db.transaction().execute(async (trx) => {
    for (const v of values) {
      const region = v.region_code ?? null;
      if (region !== null) await requireRegion(trx, region, "region_code");
      // Close the open version that the new one supersedes.
      await closeOpenVersion(trx, v.code, region, v.valid_from, addDays(v.valid_from, -1));
      const clash = await overlappingVersion(trx, v.code, region, v.valid_from, v.valid_to ?? null);
      if (clash)
        throw new YibaoError(
          "CATALOGUE_VERSION_OVERLAP",
          `A version of ${v.code} already covers ${v.valid_from}`,
          { field: "valid_from", code: v.code },
        );
      await insertEntry(trx, v);
    }
    await recordAudit(trx, actor, {
      action: "catalogue.import",
      entity: "catalogue_entries",
      after: { rows: values.length },
    });
    return { imported: values.length };
  });
}
