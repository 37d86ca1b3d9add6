import fc from "fast-check";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "../../db/database.ts";
import { openTestDb } from "../../test/test-db.ts";
import { type SettlementContext, serverContext } from "./context.ts";
import { preSettle, settleVisit } from "./settle.service.ts";
import { HOSPITAL, expectInvariants, insuredPerson, setupRegion } from "./settlement.fixture.ts";
import { type FeeLineInput, cancelFeeLines, registerVisit, uploadFeeLines } from "./visit.service.ts";

const NOW = new Date("2026-05-01T01:00:00Z"); // 09:00 in Beijing
const LATER = new Date("2026-05-01T05:00:00Z"); // the same Beijing day
const DRUG = "XC09AAE002A001010101445"; // class B, cap 15.00, self-pay first 10%
const LIMITED = "XLIMIT3"; // class A, at most 3 a day

const line = (sn: string, pric: string, cnt: string, extra: Partial<FeeLineInput> = {}): FeeLineInput => ({
  feedetlSn: sn,
  code: DRUG,
  pric,
  cnt,
  feeTime: NOW,
  ...extra,
});
const refund = (sn: string, of: string, pric: string, cnt: string, extra: Partial<FeeLineInput> = {}) =>
  line(sn, pric, cnt, { initFeedetlSn: of, feeTime: LATER, ...extra });

