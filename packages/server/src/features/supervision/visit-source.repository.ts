import type { Executor } from "../../db/database.ts";

/** A settled visit as the batch audit reads it: the visit, its person, enrolment and institution. */
export interface VisitRow {
  id: bigint;
  mdtrt_id: string;
  med_type: string;
  insutype: string;
  begntime: Date;
  endtime: Date | null;
  dise_codg: string | null;
  institution_code: string;
  institution_level: "1" | "2" | "3";
  institution_kind: "hospital" | "primary" | "pharmacy";
  psn_no: string;
  gender: "1" | "2" | "9";
  birth_date: string;
  psn_type: string;
}

export interface FeeLineRow {
  visit_id: bigint;
  feedetl_sn: string;
  init_feedetl_sn: string | null;
  code: string;
  chrgitm_type: string | null;
  price: bigint; // scale 6
  quantity: bigint; // scale 4
  amount: bigint; // fen
  fee_time: Date;
}

/** Where a page of visits starts: after this (begntime, id), or from `from` when null. */
export interface VisitKey {
  begntime: Date;
  id: bigint;
}

/**
 * The next page of settled visits that began in [from, to) (UTC instants of Beijing days), in the
 * audit's order: by begntime, then id (AUDIT-CONTRACT: visits in order of begndate), after `after`.
 */
export async function settledVisitsPage(
  ex: Executor,
  range: { from: Date; to: Date },
  after: VisitKey | null,
  limit: number,
): Promise<VisitRow[]> {
  let q = ex
    .selectFrom("visits as v")
    .innerJoin("persons as p", "p.id", "v.person_id")
    .innerJoin("enrolments as e", "e.id", "v.enrolment_id")
    .innerJoin("institutions as i", "i.code", "v.institution_code")
    .select([
      "v.id",
      "v.mdtrt_id",
      "v.med_type",
      "v.insutype",
      "v.begntime",
      "v.endtime",
      "v.dise_codg",
      "i.code as institution_code",
      "i.level as institution_level",
      "i.kind as institution_kind",
      "p.psn_no",
      "p.gender",
      "p.birth_date",
      "e.psn_type",
    ])
    .where("v.status", "=", "settled")
    .where("v.begntime", ">=", range.from)
    .where("v.begntime", "<", range.to);
  if (after)
    q = q.where((eb) =>
      eb.or([
        eb("v.begntime", ">", after.begntime),
        eb.and([eb("v.begntime", "=", after.begntime), eb("v.id", ">", after.id)]),
      ]),
    );
  return q.orderBy("v.begntime").orderBy("v.id").limit(limit).execute();
}

/** The fee lines still charged (not cancelled) of some visits, refunds included, in upload order. */
export async function feeLinesOf(ex: Executor, visitIds: bigint[]): Promise<FeeLineRow[]> {
  if (visitIds.length === 0) return [];
  return ex
    .selectFrom("fee_lines")
    .select([
      "visit_id",
      "feedetl_sn",
      "init_feedetl_sn",
      "code",
      "chrgitm_type",
      "price",
      "quantity",
      "amount",
      "fee_time",
    ])
    .where("visit_id", "in", visitIds)
    .where("cancelled", "=", false)
    .orderBy("visit_id")
    .orderBy("id")
    .execute();
}
