import { isYibaoError } from "@yibao/core/errors";
import { makeCertno } from "@yibao/core/registry";
import { SYSTEM_ACTOR } from "../audit/audit.ts";
import type { Db } from "../db/database.ts";
import { insertPolicyVersion } from "../features/catalogue/policy.repository.ts";
import { issueClearing } from "../features/regions/clearing.service.ts";
import { createFiling, setFilingRules } from "../features/regions/filing.service.ts";
import { insertEnrolment } from "../features/registry/enrolment.service.ts";
import { insertPerson } from "../features/registry/person.service.ts";
import { settleVisit } from "../features/settlement/settle.service.ts";
import { registerVisit, uploadFeeLines } from "../features/settlement/visit.service.ts";
import { DEMO_REGION, demoHospitals } from "./demo-region.ts";
import { policiesFor } from "../features/simulation/policies.ts";
import { personName, prng } from "../features/simulation/prng.ts";
import { recordFirstAgreements } from "../features/institutions/agreement.repository.ts";

/**
 * A second pooling region, Yuxi (玉溪市 530400), so the demo shows out-of-region settlement and
 * clearing (docs/regions.md): its hospitals, its insured (employees), its policies (Kunming's
 * numbers, paying unfiled out-of-region patients at 60%; Kunming's own refuse them), both
 * regions' filing rules, filings both ways, out-of-region visits in February and March 2026, and
 * February's clearing statement issued (March is left for `yibao clearing --month 2026-03`).
 */
const YUXI = "530400";
const COUNTIES = ["530402", "530421"];
const HOSPITALS: [string, string, "2" | "3", string][] = [
  ["H53040000001", "玉溪市人民医院", "3", YUXI],
  ["H53040000002", "红塔区人民医院", "2", "530402"],
  ["H53040000003", "江川区人民医院", "2", "530421"],
];
/** The hospitals' codes (his-sim plays them). */
export const YUXI_HOSPITALS: readonly string[] = HOSPITALS.map((h) => h[0]);
const PERSONS = 200;
const SEED = 20260530;
const RULES = {
  insutypes: ["310", "390"],
  retroactiveDays: 30,
  kinds: {
    resident: { maxDays: null },
    worker: { maxDays: null },
    referral: { maxDays: 180 },
    temporary: { maxDays: 90 },
    commitment: { maxDays: 365, proofDays: 90 },
  },
};

/** Yuxi's insured as the seed draws them from `r` (pure: his-sim meets them by ID number). */
function yuxiPeople(r: ReturnType<typeof prng>) {
  return Array.from({ length: PERSONS }, (_, i) => {
    const county = r.pick(COUNTIES);
    const birth = `19${r.int(50, 99)}${String(r.int(1, 12)).padStart(2, "0")}${String(r.int(1, 28)).padStart(2, "0")}`;
    return { county, certno: makeCertno(county, birth, i), name: personName(r) };
  });
}

/** The demo's Yuxi insured persons' ID numbers (the seed's registry draws them first, from its seed). */
export const demoYuxiCertnos = (): string[] => yuxiPeople(prng(SEED)).map((p) => p.certno);

async function registry(db: Db, r: ReturnType<typeof prng>) {
  await db
    .insertInto("regions")
    .values([
      { code: YUXI, name: "玉溪市", level: "city", parent_code: "530000" },
      { code: "530402", name: "红塔区", level: "county", parent_code: YUXI },
      { code: "530421", name: "江川区", level: "county", parent_code: YUXI },
    ])
    .execute();
  await db
    .insertInto("institutions")
    .values(
      HOSPITALS.map(([code, name, level, region]) => ({
        code,
        name,
        kind: "hospital" as const,
        level,
        region_code: region,
        payment_method: "ffs" as const,
        agreement_from: "2024-01-01",
      })),
    )
    .execute();
  await recordFirstAgreements(db, "demo");
  const psnNos: string[] = [];
  await db.transaction().execute(async (trx) => {
    for (const { county, certno, name } of yuxiPeople(r)) {
      const p = await insertPerson(trx, SYSTEM_ACTOR, { certno, name, regionCode: county }, "2026-01-01");
      const e = await insertEnrolment(trx, SYSTEM_ACTOR, {
        psnNo: p.psn_no,
        insutype: "310",
        psnType: "1101",
        regionCode: county,
        flexible: true,
        startDate: "2025-01-01",
      });
      await trx
        .updateTable("enrolments")
        .set({ benefit_start_date: "2025-01-01" })
        .where("id", "=", e.id)
        .execute();
      psnNos.push(p.psn_no);
    }
    for (const doc of policiesFor({ deductibleFactor: "1.0000", ratioShift: 0 }))
      await insertPolicyVersion(
        trx,
        YUXI,
        2026,
        { ...doc, outOfRegion: { unfiled: "ratio", unfiledRatio: "0.6000" } },
        "demo",
      );
  });
  return psnNos;
}

