import type { Executor } from "../../db/database.ts";
import { filingsOf } from "./services.repository.ts";

/** A person's filings by person number, with the person's region (for the reader's scope). */
export async function filingsOfPsnNo(ex: Executor, psnNo: string) {
  const p = await ex
    .selectFrom("persons")
    .select(["id", "region_code"])
    .where("psn_no", "=", psnNo)
    .executeTakeFirst();
  if (!p) return null;
  return { regionCode: p.region_code, filings: await filingsOf(ex, p.id) };
}
