import type { CatalogueEntry } from "@yibao/core/catalogue";
import type { Policy } from "@yibao/core/settlement";
import { parsePolicy } from "@yibao/core/settlement";
import { type Selectable, sql } from "kysely";
import type { Executor } from "../../db/database.ts";
import { queryRows, statement } from "../../db/statement.ts";
import { type InstitutionInfo, readInstitutionInfo } from "../institutions/institution.repository.ts";
import { toCatalogueEntry } from "./catalogue.repository.ts";
import type { CatalogueEntryTable } from "./catalogue.table.ts";

/** One version of a catalogue entry with its validity (a bill is priced with the version of its fee date). */
export interface CatalogueVersion {
  validFrom: string;
  validTo: string | null;
  entry: CatalogueEntry;
}

export const versionOn = (versions: CatalogueVersion[] | undefined, day: string) =>
  versions?.find((v) => v.validFrom <= day && (v.validTo === null || v.validTo >= day))?.entry ?? null;

/** The latest policy version of the region or the nearest region above it (see `policy`). */
const POLICY_IN_FORCE = statement<{ region: string; insutype: string; medType: string; year: number }>(
  (p) => sql`with recursive chain(code, depth) as (
      select code, 0 from regions where code = ${p.region}
      union all
      select r.parent_code, c.depth + 1 from chain c join regions r on r.code = c.code
      where r.parent_code is not null)
    select p.document from chain c
    join benefit_policies p on p.region_code = c.code
    where p.insutype = ${p.insutype} and p.med_type = ${p.medType} and p.year = ${p.year}
    order by c.depth, p.version desc limit 1`,
);

const CATALOGUE_VERSIONS = statement<{ codes: string[] }>(
  (p) => sql`select * from catalogue_entries where code = any(${p.codes}::text[]) order by code, valid_from`,
);

interface Slot<T> {
  at: number;
  value: T;
}

/**
 * Reference data read on every settlement: benefit policies, catalogue entries, institutions.
 * They change seldom (a new policy version, a catalogue import, an agreement ending), so each
 * process keeps what it read for `ttlMs`: a change made through this process clears it at once,
 * other processes (workers, the CLI) see it within the TTL. ttlMs = 0 reads the database every
 * time. Only what was found or confirmed absent is kept, never an error.
 */
export class ReferenceData {
  private readonly policies = new Map<string, Slot<Policy | null>>();
  private readonly catalogue = new Map<string, Slot<CatalogueVersion[]>>();
  private readonly institutions = new Map<string, Slot<InstitutionInfo | null>>();

  constructor(
    readonly ttlMs: number,
    private readonly maxEntries = 200_000,
  ) {}

  clear() {
    this.policies.clear();
    this.catalogue.clear();
    this.institutions.clear();
  }

  private fresh<T>(slot: Slot<T> | undefined): slot is Slot<T> {
    return slot !== undefined && performance.now() - slot.at < this.ttlMs;
  }

  private keep<T>(map: Map<string, Slot<T>>, key: string, value: T) {
    if (this.ttlMs <= 0) return;
    if (map.size >= this.maxEntries) map.clear();
    map.set(key, { at: performance.now(), value });
  }

  /**
   * The policy in force for region x insutype x med_type x year: the latest version stored for
   * the region, else for its parent (a county uses its city's policy unless it has its own).
   */
  async policy(
    ex: Executor,
    region: string,
    insutype: string,
    medType: string,
    year: number,
  ): Promise<Policy | null> {
    const key = `${region}|${insutype}|${medType}|${year}`;
    const slot = this.policies.get(key);
    if (this.fresh(slot)) return slot.value;
    const rows = await queryRows<{ document: Record<string, unknown> }>(
      ex,
      POLICY_IN_FORCE({ region, insutype, medType, year }),
    );
    const value = rows[0] ? parsePolicy(rows[0].document) : null;
    this.keep(this.policies, key, value);
    return value;
  }

  /** Every version of each code (codes not in the catalogue map to []). */
  async catalogueVersions(ex: Executor, codes: string[]): Promise<Map<string, CatalogueVersion[]>> {
    const out = new Map<string, CatalogueVersion[]>();
    const missing: string[] = [];
    for (const code of new Set(codes)) {
      const slot = this.catalogue.get(code);
      if (this.fresh(slot)) out.set(code, slot.value);
      else missing.push(code);
    }
    if (missing.length === 0) return out;
    for (const code of missing) out.set(code, []);
    const rows = await queryRows<Selectable<CatalogueEntryTable>>(ex, CATALOGUE_VERSIONS({ codes: missing }));
    for (const r of rows)
      out.get(r.code)!.push({ validFrom: r.valid_from, validTo: r.valid_to, entry: toCatalogueEntry(r) });
    for (const code of missing) this.keep(this.catalogue, code, out.get(code)!);
    return out;
  }

  /** The institution with its live gateway keys (features/institutions). */
  async institution(ex: Executor, code: string): Promise<InstitutionInfo | null> {
    const slot = this.institutions.get(code);
    if (this.fresh(slot)) return slot.value;
    const value = await readInstitutionInfo(ex, code);
    this.keep(this.institutions, code, value);
    return value;
  }
}

/** Reads the database every time: for tools and tests that write reference data as they go. */
export const uncachedReference = new ReferenceData(0);
