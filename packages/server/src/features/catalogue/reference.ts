import type { CatalogueEntry } from "@yibao/core/catalogue";
import type { Policy } from "@yibao/core/settlement";
import { parsePolicy } from "@yibao/core/settlement";
import type { Executor } from "../../db/database.ts";
import { q, queryRows } from "../../db/statement.ts";
import { toCatalogueEntry } from "./catalogue.repository.ts";
import type { CatalogueEntryTable } from "./catalogue.table.ts";
import type { Selectable } from "kysely";

/** A designated institution as settlement needs it, with the gateway keys it signs with. */
export interface InstitutionInfo {
  code: string;
  level: "1" | "2" | "3";
  regionCode: string;
  active: boolean;
  agreementFrom: string;
  agreementTo: string | null;
  /** live gateway keys (not revoked; the gateway checks expiry against its clock), secrets sealed */
  accessKeys: { id: string; accessKey: string; secretEnc: string; expiresAt: number | null }[];
}

/** One version of a catalogue entry with its validity (a bill is priced with the version of its fee date). */
export interface CatalogueVersion {
  validFrom: string;
  validTo: string | null;
  entry: CatalogueEntry;
}

export const versionOn = (versions: CatalogueVersion[] | undefined, day: string) =>
  versions?.find((v) => v.validFrom <= day && (v.validTo === null || v.validTo >= day))?.entry ?? null;

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
      q`with recursive chain(code, depth) as (
          select code, 0 from regions where code = ${region}
          union all
          select r.parent_code, c.depth + 1 from chain c join regions r on r.code = c.code
          where r.parent_code is not null)
        select p.document from chain c
        join benefit_policies p on p.region_code = c.code
        where p.insutype = ${insutype} and p.med_type = ${medType} and p.year = ${year}
        order by c.depth, p.version desc limit 1`,
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
    const rows = await queryRows<Selectable<CatalogueEntryTable>>(
      ex,
      q`select * from catalogue_entries where code = any(${missing}::text[]) order by code, valid_from`,
    );
    for (const r of rows)
      out.get(r.code)!.push({ validFrom: r.valid_from, validTo: r.valid_to, entry: toCatalogueEntry(r) });
    for (const code of missing) this.keep(this.catalogue, code, out.get(code)!);
    return out;
  }

  async institution(ex: Executor, code: string): Promise<InstitutionInfo | null> {
    const slot = this.institutions.get(code);
    if (this.fresh(slot)) return slot.value;
    const rows = await queryRows<{
      code: string;
      level: "1" | "2" | "3";
      region_code: string;
      active: boolean;
      agreement_from: string;
      agreement_to: string | null;
      keys: { id: string; access_key: string; secret_enc: string; expires_at: string | null }[] | null;
    }>(
      ex,
      q`select i.code, i.level, i.region_code, i.active, i.agreement_from, i.agreement_to,
          (select json_agg(json_build_object('id', k.id::text, 'access_key', k.access_key,
                  'secret_enc', k.secret_enc, 'expires_at', k.expires_at))
             from nhsa_access_keys k where k.fixmedins_code = i.code and k.active) as keys
        from institutions i where i.code = ${code}`,
    );
    const r = rows[0];
    const value: InstitutionInfo | null = r
      ? {
          code: r.code,
          level: r.level,
          regionCode: r.region_code,
          active: r.active,
          agreementFrom: r.agreement_from,
          agreementTo: r.agreement_to,
          accessKeys: (r.keys ?? []).map((k) => ({
            id: k.id,
            accessKey: k.access_key,
            secretEnc: k.secret_enc,
            expiresAt: k.expires_at === null ? null : Date.parse(k.expires_at),
          })),
        }
      : null;
    this.keep(this.institutions, code, value);
    return value;
  }
}

/** Reads the database every time: for tools and tests that write reference data as they go. */
export const uncachedReference = new ReferenceData(0);
