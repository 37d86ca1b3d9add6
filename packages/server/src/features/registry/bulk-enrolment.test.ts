import { makeCertno, makeUscc } from "@yibao/core/registry";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "../../audit/audit.ts";
import type { DbHandle } from "../../db/database.ts";
import { openTestDb } from "../../test/test-db.ts";
import { postAccountEntry } from "./account.repository.ts";
import { enrolNewborns, terminateEnrolments, transferPersons } from "./bulk-enrolment.service.ts";
import { changeStatus, enrol, enrolNewborn, transfer } from "./enrolment.service.ts";
import { createEmployer, createPerson } from "./person.service.ts";

/**
 * The bulk births, terminations and transfers write what the one-at-a-time services write: the
 * same life events are applied to two like families, one through enrolNewborn / changeStatus /
 * transfer and one through the bulk services, and every row they made is compared (ids aside).
 */
const TODAY = "2025-06-30";
const actor = { ...SYSTEM_ACTOR, login: "bulk-test" };

describe("bulk births, terminations and transfers", () => {
  let h: DbHandle;
  const uscc = makeUscc("530102", 77);
  beforeAll(async () => {
    h = await openTestDb();
    await h.db
      .insertInto("regions")
      .values([
        { code: "530000", name: "云南省", level: "province", parent_code: null },
        { code: "530100", name: "昆明市", level: "city", parent_code: "530000" },
        { code: "530102", name: "五华区", level: "county", parent_code: "530100" },
        { code: "510100", name: "成都市", level: "city", parent_code: null },
      ])
      .execute();
    await createEmployer(h.db, actor, { uscc, name: "滇池科技有限公司", regionCode: "530102" });
    // the audit entries' keys, compared as text
    await sql`create function jsonb_object_keys_text(j jsonb) returns text language sql immutable
      as $$ select coalesce(string_agg(k, ' ' order by k), '') from jsonb_object_keys(coalesce(j, '{}')) k $$`.execute(
      h.db,
    );
  });
  afterAll(async () => h?.close());

  /** A family: a resident mother, an employee with an account balance, a resident who dies. */
  async function family(f: number) {
    const psn = async (seq: number, birth: string, insutype: string, psnType: string) => {
      const p = await createPerson(
        h.db,
        actor,
        { certno: makeCertno("530102", birth, f * 10 + seq), name: `测试${f}${seq}`, regionCode: "530102" },
        TODAY,
      );
      await enrol(h.db, actor, {
        psnNo: p.psn_no,
        insutype,
        psnType,
        regionCode: "530102",
        startDate: "2024-01-01",
        ...(insutype === "310" ? { employerUscc: uscc } : {}),
      });
      return p;
    };
    const mother = await psn(1, "19950301", "390", "1501");
    const worker = await psn(2, "19880712", "310", "1101");
    const elder = await psn(3, "19400105", "390", "1501");
    await h.db.transaction().execute((trx) =>
      postAccountEntry(trx, {
        personId: worker.id,
        amount: 123_45n,
        kind: "opening",
        refType: "migration",
      }),
    );
    const live = async (personId: bigint) =>
      (
        await h.db
          .selectFrom("enrolments")
          .select("id")
          .where("person_id", "=", personId)
          .where("status", "<>", "terminated")
          .executeTakeFirstOrThrow()
      ).id;
    return {
      ids: [mother.id, worker.id, elder.id],
      mother: mother.psn_no,
      worker: worker.psn_no,
      elderEnrolment: await live(elder.id),
      child: makeCertno("530102", "20250610", f * 10 + 4),
    };
  }

  /** Every row the family's persons have, without ids, in a stable order. */
  async function rowsOf(personIds: bigint[]) {
    const ids = personIds.map(String);
    const { rows } = await sql<{ r: string }>`
      with ps as (select id from persons where id = any(${ids}::int8[])
                  union select id from persons where parent_person_id = any(${ids}::int8[])),
      es as (select id from enrolments where person_id in (select id from ps))
      select 'person ' || concat_ws(',', p.name, p.gender, p.birth_date, p.region_code, p.household_no,
               p.parent_person_id is not null, length(p.card_no), length(p.card_sn)) as r
        from persons p where p.id in (select id from ps)
      union all select 'enrolment ' || concat_ws(',', (select name from persons where id = e.person_id), e.insutype,
               e.psn_type, e.region_code, e.employer_id is not null, e.flexible, e.start_date, e.end_date,
               e.benefit_start_date, e.status, e.carried_months)
        from enrolments e where e.id in (select id from es)
      union all select 'history ' || concat_ws(',', h.status, h.effective_date, h.reason, h.operator_id)
        from enrolment_status_history h where h.enrolment_id in (select id from es)
      union all select 'ledger ' || concat_ws(',', l.kind, l.amount, l.balance_after, l.ref_type, l.ref_id is not null)
        from account_ledger l where l.person_id in (select id from ps)
      union all select 'account ' || a.balance from personal_accounts a where a.person_id in (select id from ps)
      union all select 'audit ' || concat_ws(',', a.action, a.entity, a.operator_login,
               a.after ? 'card_sn', jsonb_object_keys_text(a.before), jsonb_object_keys_text(a.after))
        from audit_log a
        where (a.entity = 'persons' and a.entity_id in (select id::text from ps))
           or (a.entity = 'enrolments' and a.entity_id in (select id::text from es))`.execute(h.db);
    return rows.map((x) => x.r.replace(/测试\d/g, "测试")).sort();
  }

  it("makes the same rows and audit entries as enrolNewborn, changeStatus and transfer", async () => {
    const one = await family(1);
    const bulk = await family(2);
    // before the events the two families are alike
    const setup = (await rowsOf(one.ids)).filter((r) => !r.startsWith("audit"));
    expect(setup).toEqual((await rowsOf(bulk.ids)).filter((r) => !r.startsWith("audit")));

    await enrolNewborn(
      h.db,
      actor,
      one.mother,
      { certno: one.child, name: "测试1宝", startDate: "2025-06-10" },
      TODAY,
    );
    await changeStatus(h.db, actor, one.elderEnrolment, "terminated", "2025-06-20", "death");
    await transfer(h.db, actor, one.worker, "510100", "2025-06-25");

    const born = await enrolNewborns(
      h.db,
      actor,
      [{ parentPsnNo: bulk.mother, child: { certno: bulk.child, name: "测试2宝", startDate: "2025-06-10" } }],
      TODAY,
    );
    expect(born).toHaveLength(1);
    expect(born[0]!.enrolment.psn_type).toBe("1401");
    await terminateEnrolments(h.db, actor, [
      { enrolmentId: bulk.elderEnrolment, effectiveDate: "2025-06-20", reason: "death" },
    ]);
    const moved = await transferPersons(h.db, actor, [
      { psnNo: bulk.worker, toRegion: "510100", date: "2025-06-25" },
    ]);
    expect(moved[0]).toMatchObject({ ok: true, carriedMonths: 17 });

    const a = await rowsOf(one.ids);
    const b = await rowsOf(bulk.ids);
    expect(a.length).toBeGreaterThan(setup.length + 8);
    expect(b).toEqual(a);
    expect(b).toContain("ledger transfer_out,-12345,0,transfer,t");
    expect(b).toContain("ledger transfer_in,12345,12345,transfer,t");
  });

  it("leaves out a transfer the service would refuse and writes nothing of it", async () => {
    const f = await family(3);
    const before = await rowsOf(f.ids);
    const out = await transferPersons(h.db, actor, [
      { psnNo: f.worker, toRegion: "530102", date: "2025-06-25" },
      { psnNo: "5301020000999999", toRegion: "510100", date: "2025-06-25" },
      { psnNo: f.mother, toRegion: "999999", date: "2025-06-25" },
    ]);
    expect(out.map((o) => (o.ok ? "ok" : o.error.code))).toEqual([
      "REG_TRANSFER_SAME_REGION",
      "REG_PERSON_UNKNOWN",
      "REG_REGION_UNKNOWN",
    ]);
    expect(await rowsOf(f.ids)).toEqual(before);
  });

  it("refuses a whole call with a birth or termination the service would refuse", async () => {
    const f = await family(4);
    const before = await rowsOf(f.ids);
    const twice = {
      parentPsnNo: f.mother,
      child: { certno: f.child, name: "测试4宝", startDate: "2025-06-10" },
    };
    await expect(enrolNewborns(h.db, actor, [twice, twice], TODAY)).rejects.toMatchObject({
      code: "REG_PERSON_EXISTS",
    });
    await expect(
      terminateEnrolments(h.db, actor, [
        { enrolmentId: f.elderEnrolment, effectiveDate: "2023-06-20", reason: "death" },
      ]),
    ).rejects.toMatchObject({ code: "REG_DATE_ORDER" });
    await terminateEnrolments(h.db, actor, [
      { enrolmentId: f.elderEnrolment, effectiveDate: "2025-06-20", reason: "death" },
    ]);
    await expect(
      terminateEnrolments(h.db, actor, [
        { enrolmentId: f.elderEnrolment, effectiveDate: "2025-06-21", reason: "death" },
      ]),
    ).rejects.toMatchObject({ code: "REG_STATUS_TRANSITION" });
    // the one termination that was not refused: its history entry and audit entry
    expect((await rowsOf(f.ids)).length).toBe(before.length + 2);
  });
});
