import { isYibaoError } from "@yibao/core/errors";
import type { Db } from "../db/database.ts";
import { settleVisit } from "../features/settlement/settle.service.ts";
import { registerVisit, uploadFeeLines } from "../features/settlement/visit.service.ts";
import { prng } from "../features/simulation/prng.ts";
import { loadConfig } from "../config.ts";

const SETTLEMENTS = 600;

/**
 * Demo settlements through the real service path: outpatient visits and admissions of insured
 * persons at the demo hospitals in the first quarter of 2026, with catalogue-priced lines.
 */
export async function seed(db: Db): Promise<void> {
  const { debug } = loadConfig(); // YIBAO_DEBUG: say why a demo settlement was skipped
  const r = prng(20260404);
  const persons = await db
    .selectFrom("enrolments as e")
    .innerJoin("persons as p", "p.id", "e.person_id")
    .select(["p.psn_no", "e.insutype"])
    .where("e.benefit_start_date", "is not", null)
    .where("e.status", "=", "active")
    .orderBy("p.id")
    .execute();
  const hospitals = (
    await db
      .selectFrom("institutions")
      .select("code")
      .where("kind", "<>", "pharmacy")
      .orderBy("code")
      .execute()
  ).map((i) => i.code);
  const drugs = await db
    .selectFrom("catalogue_entries")
    .select(["code", "price_cap"])
    .where("kind", "=", "drug")
    .orderBy("id")
    .execute();
  const services = await db
    .selectFrom("catalogue_entries")
    .select(["code", "price_cap"])
    .where("kind", "<>", "drug")
    .orderBy("id")
    .execute();
  if (persons.length === 0 || drugs.length === 0) return;
  for (let i = 0; i < SETTLEMENTS; i++) {
    const p = r.pick(persons);
    const inpatient = r.chance(0.25);
    const day = new Date(Date.UTC(2026, r.int(1, 2), r.int(1, 28), r.int(0, 9)));
    const picks = [
      ...Array.from({ length: r.int(1, inpatient ? 8 : 3) }, () => r.pick(drugs)),
      ...Array.from({ length: r.int(1, inpatient ? 10 : 2) }, () => r.pick(services)),
    ];
    try {
      await db.transaction().execute(async (trx) => {
        const visit = await registerVisit(trx, {
          psnNo: p.psn_no,
          insutype: p.insutype,
          medType: inpatient ? "21" : "11",
          institutionCode: r.pick(hospitals),
          begntime: day,
        });
        await uploadFeeLines(
          trx,
          visit.mdtrt_id,
          picks.map((e, k) => {
            const cap = e.price_cap === null ? 50 : Number(e.price_cap) / 1e6;
            return {
              feedetlSn: String(k + 1),
              code: e.code,
              pric: (cap * (0.8 + r.next() * 0.4)).toFixed(2),
              cnt: String(inpatient ? r.int(1, 12) : r.int(1, 3)),
              feeTime: day,
            };
          }),
        );
        await settleVisit(trx, {
          mdtrtId: visit.mdtrt_id,
          acctUsed: p.insutype === "310" && r.chance(0.7),
          msgid: null,
          now: new Date(day.getTime() + (inpatient ? 5 : 0) * 86400_000),
        });
      });
    } catch (err) {
      // Persons in their waiting period, or with arrears, cannot settle: the demo skips them.
      if (!isYibaoError(err)) throw err;
      if (debug) console.error(err.code, err.message);
    }
  }
}
