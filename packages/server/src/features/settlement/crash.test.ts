import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "../../db/database.ts";
import { openTestDb } from "../../test/test-db.ts";
import { HOSPITAL, insuredPerson, setupRegion } from "./settlement.fixture.ts";
import { skipUnlessPostgres } from "../../test/engine-only.ts";

const offPostgres = skipUnlessPostgres(
  "SIGKILL during a stream of settlements",
  "it kills a yibao serve process; PGlite lives inside the process",
);
const BIN = join(process.cwd(), "packages/server/bin/yibao.js");

/**
 * Crash safety: `yibao serve` on PostgreSQL is killed with SIGKILL in the middle of a stream of
 * settlements. Every settlement acknowledged to the client must be there, whole, and nothing may
 * be half-written. (PostgreSQL only: PGlite lives inside the server process.)
 */
describe.skipIf(offPostgres)("SIGKILL during a stream of settlements", () => {
  let h: DbHandle;
  let server: ChildProcess | null = null;
  const port = 4100 + Math.floor(Math.random() * 800);
  let serial = 0;

  const start = async () => {
    server = spawn(process.execPath, [BIN, "serve"], {
      // YIBAO_PG_GROUPS=1: writes commit in groups (db/pipeline.ts), as on a durable server
      env: {
        ...process.env,
        DATABASE_URL: h.url,
        PORT: String(port),
        LOG_LEVEL: "error",
        YIBAO_PG_GROUPS: "1",
        // the test hospital has no gateway key: the gateway runs open, with a throwaway secret key
        YIBAO_NHSA_AUTH: "open",
        YIBAO_SECRET_KEY: Buffer.alloc(32, 1).toString("base64"),
      },
      stdio: "ignore",
    });
    for (let i = 0; i < 150; i++) {
      try {
        if ((await fetch(`http://127.0.0.1:${port}/api/v1/health`)).ok) return;
      } catch {}
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error("server did not start");
  };
  const call = async (
    infno: string,
    input: unknown,
    msgid = `${HOSPITAL}${String(++serial).padStart(18, "0")}`,
  ) => {
    const res = await fetch(`http://127.0.0.1:${port}/fsi/api/rsfComIfsService/callService`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        infno,
        msgid,
        fixmedins_code: HOSPITAL,
        inf_time: "2026-05-01 09:30:00",
        input,
      }),
    });
    return (await res.json()) as {
      infcode: number;
      err_msg: string | null;
      output: Record<string, Record<string, string>>;
    };
  };

  beforeAll(async () => {
    h = await openTestDb();
    await setupRegion(h.db);
  }, 60_000);
  afterAll(async () => {
    server?.kill("SIGKILL");
    await h?.close();
  });

  it("keeps every acknowledged settlement and no half-written one", async () => {
    const persons: Awaited<ReturnType<typeof insuredPerson>>[] = [];
    for (let i = 0; i < 4; i++) persons.push(await insuredPerson(h.db, 100 + i, 100_000n));
    await start();
    const acknowledged: string[] = [];
    let stop = false;
    const client = async (k: number) => {
      while (!stop) {
        try {
          const psnNo = persons[k]!.psn_no;
          const reg = await call("2201", {
            data: { psn_no: psnNo, insutype: "310", begntime: "2026-05-01 09:00:00" },
          });
          const mdtrtId = reg.output.data!.mdtrt_id!;
          await call("2204", {
            feedetail: [
              {
                feedetl_sn: "1",
                mdtrt_id: mdtrtId,
                med_list_codg: "X",
                pric: "321.45",
                cnt: "1",
                fee_ocur_time: "2026-05-01 09:10:00",
              },
            ],
          });
          const s = await call("2207", {
            data: { psn_no: psnNo, mdtrt_id: mdtrtId, acct_used_flag: "1", insutype: "310" },
          });
          if (s.infcode === 0) acknowledged.push(s.output.setlinfo!.setl_id!);
        } catch {
          return; // the server is gone
        }
      }
    };
    const clients = persons.map((_, k) => client(k));
    await new Promise((r) => setTimeout(r, 1500));
    server!.kill("SIGKILL");
    stop = true;
    await Promise.all(clients);
    expect(acknowledged.length).toBeGreaterThan(5);

    // Every acknowledged settlement is stored...
    const stored = await h.db.selectFrom("settlements").select("setl_id").execute();
    const ids = new Set(stored.map((s) => s.setl_id));
    for (const id of acknowledged) expect(ids.has(id), id).toBe(true);
    // ...and whole: ledger balanced per settlement, accumulators and accounts equal to the settlements.
    const unbalanced =
      await sql`select settlement_id from fund_ledger group by settlement_id having sum(debit) <> sum(credit)`.execute(
        h.db,
      );
    expect(unbalanced.rows).toEqual([]);
    const missingLedger =
      await sql`select s.id from settlements s where s.fund_pay + s.account_pay <> 0 and not exists (select 1 from fund_ledger l where l.settlement_id = s.id)`.execute(
        h.db,
      );
    expect(missingLedger.rows).toEqual([]);
    for (const p of persons) {
      const acc = await h.db
        .selectFrom("person_accumulators")
        .selectAll()
        .where("person_id", "=", p.id)
        .executeTakeFirst();
      const sums = await sql<{
        ded: string;
        pool: string;
        acct: string;
      }>`select coalesce(sum(deductible),0) as ded, coalesce(sum(pool_pay),0) as pool, coalesce(sum(account_pay),0) as acct from settlements where person_id = ${p.id}`.execute(
        h.db,
      );
      expect(String(acc?.deductible_paid ?? 0n)).toBe(String(sums.rows[0]!.ded));
      expect(String(acc?.pool_paid ?? 0n)).toBe(String(sums.rows[0]!.pool));
      const bal = await h.db
        .selectFrom("personal_accounts")
        .select("balance")
        .where("person_id", "=", p.id)
        .executeTakeFirstOrThrow();
      expect(bal.balance).toBe(100_000n - BigInt(sums.rows[0]!.acct));
    }
    const settledVisits =
      await sql`select v.id from visits v where v.status = 'settled' and not exists (select 1 from settlements s where s.visit_id = v.id)`.execute(
        h.db,
      );
    expect(settledVisits.rows).toEqual([]);
    // ...and no stored answer names a settlement that is not there.
    const orphanAnswers = await sql`
      select k.key from idempotency_keys k
      where k.response->'setlinfo'->>'setl_id' is not null
        and not exists (select 1 from settlements s where s.setl_id = k.response->'setlinfo'->>'setl_id')`.execute(
      h.db,
    );
    expect(orphanAnswers.rows).toEqual([]);

    // After a restart the service goes on, and a replayed settlement is answered from the store.
    await start();
    const last = await h.db
      .selectFrom("settlements")
      .select(["msgid", "setl_id"])
      .where("msgid", "is not", null)
      .orderBy("id", "desc")
      .executeTakeFirstOrThrow();
    const visit = await h.db
      .selectFrom("settlements as s")
      .innerJoin("visits as v", "v.id", "s.visit_id")
      .innerJoin("persons as p", "p.id", "v.person_id")
      .select(["v.mdtrt_id", "p.psn_no"])
      .where("s.setl_id", "=", last.setl_id)
      .executeTakeFirstOrThrow();
    const replay = await call(
      "2207",
      { data: { psn_no: visit.psn_no, mdtrt_id: visit.mdtrt_id, acct_used_flag: "1", insutype: "310" } },
      last.msgid!,
    );
    expect(replay.infcode, replay.err_msg ?? "").toBe(0);
    expect(replay.output.setlinfo!.setl_id).toBe(last.setl_id);
  }, 60_000);
});
