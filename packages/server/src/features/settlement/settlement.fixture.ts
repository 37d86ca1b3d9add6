import { makeCertno } from "@yibao/core/registry";
import { sql } from "kysely";
import { expect } from "vitest";
import { SYSTEM_ACTOR } from "../../audit/audit.ts";
import type { Db } from "../../db/database.ts";
import { once } from "../../idempotency/idempotency.ts";
import { insertPolicyVersion } from "../catalogue/policy.repository.ts";
import { postAccountEntry } from "../registry/account.repository.ts";
import { insertEnrolment } from "../registry/enrolment.service.ts";
import { insertPerson } from "../registry/person.service.ts";
import { reverseSettlement, settleVisit } from "./settle.service.ts";
import { registerVisit, uploadFeeLines } from "./visit.service.ts";

/** Test fixture: region 530100 with an employee outpatient policy (annual deductible), a hospital, insured persons. */
export const OUTPATIENT_POLICY = {
  insutype: "310",
  med_type: "11",
  deductible: { scope: "annual", byLevel: { "1": "800.00", "2": "800.00", "3": "800.00" } },
  pool: {
    ratioByLevel: { "1": "0.7000", "2": "0.6000", "3": "0.5000" },
    retireeBonus: "0.1000",
    annualCap: "4000.00",
  },
};
export const HOSPITAL = "H53010000001";

export async function setupRegion(db: Db) {
  await db.transaction().execute(async (trx) => {
    const exists = await trx
      .selectFrom("regions")
      .select("code")
      .where("code", "=", "530100")
      .executeTakeFirst();
    if (!exists)
      await trx
        .insertInto("regions")
        .values({ code: "530100", name: "昆明市", level: "city", parent_code: null })
        .execute();
    await insertPolicyVersion(trx, "530100", 2026, OUTPATIENT_POLICY, "test");
    await trx
      .insertInto("institutions")
      .values({
        code: HOSPITAL,
        name: "测试医院",
        kind: "hospital",
        level: "2",
        region_code: "530100",
        agreement_from: "2020-01-01",
      })
      .execute();
  });
}

export async function insuredPerson(db: Db, seq: number, balance = 0n) {
  return db.transaction().execute(async (trx) => {
    const p = await insertPerson(
      trx,
      SYSTEM_ACTOR,
      { certno: makeCertno("530102", "19800101", seq), name: "测试", regionCode: "530100" },
      "2026-01-01",
    );
    const e = await insertEnrolment(trx, SYSTEM_ACTOR, {
      psnNo: p.psn_no,
      insutype: "310",
      psnType: "1101",
      regionCode: "530100",
      flexible: true,
      startDate: "2025-01-01",
    });
    await trx
      .updateTable("enrolments")
      .set({ benefit_start_date: "2025-01-01" })
      .where("id", "=", e.id)
      .execute();
    if (balance > 0n) await postAccountEntry(trx, { personId: p.id, amount: balance, kind: "opening" });
    return p;
  });
}

let serial = 0;
/** One whole outpatient settlement, idempotent by its msgid. */
export async function settleOnce(
  db: Db,
  psnNo: string,
  amountYuan: string,
  acctUsed = false,
  msgid = `T${++serial}`,
) {
  const now = new Date("2026-05-01T09:00:00Z");
  return once(db, `nhsa:${HOSPITAL}`, msgid, { psnNo, amountYuan, acctUsed }, async (trx) => {
    const v = await registerVisit(trx, {
      psnNo,
      insutype: "310",
      medType: "11",
      institutionCode: HOSPITAL,
      begntime: now,
    });
    await uploadFeeLines(trx, v.mdtrt_id, [
      { feedetlSn: "1", code: "X", pric: amountYuan, cnt: "1", feeTime: now, catalogClass: "A" },
    ]);
    const r = await settleVisit(trx, { mdtrtId: v.mdtrt_id, acctUsed, msgid, now });
    return {
      body: {
        setlId: r.setlId!,
        deductible: String(r.result.amounts.deductible),
        pool: String(r.result.amounts.poolPay),
      },
    };
  });
}

export async function reverseOnce(db: Db, setlId: string, msgid = `R${++serial}`) {
  return once(db, `nhsa:${HOSPITAL}`, msgid, { setlId }, async (trx) => {
    const r = await reverseSettlement(trx, { setlId, msgid, now: new Date("2026-05-02T09:00:00Z") });
    return { body: { setlId: r.setlId! } };
  });
}

/**
 * What must hold after any settlements and reversals (the test suites' invariants): every
 * settlement balances, the fund ledger balances and equals what the settlements paid from the
 * funds, each person's accumulators equal the sums of their settlements and stay within the
 * outpatient policy's deductible and cap, and each account's balance equals its ledger, never
 * below zero.
 */
export async function expectInvariants(db: Db, persons: { id: bigint }[]) {
  const ledger = await sql<{ d: string; c: string; fund: string }>`
    select coalesce(sum(debit),0) as d, coalesce(sum(credit),0) as c,
           coalesce(sum(case when account like 'fund:%' and account <> 'fund:310200' then debit - credit end),0) as fund
    from fund_ledger`.execute(db);
  const setl = await sql<{ fund: string; bad: string }>`
    select coalesce(sum(fund_pay),0) as fund,
           count(*) filter (where medfee <> fund_pay + person_part or person_part <> account_pay + cash_pay) as bad
    from settlements`.execute(db);
  expect(ledger.rows[0]!.d).toBe(ledger.rows[0]!.c);
  expect(BigInt(ledger.rows[0]!.fund)).toBe(BigInt(setl.rows[0]!.fund));
  expect(Number(setl.rows[0]!.bad)).toBe(0);
  for (const p of persons) {
    const acc = await db
      .selectFrom("person_accumulators")
      .selectAll()
      .where("person_id", "=", p.id)
      .executeTakeFirstOrThrow();
    const sums = await sql<{ ded: string; pool: string }>`
      select coalesce(sum(deductible),0) as ded, coalesce(sum(pool_pay),0) as pool
      from settlements where person_id = ${p.id}`.execute(db);
    expect(acc.deductible_paid).toBe(BigInt(sums.rows[0]!.ded));
    expect(acc.pool_paid).toBe(BigInt(sums.rows[0]!.pool));
    expect(acc.deductible_paid <= 80_000n).toBe(true);
    expect(acc.pool_paid <= 400_000n).toBe(true);
    const bal = await sql<{ b: string; l: string }>`
      select a.balance as b, (select coalesce(sum(amount),0) from account_ledger l where l.person_id = a.person_id) as l
      from personal_accounts a where a.person_id = ${p.id}`.execute(db);
    if (bal.rows[0]) {
      expect(String(bal.rows[0].b)).toBe(String(bal.rows[0].l));
      expect(BigInt(bal.rows[0].b) >= 0n).toBe(true);
    }
  }
}
