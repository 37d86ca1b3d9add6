import { YibaoError } from "@yibao/core/errors";
import { fenToYuan } from "@yibao/core/money";
import { SETLINFO_AMOUNT_FIELDS } from "@yibao/core/settlement";
import type { Actor } from "../../audit/audit.ts";
import type { Executor } from "../../db/database.ts";
import { regionScope } from "../platform/region-scope.ts";
import { LISTED_AMOUNTS, findSettlements } from "./list.repository.ts";
import { SETTLEMENT_AMOUNT_COLUMNS } from "./settlement.table.ts";

export interface SettlementQuery {
  psnNo?: string;
  institutionCode?: string;
  before: bigint | null;
  limit: number;
  order?: "asc" | "desc";
}

/**
 * Settlements an operator may see, newest first (or oldest first): an institution its own patients', staff those of
 * the persons of their region (features/platform/region-scope.ts), optionally of one institution.
 * Amounts under their setlinfo names, as 2-decimal strings. `limit` rows at most.
 */
export async function listSettlements(ex: Executor, actor: Actor, q: SettlementQuery) {
  let institutionCode = q.institutionCode;
  let scope = null;
  if (actor.role === "institution") {
    if (!actor.fixmedinsCode)
      throw new YibaoError("FORBIDDEN", "Institution operator without an institution");
    institutionCode = actor.fixmedinsCode;
  } else {
    scope = await regionScope(ex, actor);
  }
  const rows = await findSettlements(ex, {
    institutionCode,
    scope,
    psnNo: q.psnNo,
    before: q.before,
    limit: q.limit,
    order: q.order,
  });
  return rows.map((s) => ({
    id: s.id,
    setl_id: s.setl_id,
    kind: s.kind,
    setl_time: s.setl_time,
    mdtrt_id: s.mdtrt_id,
    psn_no: s.psn_no,
    insutype: s.insutype,
    med_type: s.med_type,
    fixmedins_code: s.institution_code,
    ...listedAmounts(s),
  }));
}

type Listed = (typeof LISTED_AMOUNTS)[number];

function listedAmounts(row: Record<(typeof SETTLEMENT_AMOUNT_COLUMNS)[Listed], bigint>) {
  const out = {} as Record<(typeof SETLINFO_AMOUNT_FIELDS)[Listed], string>;
  for (const k of LISTED_AMOUNTS)
    out[SETLINFO_AMOUNT_FIELDS[k]] = fenToYuan(row[SETTLEMENT_AMOUNT_COLUMNS[k]]);
  return out;
}
