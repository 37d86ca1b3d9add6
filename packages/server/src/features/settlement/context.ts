import { defaultConfig } from "../../config.ts";
import { IdBlocks } from "../../db/id-blocks.ts";
import { ReferenceData, uncachedReference } from "../catalogue/reference.ts";
import { VisitSessions } from "./visit.session.ts";

/**
 * What the settlement services keep between calls in one process, for one database: reference
 * data, visit sessions and blocks of ids. A server builds one (`serverContext`); tools and tests
 * that write as they go use `DIRECT`, which keeps nothing.
 */
export interface SettlementContext {
  reference: ReferenceData;
  sessions: VisitSessions | null;
  ids: IdBlocks;
}

export const DIRECT: SettlementContext = {
  reference: uncachedReference,
  sessions: null,
  ids: new IdBlocks(1),
};

/** `referenceTtlMs`: YIBAO_REFERENCE_TTL_MS (docs/configuration.md). */
export function serverContext(referenceTtlMs = defaultConfig().referenceTtlMs): SettlementContext {
  return {
    reference: new ReferenceData(referenceTtlMs),
    sessions: new VisitSessions(),
    ids: new IdBlocks(100),
  };
}
