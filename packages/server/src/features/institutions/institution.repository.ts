import { type Insertable, type Selectable, sql } from "kysely";
import type { Executor } from "../../db/database.ts";
import { queryRows, statement } from "../../db/statement.ts";
import { type RegionScope, regionIn } from "../platform/region-scope.ts";
import type { InstitutionTable } from "./institution.table.ts";

export type InstitutionRow = Selectable<InstitutionTable>;

export async function institutionExists(ex: Executor, code: string): Promise<boolean> {
  const row = await ex.selectFrom("institutions").select("code").where("code", "=", code).executeTakeFirst();
  return row !== undefined;
}

export async function insertInstitution(
  ex: Executor,
  row: Insertable<InstitutionTable>,
): Promise<InstitutionRow> {
  return ex.insertInto("institutions").values(row).returningAll().executeTakeFirstOrThrow();
}

/** The institutions of the regions in scope (null: every region), by code. */
export async function listInstitutions(ex: Executor, scope: RegionScope): Promise<InstitutionRow[]> {
  return ex
    .selectFrom("institutions")
    .selectAll()
    .where(regionIn("region_code", scope))
    .orderBy("code")
    .execute();
}

/**
 * A designated institution as settlement and the gateway need it on every message (kept by the
 * reference cache, catalogue/reference.ts): its level and agreement, and the gateway keys it signs
 * with (features/nhsa: the keys are the gateway's; they are read here so that one query answers
 * "who is this sender").
 */
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

const INSTITUTION_INFO = statement<{ code: string }>(
  (p) => sql`select i.code, i.level, i.region_code, i.active, i.agreement_from, i.agreement_to,
      (select json_agg(json_build_object('id', k.id::text, 'access_key', k.access_key,
              'secret_enc', k.secret_enc, 'expires_at', k.expires_at))
         from nhsa_access_keys k where k.fixmedins_code = i.code and k.active) as keys
    from institutions i where i.code = ${p.code}`,
);

export async function readInstitutionInfo(ex: Executor, code: string): Promise<InstitutionInfo | null> {
  const rows = await queryRows<{
    code: string;
    level: "1" | "2" | "3";
    region_code: string;
    active: boolean;
    agreement_from: string;
    agreement_to: string | null;
    keys: { id: string; access_key: string; secret_enc: string; expires_at: string | null }[] | null;
  }>(ex, INSTITUTION_INFO({ code }));
  const r = rows[0];
  if (!r) return null;
  return {
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
  };
}
