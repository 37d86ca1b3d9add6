import { makeCertno } from "@yibao/core/registry";
import {
  AMOUNT_KEYS,
  SETLINFO_AMOUNT_FIELDS,
  type SettlementVector,
  formatAccumulators,
  parseClaim,
  parsePersonState,
  parsePolicy,
} from "@yibao/core/settlement";
import { SYSTEM_ACTOR } from "../../audit/audit.ts";
import type { Db } from "../../db/database.ts";
import { once } from "../../idempotency/idempotency.ts";
import { insertPolicyVersion } from "../catalogue/policy.repository.ts";
import { insertInstitution } from "../institutions/institution.repository.ts";
import { insertEnrolment } from "../registry/enrolment.service.ts";
import { insertPerson } from "../registry/person.service.ts";
import { readAccumulators } from "./accumulator.repository.ts";
import { loadOpeningBalances } from "./opening.service.ts";
import { reverseSettlement, settleVisit, settlementOutput } from "./settle.service.ts";
import { registerVisit, uploadFeeLines } from "./visit.service.ts";

const YEAR = 2026;
const BIRTH: Record<string, string> = {
  "12": "19550606",
  "13": "19450606",
  "1401": "20260101",
  "1402": "20220606",
  "1403": "20120606",
  "1404": "20050606",
  "1405": "20120606",
  "1501": "19800606",
};
const birthFor = (psnType: string) => BIRTH[psnType] ?? BIRTH[psnType.slice(0, 2)] ?? "19850606";

/**
 * Runs a settlement vector through the real service path: a region with the vector's policy,
 * institutions of each level, a fresh person enrolled and migrated with the opening balances,
 * then each step as visit + fee lines + settlement (or reversal), idempotent by msgid.
 * Never reads `expected`.
 */
export async function runVectorThroughService(db: Db, v: SettlementVector, index: number) {
  const region = `9${String(index % 100000).padStart(5, "0")}`;
  const policy = parsePolicy(v.policy);
  const person = parsePersonState(v.person);
  const setup = await db.transaction().execute(async (trx) => {
    await trx
      .insertInto("regions")
      .values({ code: region, name: `conformance ${v.id}`.slice(0, 60), level: "city", parent_code: null })
      .execute();
    await insertPolicyVersion(trx, region, YEAR, v.policy as Record<string, unknown>, "conformance");
    for (const level of ["1", "2", "3"] as const) {
      await insertInstitution(trx, {
        code: `C${region}0000${level}`,
        name: `一致性测试机构 ${level}`,
        kind: "hospital",
        level,
        region_code: region,
        agreement_from: "2000-01-01",
      });
    }
    const p = await insertPerson(
      trx,
      SYSTEM_ACTOR,
      { certno: makeCertno(region, birthFor(person.psnType), 1), name: "一致性测试", regionCode: region },
      `${YEAR}-01-01`,
    );
    // Enrolled since 2020, or from birth when born later (a newborn, 1401, is insured from birth).
    await insertEnrolment(trx, SYSTEM_ACTOR, {
      psnNo: p.psn_no,
      insutype: person.insutype,
      psnType: person.psnType,
      regionCode: region,
      flexible: true,
      startDate: p.birth_date > "2020-01-01" ? p.birth_date : "2020-01-01",
    });
    if (person.assistanceCategory) {
      await trx
        .insertInto("assistance_categories")
        .values({
          person_id: p.id,
          category: person.assistanceCategory,
          valid_from: `${YEAR}-01-01`,
          valid_to: null,
        })
        .execute();
    }
    await loadOpeningBalances(trx, SYSTEM_ACTOR, {
      psnNo: p.psn_no,
      year: YEAR,
      ytd: person.ytd,
      balance: person.balance,
    });
    return { psnNo: p.psn_no, personId: p.id };
  });

  const setlIds: (string | null)[] = [];
  const results = [];
  for (const [i, step] of v.steps.entries()) {
    const msgid = `C${region}000${YEAR}0301${String(i).padStart(8, "0")}`.slice(0, 30);
    const now = new Date(Date.UTC(YEAR, 2, 1 + i, 9));
    const answer = await once(db, `conformance:${region}`, msgid, step, async (trx) => {
      let out: Awaited<ReturnType<typeof settleVisit>>;
      if (step.action === "settle") {
        const claim = parseClaim(step.claim, `steps.${i}.claim`);
        const raw = (step.claim as { lines: Record<string, string>[] }).lines;
        const visit = await registerVisit(trx, {
          psnNo: setup.psnNo,
          insutype: policy.insutype,
          medType: policy.medType,
          institutionCode: `C${region}0000${claim.level}`,
          begntime: now,
        });
        await uploadFeeLines(
          trx,
          visit.mdtrt_id,
          raw.map((l, k) => ({
            feedetlSn: String(k + 1),
            code: String(l.code ?? `L${k}`),
            pric: l.pric!,
            cnt: l.cnt!,
            feeTime: now,
            catalogClass: l.class as "A",
            priceCap: l.priceCap ?? null,
            selfPayFirstRatio: l.selfPayFirstRatio ?? null,
          })),
        );
        out = await settleVisit(trx, { mdtrtId: visit.mdtrt_id, acctUsed: claim.acctUsed, msgid, now });
      } else {
        out = await reverseSettlement(trx, { setlId: setlIds[step.of]!, msgid, now });
      }
      return { body: { setlId: out.setlId, ...settlementOutput(out, msgid) } };
    });
    setlIds[i] = answer.body.setlId;
    const acc = await readAccumulators(db, setup.personId, YEAR);
    const bal = await db
      .selectFrom("personal_accounts")
      .select("balance")
      .where("person_id", "=", setup.personId)
      .executeTakeFirst();
    const { setlinfo, setldetail } = answer.body;
    // the amounts only (setlinfo also names the visit and the person)
    const amounts = Object.fromEntries(
      AMOUNT_KEYS.map((k) => SETLINFO_AMOUNT_FIELDS[k]).map((f) => [f, setlinfo[f]]),
    );
    results.push({
      setlinfo: amounts,
      setldetail: setldetail.map((d) => ({ fund_pay_type: d.fund_pay_type, fund_payamt: d.fund_payamt })),
      accumulatorsAfter: formatAccumulators(acc!, bal?.balance ?? 0n),
    });
  }
  return { id: v.id, results };
}
