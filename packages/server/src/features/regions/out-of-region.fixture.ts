import { makeCertno } from "@yibao/core/registry";
import { SYSTEM_ACTOR } from "../../audit/audit.ts";
import type { Db } from "../../db/database.ts";
import { insertEnrolment } from "../registry/enrolment.service.ts";
import { insertPerson } from "../registry/person.service.ts";

/**
 * A second pooling region for the out-of-region tests: Yuxi (玉溪市 530400) with its county
 * Hongta (红塔区 530402) and a level-2 hospital there; Kunming (530100) comes from setupRegion.
 */
export const YUXI = "530400";
export const HONGTA = "530402";
export const YUXI_HOSPITAL = "H53040000001";

/** Yuxi's outpatient policy: no deductible, 80% at every level; `outOfRegion` as given. */
export const yuxiPolicy = (outOfRegion?: Record<string, string>) => ({
  insutype: "310",
  med_type: "11",
  deductible: { scope: "annual", byLevel: { "1": "0.00", "2": "0.00", "3": "0.00" } },
  pool: { ratioByLevel: { "1": "0.8000", "2": "0.8000", "3": "0.8000" }, annualCap: "10000.00" },
  ...(outOfRegion ? { outOfRegion } : {}),
});

export const FILING_RULES = {
  insutypes: ["310", "390"],
  retroactiveDays: 0,
  kinds: {
    resident: { maxDays: null },
    temporary: { maxDays: 90 },
    commitment: { maxDays: 365, proofDays: 10 },
  },
};

export async function setupYuxi(db: Db) {
  await db
    .insertInto("regions")
    .values([
      { code: YUXI, name: "玉溪市", level: "city", parent_code: "530000" },
      { code: HONGTA, name: "红塔区", level: "county", parent_code: YUXI },
    ])
    .execute();
  await db
    .insertInto("institutions")
    .values({
      code: YUXI_HOSPITAL,
      name: "玉溪测试医院",
      kind: "hospital",
      level: "2",
      region_code: HONGTA,
      agreement_from: "2020-01-01",
    })
    .execute();
}

/** An employee insured in `region` (enrolled there), benefits started. */
export async function personInsuredIn(db: Db, region: string, seq: number) {
  return db.transaction().execute(async (trx) => {
    const p = await insertPerson(
      trx,
      SYSTEM_ACTOR,
      { certno: makeCertno(region, "19700101", seq), name: "异地", regionCode: region },
      "2026-01-01",
    );
    const e = await insertEnrolment(trx, SYSTEM_ACTOR, {
      psnNo: p.psn_no,
      insutype: "310",
      psnType: "1101",
      regionCode: region,
      flexible: true,
      startDate: "2025-01-01",
    });
    await trx
      .updateTable("enrolments")
      .set({ benefit_start_date: "2025-01-01" })
      .where("id", "=", e.id)
      .execute();
    return p;
  });
}