/** Refunds (negative cnt) and the bill's total: the rules of docs/settlement.md "Fee lines". */
describe("fee lines: refunds and bills", () => {
  let h: DbHandle;
  let seq = 100;
  const persons: { id: bigint }[] = [];
  beforeAll(async () => {
    h = await openTestDb();
    await setupRegion(h.db);
    await h.db
      .insertInto("catalogue_entries")
      .values([
        {
          code: DRUG,
          name: "依那普利片",
          kind: "drug",
          chrgitm_type: "09",
          class: "B",
          self_pay_ratio: 1000,
          price_cap: 15_000_000n,
          valid_from: "2026-01-01",
        },
        {
          code: LIMITED,
          name: "每日限三次的治疗",
          kind: "service",
          chrgitm_type: "05",
          class: "A",
          price_cap: null,
          restrictions: JSON.stringify({ maxPerDay: "3" }),
          valid_from: "2026-01-01",
        },
      ])
      .execute();
  });
  afterAll(async () => h?.close());

  const openVisit = async (ctx?: SettlementContext) => {
    const p = await insuredPerson(h.db, ++seq, 50_000n);
    persons.push(p);
    const v = await registerVisit(
      h.db,
      { psnNo: p.psn_no, insutype: "310", medType: "11", institutionCode: HOSPITAL, begntime: NOW },
      ctx,
    );
    return v.mdtrt_id;
  };
  const liveLines = (mdtrtId: string) =>
    h.db
      .selectFrom("fee_lines as l")
      .innerJoin("visits as v", "v.id", "l.visit_id")
      .select(["l.feedetl_sn", "l.quantity", "l.class", "l.restricted_reason"])
      .where("v.mdtrt_id", "=", mdtrtId)
      .where("l.cancelled", "=", false)
      .orderBy("l.id")
      .execute();
  const refusal = (code: string, field: string) =>
    expect.objectContaining({ code, details: expect.objectContaining({ field }) });

  it("refuses a negative cnt without init_feedetl_sn, and a refund line with a positive cnt", async () => {
    const id = await openVisit();
    await uploadFeeLines(h.db, id, [line("1", "18.00", "10")]);
    await expect(uploadFeeLines(h.db, id, [line("2", "18.00", "-1")])).rejects.toEqual(
      refusal("SETL_REFUND_UNLINKED", "feedetail.0.cnt"),
    );
    await expect(uploadFeeLines(h.db, id, [refund("2", "1", "18.00", "1")])).rejects.toEqual(
      refusal("SETL_REFUND_UNLINKED", "feedetail.0.cnt"),
    );
    await expect(uploadFeeLines(h.db, id, [refund("2", "9", "18.00", "-1")])).rejects.toEqual(
      refusal("SETL_FEE_LINE_UNKNOWN", "feedetail.0.init_feedetl_sn"),
    );
    expect(await liveLines(id)).toHaveLength(1);
  });

  it("refunds only at the original's price and item, and never a refund", async () => {
    const id = await openVisit();
    await uploadFeeLines(h.db, id, [line("1", "18.00", "10")]);
    await expect(uploadFeeLines(h.db, id, [refund("2", "1", "18.01", "-1")])).rejects.toEqual(
      refusal("SETL_REFUND_MISMATCH", "feedetail.0.pric"),
    );
    await expect(
      uploadFeeLines(h.db, id, [refund("2", "1", "18.00", "-1", { code: LIMITED })]),
    ).rejects.toEqual(refusal("SETL_REFUND_MISMATCH", "feedetail.0.med_list_codg"));
    await uploadFeeLines(h.db, id, [refund("2", "1", "18.000000", "-1")]); // the same price, written longer
    await expect(uploadFeeLines(h.db, id, [refund("3", "2", "18.00", "-1")])).rejects.toEqual(
      refusal("SETL_REFUND_MISMATCH", "feedetail.0.init_feedetl_sn"),
    );
  });

  it("keeps all refunds of a line within its quantity, across uploads and within one", async () => {
    const ctx = serverContext(); // through the visit's session, as the gateway does
    const id = await openVisit(ctx);
    await uploadFeeLines(h.db, id, [line("1", "18.00", "5")], ctx);
    await uploadFeeLines(h.db, id, [refund("2", "1", "18.00", "-3")], ctx);
    await expect(uploadFeeLines(h.db, id, [refund("3", "1", "18.00", "-2.0001")], ctx)).rejects.toEqual(
      expect.objectContaining({
        code: "SETL_REFUND_EXCEEDS",
        details: { field: "feedetail.0.cnt", refundable: "2.0000" },
      }),
    );
    // within one upload: the second refund would pass alone, not after the first
    await expect(
      uploadFeeLines(h.db, id, [refund("3", "1", "18.00", "-1"), refund("4", "1", "18.00", "-1.5")], ctx),
    ).rejects.toEqual(refusal("SETL_REFUND_EXCEEDS", "feedetail.1.cnt"));
    expect(await liveLines(id)).toHaveLength(2); // nothing of the refused upload was written
    await uploadFeeLines(h.db, id, [refund("3", "1", "18.00", "-2")], ctx); // exactly what is left
    await expect(uploadFeeLines(h.db, id, [refund("4", "1", "18.00", "-0.0001")])).rejects.toEqual(
      refusal("SETL_REFUND_EXCEEDS", "feedetail.0.cnt"),
    );
  });

  it("refunds a line uploaded earlier in the same upload", async () => {
    const id = await openVisit();
    const r = await uploadFeeLines(h.db, id, [line("1", "18.00", "2"), refund("2", "1", "18.00", "-1")]);
    expect(r.map((x) => x.split.amount)).toEqual([3600n, -1800n]);
  });

  it("refuses to refund a cancelled line; cancelling a line cancels its refunds", async () => {
    const id = await openVisit();
    await uploadFeeLines(h.db, id, [line("1", "18.00", "4"), line("2", "18.00", "1")]);
    await uploadFeeLines(h.db, id, [refund("3", "1", "18.00", "-4")]);
    expect(await h.db.transaction().execute((trx) => cancelFeeLines(trx, id, ["1"]))).toBe(2);
    expect((await liveLines(id)).map((l) => l.feedetl_sn)).toEqual(["2"]);
    await expect(uploadFeeLines(h.db, id, [refund("4", "1", "18.00", "-1")])).rejects.toEqual(
      refusal("SETL_FEE_LINE_UNKNOWN", "feedetail.0.init_feedetl_sn"),
    );
    // the number may be used again by a corrected line, which has no refunds yet
    await uploadFeeLines(h.db, id, [line("1", "18.00", "3")]);
    await uploadFeeLines(h.db, id, [refund("4", "1", "18.00", "-3")]);
  });

  it("answers as many cancelled lines as it cancels (one planned statement, counted beforehand)", async () => {
    const id = await openVisit();
    await uploadFeeLines(h.db, id, [
      line("1", "18.00", "4"),
      line("2", "18.00", "1"),
      line("5", "18.00", "2"),
    ]);
    await uploadFeeLines(h.db, id, [refund("3", "1", "18.00", "-2"), refund("6", "5", "18.00", "-1")]);
    const live = async () => (await liveLines(id)).map((l) => l.feedetl_sn);
    expect(await cancelFeeLines(h.db, id, ["9"])).toBe(0); // no such line
    expect(await live()).toEqual(["1", "2", "5", "3", "6"]);
    // a line and its refund both listed: each counted once
    expect(await cancelFeeLines(h.db, id, ["1", "3"])).toBe(2);
    expect(await live()).toEqual(["2", "5", "6"]);
    expect(await cancelFeeLines(h.db, id, ["1"])).toBe(0); // already cancelled
    expect(await cancelFeeLines(h.db, id, ["5"])).toBe(2); // with its refund
    expect(await live()).toEqual(["2"]);
    await uploadFeeLines(h.db, id, [line("7", "18.00", "1")]);
    expect(await cancelFeeLines(h.db, id)).toBe(2); // none listed: all
    expect(await live()).toEqual([]);
  });

  it("pays a refund as the line it refunds: class, price cap and self-pay share inherited", async () => {
    const id = await openVisit();
    const [orig] = await uploadFeeLines(h.db, id, [line("1", "18.00", "10")]);
    expect(orig!.split).toMatchObject({
      amount: 18_000n,
      overLimit: 3_000n,
      preSelfPay: 1_500n,
      inScope: 13_500n,
    });
    const [back] = await uploadFeeLines(h.db, id, [refund("2", "1", "18.00", "-2")]);
    expect(back!.row).toMatchObject({ class: "B", price_cap: 15_000_000n, self_pay_ratio: 1000 });
    expect(back!.split).toMatchObject({
      amount: -3_600n,
      overLimit: -600n,
      preSelfPay: -300n,
      inScope: -2_700n,
    });
  });

  it("counts only charged quantities against a daily maximum: a refund makes no room", async () => {
    const id = await openVisit();
    const [first] = await uploadFeeLines(h.db, id, [line("1", "20.00", "3", { code: LIMITED })]);
    expect(first!.row.class).toBe("A");
    await uploadFeeLines(h.db, id, [refund("2", "1", "20.00", "-2", { code: LIMITED })]);
    const [later] = await uploadFeeLines(h.db, id, [
      line("3", "20.00", "1", { code: LIMITED, feeTime: LATER }),
    ]);
    expect(later!.row).toMatchObject({ class: "C", restricted_reason: "above the daily maximum quantity" });
  });

  it("refuses a det_item_fee_sumamt that is not round(pric x cnt)", async () => {
    const id = await openVisit();
    await expect(
      uploadFeeLines(h.db, id, [
        line("1", "0.333333", "3", { code: "X", catalogClass: "A", sentAmount: 99n }),
      ]),
    ).rejects.toEqual(
      expect.objectContaining({
        code: "SETL_LINE_AMOUNT_MISMATCH",
        details: { field: "feedetail.0.det_item_fee_sumamt", expected: "1.00" },
      }),
    );
    // 0.999999 rounds half up to 1.00
    await uploadFeeLines(h.db, id, [
      line("1", "0.333333", "3", { code: "X", catalogClass: "A", sentAmount: 100n }),
    ]);
  });

  it("never settles a bill of zero, not even as a quote; a bill with money left settles", async () => {
    const id = await openVisit();
    await uploadFeeLines(h.db, id, [line("1", "18.00", "2"), refund("2", "1", "18.00", "-2")]);
    const input = { mdtrtId: id, acctUsed: false, msgid: null, now: NOW };
    await expect(preSettle(h.db, input)).rejects.toEqual(refusal("SETL_BILL_NOT_POSITIVE", "mdtrt_id"));
    await expect(settleVisit(h.db, input)).rejects.toEqual(refusal("SETL_BILL_NOT_POSITIVE", "mdtrt_id"));
    const free = await openVisit();
    await uploadFeeLines(h.db, free, [line("1", "0.00", "1", { code: "X", catalogClass: "A" })]);
    await expect(settleVisit(h.db, { ...input, mdtrtId: free })).rejects.toEqual(
      refusal("SETL_BILL_NOT_POSITIVE", "mdtrt_id"),
    );
    const stored = await h.db.selectFrom("settlements").select("id").execute();
    expect(stored).toHaveLength(0);
    const paid = await openVisit();
    await uploadFeeLines(h.db, paid, [line("1", "18.00", "2"), refund("2", "1", "18.00", "-1")]);
    const s = await settleVisit(h.db, { ...input, mdtrtId: paid });
    expect(s.result.amounts.medfee).toBe(1_800n);
    await expectInvariants(h.db, persons);
  });

  it("keeps refunds within what they refund under any sequence of charges, refunds and cancellations", async () => {
    type Op =
      | { kind: "charge"; qty: number }
      | { kind: "refund"; of: number; qty: number }
      | { kind: "cancel"; of: number };
    const op: fc.Arbitrary<Op> = fc.oneof(
      fc.record({ kind: fc.constant("charge" as const), qty: fc.integer({ min: 1, max: 4 }) }),
      fc.record({ kind: fc.constant("refund" as const), of: fc.nat(7), qty: fc.integer({ min: 1, max: 4 }) }),
      fc.record({ kind: fc.constant("cancel" as const), of: fc.nat(7) }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 12 }), async (ops) => {
        const ctx = serverContext();
        const id = await openVisit(ctx);
        // the model: every line uploaded, by number; a refund's original; whether live
        const model: { qty: number; of: string | null; live: boolean }[] = [];
        const refundedOf = (sn: string) =>
          model.filter((l) => l.live && l.of === sn).reduce((s, l) => s + l.qty, 0);
        for (const o of ops) {
          const sn = String(model.length + 1);
          if (o.kind === "charge") {
            await uploadFeeLines(h.db, id, [line(sn, "10.00", String(o.qty))], ctx);
            model.push({ qty: o.qty, of: null, live: true });
          } else if (o.kind === "refund") {
            const of = String((o.of % Math.max(1, model.length)) + 1);
            const orig = model[Number(of) - 1];
            const allowed = orig?.live && orig.of === null && refundedOf(of) + o.qty <= orig.qty;
            const upload = uploadFeeLines(h.db, id, [refund(sn, of, "10.00", String(-o.qty))], ctx);
            if (allowed) {
              await upload;
              model.push({ qty: o.qty, of, live: true });
            } else {
              await expect(upload).rejects.toMatchObject({
                code: expect.stringMatching(/^SETL_(FEE_LINE_UNKNOWN|REFUND_MISMATCH|REFUND_EXCEEDS)$/),
              });
              model.push({ qty: 0, of, live: false }); // the number stays unused: keep numbering simple
            }
          } else if (model.length > 0) {
            const target = model[o.of % model.length]!;
            const sn2 = String((o.of % model.length) + 1);
            if (target.live) {
              await h.db.transaction().execute((trx) => cancelFeeLines(trx, id, [sn2]));
              target.live = false;
              for (const l of model) if (l.of === sn2) l.live = false;
            }
          }
        }
        const live = await sql<{ init: string | null; sn: string; quantity: string }>`
          select l.init_feedetl_sn as init, l.feedetl_sn as sn, l.quantity::text as quantity from fee_lines l
          join visits v on v.id = l.visit_id where v.mdtrt_id = ${id} and not l.cancelled`.execute(h.db);
        const bySn = new Map(live.rows.map((r) => [r.sn, BigInt(r.quantity)]));
        for (const r of live.rows)
          if (r.init !== null) {
            const refundedSum = live.rows
              .filter((x) => x.init === r.init)
              .reduce((s, x) => s - BigInt(x.quantity), 0n);
            expect(refundedSum <= (bySn.get(r.init) ?? -1n)).toBe(true); // the original is live and covers them
          }
        const total = model.filter((l) => l.live).reduce((s, l) => s + (l.of === null ? l.qty : -l.qty), 0);
        const input = { mdtrtId: id, acctUsed: true, msgid: null, now: NOW };
        if (total > 0)
          expect((await settleVisit(h.db, input, ctx)).result.amounts.medfee).toBe(BigInt(total) * 1000n);
        else
          await expect(settleVisit(h.db, input, ctx)).rejects.toMatchObject({
            code: live.rows.length > 0 ? "SETL_BILL_NOT_POSITIVE" : "SETL_NO_FEE_LINES",
          });
      }),
      { numRuns: 15, seed: 8 },
    );
    await expectInvariants(h.db, persons);
  });
});
