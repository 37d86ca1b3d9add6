import type { Executor } from "./database.ts";
import { q, queryRows, raw } from "./statement.ts";

/**
 * Ids drawn from a sequence a block at a time, so that a hot insert knows its id (and the
 * settlement number it shows the hospital) before it writes, without a round trip of its own.
 * Ids stay unique; across processes they are not in time order, and a stopped process leaves a
 * gap. Block size 1 draws one id per call.
 */
export class IdBlocks {
  private readonly free = new Map<string, bigint[]>();

  constructor(private readonly blockSize: number) {}

  async next(ex: Executor, sequence: "visits_id_seq" | "settlements_id_seq"): Promise<bigint> {
    let ids = this.free.get(sequence);
    if (!ids?.length) {
      const rows = await queryRows<{ id: bigint }>(
        ex,
        q`select nextval(${raw(`'${sequence}'`)}) as id from generate_series(1, ${this.blockSize}::int)`,
      );
      ids = rows.map((r) => BigInt(r.id));
      this.free.set(sequence, ids);
    }
    return ids.shift()!;
  }
}
