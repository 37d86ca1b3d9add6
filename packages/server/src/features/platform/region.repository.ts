import type { Executor } from "../../db/database.ts";

/** Every region (统筹区 and above), by code. */
export function listRegions(ex: Executor) {
  return ex.selectFrom("regions").selectAll().orderBy("code").execute();
}
