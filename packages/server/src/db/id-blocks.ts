import type { Executor } from "./database.ts";
import { sql } from "kysely";
import { queryRows, statement } from "./statement.ts";

type Sequence = "visits_id_seq" | "settlements_id_seq";

const NEXT_IDS = statement<{ sequence: Sequence; n: number }>(
  (p) => sql`select nextval(${p.sequence}::regclass) as id from generate_series(1, ${p.n}::int)`,
);

/**
 * Ids drawn from a sequence a block at a time, so that a hot insert knows its id (and the
 * settlement number it shows the hospital) before it writes, without a round trip of its own.
 * Ids stay unique; across processes they are not in time order, and a stopped process leaves a
 * gap. Block size 1 draws one id per call.
 */
export class IdBlocks {
  private readonly free = new Map<string, bigint[]>();

  constructor(private readonly blockSize: number) {}

  async next(ex: Executor, sequence: Sequence): Promise<bigint> {
    let ids = this.free.get(sequence);
    if (!ids?.length) {
      const rows = await queryRows<{ id: bigint }>(ex, NEXT_IDS({ sequence, n: this.blockSize }));
      ids = rows.map((r) => BigInt(r.id));
      this.free.set(sequence, ids);
    }
    return ids.shift()!;
  }
}
