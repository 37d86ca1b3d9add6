import { makeCertno, makeUscc } from "@yibao/core/registry";
import fc from "fast-check";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "../../audit/audit.ts";
import type { DbHandle } from "../../db/database.ts";
import { openTestDb } from "../../test/test-db.ts";
import { enrol } from "../registry/enrolment.service.ts";
import { createEmployer, createPerson } from "../registry/person.service.ts";
import { creditAccounts } from "./account-credit.service.ts";
import { assessEmployees } from "./assessment.service.ts";
import { setParams } from "./contribution-params.service.ts";
import { pay, reversePayment } from "./contribution-payment.service.ts";

const PARAMS = {
  averageMonthlyWage: "8000.00",
  employerRate: "0.0850",
  individualRate: "0.0200",
  employerShareToAccount: "0.3000",
  retireeMonthlyCredit: "90.00",
  residentAnnualPremium: "400.00",
  residentGovernmentSubsidy: "700.00",
  waitingDays: 90,
};
const MONTHS = ["2026-01", "2026-02", "2026-03"];

describe("contributions and the personal account reconcile exactly", () => {
  let h: DbHandle;
  let assessments: { id: bigint; total: bigint; account_credit: bigint; period: string }[];

  beforeAll(async () => {
    h = await openTestDb();
    const db = h.db;
    await db
      .insertInto("regions")
      .values({ code: "530100", name: "昆明市", level: "city", parent_code: null })
      .execute();
    await setParams(db, SYSTEM_ACTOR, "530100", 2026, PARAMS);
    const uscc = makeUscc("530100", 7);
    await createEmployer(db, SYSTEM_ACTOR, { uscc, name: "测试单位", regionCode: "530100" });
    const specs: [string, string][] = [
      ["19850101", "1101"],
      ["19900202", "1101"],
      ["19500303", "1201"],
    ];
    for (const [i, [birth, psnType]] of specs.entries()) {
      const p = await createPerson(
        db,
        SYSTEM_ACTOR,
        { certno: makeCertno("530102", birth, i + 1), name: "参保人", regionCode: "530100" },
        "2026-01-01",
      );
      await enrol(db, SYSTEM_ACTOR, {
        psnNo: p.psn_no,
        insutype: "310",
        psnType,
        regionCode: "530100",
        employerUscc: uscc,
        startDate: "2025-06-01",
      });
    }
    for (const period of MONTHS) {
      await assessEmployees(db, SYSTEM_ACTOR, {
        regionCode: "530100",
        period,
        wages: { [`5301000000000001`]: 300_000n },
      });
    }
    assessments = await db
      .selectFrom("contribution_assessments")
      .select(["id", "total", "account_credit", "period"])
      .orderBy("id")
      .execute();
    expect(assessments).toHaveLength(9);
  });
  afterAll(async () => h?.close());

  const command = fc.oneof(
    fc.record({ op: fc.constant("pay" as const), k: fc.nat(8), part: fc.integer({ min: 1, max: 4 }) }),
    fc.record({ op: fc.constant("reverse" as const), k: fc.nat(8) }),
    fc.record({ op: fc.constant("credit" as const), m: fc.nat(2) }),
  );

  it("after any sequence: ledger sums to balance, assessed = paid + owed, credits match paid assessments", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(command, { minLength: 1, maxLength: 12 }), async (cmds) => {
        const db = h.db;
        for (const c of cmds) {
          if (c.op === "pay") {
            const a = assessments[c.k]!;
            const paid = BigInt(
              (
                await sql<{
                  s: string;
                }>`select coalesce(sum(amount),0) as s from contribution_payments where assessment_id = ${a.id}`.execute(
                  db,
                )
              ).rows[0]!.s,
            );
            const owed = a.total - paid;
            if (owed <= 0n) continue;
            const amount = c.part === 4 ? owed : (owed * BigInt(c.part)) / 4n || owed;
            await pay(db, SYSTEM_ACTOR, {
              assessmentId: a.id,
              amount,
              channel: "bank",
              paidOn: `${a.period}-10`,
            });
          } else if (c.op === "reverse") {
            const p = await db
              .selectFrom("contribution_payments as p")
              .select("p.id")
              .where("p.assessment_id", "=", assessments[c.k]!.id)
              .where("p.amount", ">", 0n)
              .where(
                sql<boolean>`not exists (select 1 from contribution_payments r where r.reverses_id = p.id)`,
              )
              .orderBy("p.id", "desc")
              .executeTakeFirst();
            if (p) await reversePayment(db, SYSTEM_ACTOR, p.id, "test");
          } else await creditAccounts(db, MONTHS[c.m]!);
        }
        // 1. The ledger sums to the balance, for every account.
        const mismatched = await sql`
          select a.person_id from personal_accounts a
          left join account_ledger l on l.person_id = a.person_id
          group by a.person_id, a.balance having a.balance <> coalesce(sum(l.amount), 0)`.execute(db);
        expect(mismatched.rows).toEqual([]);
        // 2. Per assessment: 0 <= paid <= total; credits are all-or-nothing and only when fully paid.
        for (const a of assessments) {
          const paid = BigInt(
            (
              await sql<{
                s: string;
              }>`select coalesce(sum(amount),0) as s from contribution_payments where assessment_id = ${a.id}`.execute(
                db,
              )
            ).rows[0]!.s,
          );
          const credited = BigInt(
            (
              await sql<{
                s: string;
              }>`select coalesce(sum(amount),0) as s from account_credits where assessment_id = ${a.id}`.execute(
                db,
              )
            ).rows[0]!.s,
          );
          expect(paid >= 0n && paid <= a.total).toBe(true);
          expect(credited === 0n || credited === a.account_credit).toBe(true);
          if (credited > 0n) expect(paid).toBe(a.total);
        }
        // 3. Account money = net credits (no other movements here).
        const totals = await sql<{ ledger: string; credits: string }>`
          select (select coalesce(sum(amount),0) from account_ledger) as ledger,
                 (select coalesce(sum(amount),0) from account_credits) as credits`.execute(db);
        expect(totals.rows[0]!.ledger).toBe(totals.rows[0]!.credits);
      }),
      { numRuns: 25, seed: 20261124 },
    );
    // The sequences did exercise payments, reversals and credits.
    const n = await sql<{ p: string; r: string; c: string }>`
      select (select count(*) from contribution_payments where amount > 0) as p,
             (select count(*) from contribution_payments where amount < 0) as r,
             (select count(*) from account_credits) as c`.execute(h.db);
    expect(Number(n.rows[0]!.p)).toBeGreaterThan(5);
    expect(Number(n.rows[0]!.r)).toBeGreaterThan(0);
    expect(Number(n.rows[0]!.c)).toBeGreaterThan(0);
  });

  it("refuses overpayment and non-positive amounts, naming the field", async () => {
    const a = assessments[0]!;
    await expect(
      pay(h.db, SYSTEM_ACTOR, { assessmentId: a.id, amount: 0n, channel: "bank", paidOn: "2026-01-10" }),
    ).rejects.toMatchObject({ code: "CONTRIB_AMOUNT_NOT_POSITIVE", details: { field: "amount" } });
    await expect(
      pay(h.db, SYSTEM_ACTOR, {
        assessmentId: a.id,
        amount: a.total + 1n,
        channel: "bank",
        paidOn: "2026-01-10",
      }),
    ).rejects.toMatchObject({ code: "CONTRIB_OVERPAYMENT" });
  });
});
