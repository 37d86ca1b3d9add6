import { addDays } from "@yibao/core/time";
import { AMOUNT_KEYS } from "@yibao/core/settlement";
import { sql } from "kysely";
import type { Executor } from "../../db/database.ts";
import { SETTLEMENT_AMOUNT_COLUMNS } from "../settlement/settlement.table.ts";
import { settlementFacts } from "./refresh.repository.ts";

/** One exported settlement or reversal: its ids, time, dimensions and amounts (fen, as text). */
export type ExportRow = Record<string, string | boolean | Date | null> & { id: string };

/**
 * One page of a region's settlements (and reversals) of Beijing days from..to, after the id
 * `after` (keyset paging: each page is one short query, whatever the size of the year).
 */
export async function settlementPage(
  ex: Executor,
  q: { regions: string[]; from: string; to: string; after: bigint; limit: number },
) {
  const f = settlementFacts();
  const amounts = sql.join(
    AMOUNT_KEYS.map((k) => sql`${sql.ref(`s.${SETTLEMENT_AMOUNT_COLUMNS[k]}`)}::text as ${sql.ref(k)}`),
  );
  const { rows } = await sql<ExportRow>`
    select s.id::text as id, s.setl_id, s.kind, r.setl_id as reverses_setl_id, s.setl_time, v.mdtrt_id,
      v.institution_code, ${f.dimensions}, ${amounts}
    ${f.from}
    left join settlements r on r.id = s.reverses_id
    where s.setl_time >= ${`${q.from}T00:00:00+08:00`}::timestamptz
      and s.setl_time < ${`${addDays(q.to, 1)}T00:00:00+08:00`}::timestamptz
      and e.region_code in (${sql.join(q.regions)})
      and s.id > ${q.after}
    order by s.id
    limit ${q.limit}`.execute(ex);
  return rows;
}