/** Filings: a third of Yuxi's insured for Kunming, and Kunming employees for Yuxi. */
async function filings(db: Db, r: ReturnType<typeof prng>, yuxi: string[], kunming: string[]) {
  const now = new Date("2026-01-05T02:00:00Z");
  await setFilingRules(db, SYSTEM_ACTOR, YUXI, RULES, now);
  await setFilingRules(db, SYSTEM_ACTOR, DEMO_REGION, RULES, now);
  const file = (psnNo: string, treatmentRegion: string) =>
    createFiling(
      db,
      SYSTEM_ACTOR,
      {
        psnNo,
        insutype: "310",
        treatmentRegion,
        kind: r.pick(["resident", "temporary", "commitment"]),
        validFrom: "2026-01-05",
      },
      now,
    );
  for (const p of yuxi.slice(0, PERSONS / 3)) await file(p, DEMO_REGION);
  for (const p of kunming) await file(p, YUXI);
}

/** One outpatient visit with a few catalogue lines, settled at `day` (skipped when refused). */
async function visit(
  db: Db,
  r: ReturnType<typeof prng>,
  psnNo: string,
  hospital: string,
  day: Date,
  codes: string[],
) {
  try {
    await db.transaction().execute(async (trx) => {
      const v = await registerVisit(trx, {
        psnNo,
        insutype: "310",
        medType: "11",
        institutionCode: hospital,
        begntime: day,
      });
      const lines = Array.from({ length: r.int(1, 4) }, (_, k) => ({
        feedetlSn: String(k + 1),
        code: r.pick(codes),
        pric: (r.int(500, 30_000) / 100).toFixed(2),
        cnt: String(r.int(1, 3)),
        feeTime: day,
      }));
      await uploadFeeLines(trx, v.mdtrt_id, lines);
      await settleVisit(trx, { mdtrtId: v.mdtrt_id, acctUsed: false, msgid: null, now: day });
    });
  } catch (err) {
    if (!isYibaoError(err)) throw err; // e.g. a Kunming patient without a filing: refused by policy
  }
}

export async function seed(db: Db): Promise<void> {
  const r = prng(SEED);
  const yuxi = await registry(db, r);
  const kunming = (
    await db
      .selectFrom("enrolments as e")
      .innerJoin("persons as p", "p.id", "e.person_id")
      .select("p.psn_no")
      .where("e.insutype", "=", "310")
      .where("e.status", "=", "active")
      .where("e.benefit_start_date", "is not", null)
      .orderBy("p.id")
      .limit(30)
      .execute()
  ).map((p) => p.psn_no);
  await filings(db, r, yuxi, kunming);
  const codes = (
    await db
      .selectFrom("catalogue_entries")
      .select("code")
      .where("kind", "<>", "material")
      .orderBy("id")
      .limit(300)
      .execute()
  ).map((c) => c.code);
  const kunmingHospitals = demoHospitals().slice(0, 3); // the tertiary hospitals
  for (let i = 0; i < 120; i++) {
    const day = new Date(Date.UTC(2026, r.int(1, 2), r.int(1, 28), r.int(0, 9)));
    if (i % 3 === 2) await visit(db, r, r.pick(kunming), r.pick(HOSPITALS)[0], day, codes);
    else
      await visit(
        db,
        r,
        r.pick(yuxi),
        i % 3 === 0 ? r.pick(kunmingHospitals) : r.pick(HOSPITALS)[0],
        day,
        codes,
      );
  }
  await issueClearing(db, { ...SYSTEM_ACTOR, login: "demo" }, "2026-02", new Date("2026-04-01T02:00:00Z"));
}
