import type { DetailEntry } from "@yibao/core/nhsa";
import { type ClearingType, clearingType } from "@yibao/core/settlement";
import { sql } from "kysely";
import type { Executor } from "../../db/database.ts";
import type { ReconTotalsJson } from "./nhsa.table.ts";

/** A period of Beijing days [from, to], as the instants that bound it. */
export interface Period {
  from: Date;
  /** the first instant after the last day */
  until: Date;
}

/** Our totals of the institution's settlements in the period, of one insutype and clearing type. */
export async function ourTotals(
  ex: Executor,
  institution: string,
  insutype: string,
  clrType: ClearingType,
  p: Period,
) {
  const byMedType = await ex
    .selectFrom("settlements as s")
    .innerJoin("visits as v", "v.id", "s.visit_id")
    .select([
      "v.med_type",
      sql<string>`sum(s.medfee)`.as("medfee"),
      sql<string>`sum(s.fund_pay)`.as("fund"),
      sql<string>`sum(s.account_pay)`.as("acct"),
      sql<string>`sum(case when s.kind = 'settle' then 1 else -1 end)`.as("cnt"),
    ])
    .where("v.institution_code", "=", institution)
    .where("v.insutype", "=", insutype)
    .where("s.setl_time", ">=", p.from)
    .where("s.setl_time", "<", p.until)
    .groupBy("v.med_type")
    .execute();
  const ours = { medfee: 0n, fund: 0n, acct: 0n, cnt: 0n };
  for (const r of byMedType.filter((r) => clearingType(r.med_type) === clrType)) {
    ours.medfee += BigInt(r.medfee);
    ours.fund += BigInt(r.fund);
    ours.acct += BigInt(r.acct);
    ours.cnt += BigInt(r.cnt);
  }
  return ours;
}

/**
 * The institution's settlements in the period, one entry each (a reversal is an entry of its
 * own, refd_setl_flag 1), optionally of one insutype and clearing type. Only the institution's
 * own: another institution's settlement is never read.
 */
export async function ourSettlements(
  ex: Executor,
  institution: string,
  p: Period,
  filter: { insutype?: string; clrType?: ClearingType },
): Promise<DetailEntry[]> {
  let q = ex
    .selectFrom("settlements as s")
    .innerJoin("visits as v", "v.id", "s.visit_id")
    .innerJoin("persons as p", "p.id", "s.person_id")
    .select([
      "s.setl_id",
      "v.mdtrt_id",
      "p.psn_no",
      "s.medfee",
      "s.fund_pay",
      "s.account_pay",
      "s.kind",
      "v.med_type",
    ])
    .where("v.institution_code", "=", institution)
    .where("s.setl_time", ">=", p.from)
    .where("s.setl_time", "<", p.until)
    .orderBy("s.id");
  if (filter.insutype) q = q.where("v.insutype", "=", filter.insutype);
  const rows = await q.execute();
  return rows
    .filter((r) => !filter.clrType || clearingType(r.med_type) === filter.clrType)
    .map((r) => ({
      setl_id: r.setl_id,
      mdtrt_id: r.mdtrt_id,
      psn_no: r.psn_no,
      medfee: BigInt(r.medfee),
      fund: BigInt(r.fund_pay),
      acct: BigInt(r.account_pay),
      refd_setl_flag: r.kind === "reverse" ? "1" : "0",
    }));
}

export interface ReconciliationRecord {
  fixmedins_code: string;
  infno: "3201" | "3202";
  msgid: string;
  begin_date: string;
  end_date: string;
  insutype: string | null;
  clr_type: string | null;
  consistent: boolean;
  ours: ReconTotalsJson;
  theirs: ReconTotalsJson;
  differences: unknown[];
  created_at: Date;
}

/** Keeps what one reconciliation message found (append-only). */
export async function insertReconciliation(ex: Executor, r: ReconciliationRecord) {
  await ex
    .insertInto("nhsa_reconciliations")
    .values({
      ...r,
      ours: JSON.stringify(r.ours),
      theirs: JSON.stringify(r.theirs),
      differences: JSON.stringify(r.differences),
    })
    .execute();
}

/** The reconciliations of institutions whose periods start within [fromDay, toDay]. */
export async function reconciliationsIn(
  ex: Executor,
  institution: string,
  fromDay: string,
  toDay: string,
): Promise<ReconciliationRecord[]> {
  return ex
    .selectFrom("nhsa_reconciliations")
    .select([
      "fixmedins_code",
      "infno",
      "msgid",
      "begin_date",
      "end_date",
      "insutype",
      "clr_type",
      "consistent",
      "ours",
      "theirs",
      "differences",
      "created_at",
    ])
    .where("fixmedins_code", "=", institution)
    .where("begin_date", ">=", fromDay)
    .where("begin_date", "<=", toDay)
    .orderBy("id")
    .execute();
}
