import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prng } from "../features/simulation/prng.ts";
import { insertPolicyVersion } from "../features/catalogue/policy.repository.ts";
import {
  YUXI,
  YUXI_HOSPITAL,
  personInsuredIn,
  setupYuxi,
  yuxiPolicy,
} from "../features/regions/out-of-region.fixture.ts";
import { HOSPITAL, insuredPerson, setupRegion } from "../features/settlement/settlement.fixture.ts";
import { type TestApp, openTestApp } from "../test/test-app.ts";
import type { Transport } from "./his-client.ts";
import { eVoucherSource } from "./evoucher.ts";
import { type SimPerson, runHisSim, summaryLines } from "./sim.ts";

const NOW = new Date("2026-05-01T01:30:00Z");
const DRUG = "XJ01CAA040A001010101445";

/**
 * his-sim against an in-process server: two hospitals of two regions, local and out-of-region
 * patients by ID number, every answer infcode 0, every settlement balanced, the day reconciled.
 */
const SECOND = "H53010000002";

describe("his-sim", () => {
  let t: TestApp;
  const persons: SimPerson[] = [];
  const transport: Transport = async (url, payload, headers) => {
    const r = await t.app.inject({ method: "POST", url, payload, headers });
    return { status: r.statusCode, body: r.body };
  };

  beforeAll(async () => {
    t = await openTestApp(() => NOW);
    await setupRegion(t.handle.db);
    await setupYuxi(t.handle.db);
    await t.handle.db.transaction().execute(async (trx) => {
      await insertPolicyVersion(
        trx,
        YUXI,
        2026,
        yuxiPolicy({ unfiled: "ratio", unfiledRatio: "0.6000" }),
        "test",
      );
    });
    await t.handle.db
      .insertInto("catalogue_entries")
      .values({
        code: DRUG,
        name: "阿莫西林胶囊",
        kind: "drug",
        chrgitm_type: "09",
        class: "A",
        price_cap: null,
        valid_from: "2026-01-01",
      })
      .execute();
    await t.handle.db
      .insertInto("institutions")
      .values({
        code: SECOND,
        name: "第二医院",
        kind: "hospital",
        level: "2",
        region_code: "530100",
        agreement_from: "2020-01-01",
      })
      .execute();
    for (let i = 0; i < 6; i++) {
      const p = await insuredPerson(t.handle.db, 950 + i, 20_000n);
      persons.push({ certType: "02", certNo: p.certno, insuredRegion: "530100" });
    }
    for (let i = 0; i < 3; i++) {
      const p = await personInsuredIn(t.handle.db, YUXI, 960 + i, 20_000n);
      persons.push({ certType: "02", certNo: p.certno, insuredRegion: YUXI });
    }
  });
  afterAll(async () => t?.close());

  it("plays whole visits with every answer infcode 0, balanced, and reconciles the day", async () => {
    const r = prng(7);
    const seen: number[] = [];
    const s = await runHisSim({
      transport,
      // the second hospital reconciles with the national detail file (9101, then 3202 naming it)
      institutions: [
        { code: HOSPITAL, region: "530100" },
        { code: SECOND, region: "530100" },
      ],
      persons,
      rate: 200,
      visits: 24,
      concurrency: 4,
      codes: [DRUG, "XSELF"],
      // shares high enough that 24 visits surely hold a 2205 and a 2208 whatever the interleaving
      // of the four lanes' draws (at 0.3 none in 24 happened once in CI, on PostgreSQL)
      cancelShare: 0.6,
      reverseShare: 0.5,
      now: () => NOW,
      random: () => r.int(0, 999_999) / 1_000_000,
      onVisit: (done) => seen.push(done),
    });
    expect(s.failures).toEqual([]);
    expect(s.refusals, summaryLines(s).join("\n")).toEqual([]);
    expect(s.imbalances).toEqual([]);
    expect(s.visits).toBe(24);
    expect(s.settled).toBe(24);
    expect(s.outOfRegion).toBeGreaterThan(0);
    expect(s.reversed).toBeGreaterThan(0);
    for (const infno of [
      "9001",
      "1101",
      "2201",
      "2204",
      "2205",
      "2206",
      "2207",
      "2208",
      "3201",
      "3202",
      "9101",
      "9002",
    ])
      expect(Object.keys(s.answers[infno] ?? {}), infno).toEqual(["0"]);
    expect(s.answers["2207"]!["0"]).toBe(24);
    expect(s.reconciled).toEqual({ consistent: 2, inconsistent: 0 });
    expect(s.answers["9101"]).toEqual({ "0": 1 });
    expect(seen).toHaveLength(24);
    // what the server holds agrees: settlements minus reversals, out-of-region ones by Yuxi's policy
    const rows = await t.handle.db
      .selectFrom("settlements as s")
      .innerJoin("visits as v", "v.id", "s.visit_id")
      .select(["s.kind", "v.insured_region"])
      .execute();
    expect(rows.filter((x) => x.kind === "settle")).toHaveLength(24);
    expect(rows.filter((x) => x.kind === "reverse")).toHaveLength(s.reversed);
    expect(rows.filter((x) => x.kind === "settle" && x.insured_region === YUXI)).toHaveLength(s.outOfRegion);
    expect(summaryLines(s).join("\n")).toMatch(/2207 0=24/);
  });

  it("counts refusals by infcode (a hospital the server does not know)", async () => {
    const s = await runHisSim({
      transport,
      institutions: [{ code: "H99999999999", region: "530100" }],
      persons: persons.slice(0, 1),
      rate: 100,
      visits: 2,
      codes: [DRUG],
      now: () => NOW,
    });
    expect(s.answers["9001"]).toEqual({ "-1": 1 });
    expect(s.answers["1101"]).toEqual({ "-1": 2 });
    expect(s.settled).toBe(0);
    expect(s.refusals[0]).toMatch(/NHSA_INSTITUTION_UNKNOWN/);
  });

  it("looks patients up by e-voucher tokens their app got from the self-service API", async () => {
    const codes: string[] = [];
    // the app's code delivery: recorded here instead of the demo's log
    t.app.deps.codes = { send: (_kind, _to, code) => codes.push(code) };
    const before = await t.handle.db.selectFrom("e_vouchers").select("id").execute();
    const local = persons.filter((p) => p.insuredRegion === "530100").slice(0, 2);
    const withVoucher: SimPerson[] = local.map((p) => ({
      certType: "01",
      certNo: eVoucherSource(transport, p.certNo as string, async () => codes.at(-1)!),
      insuredRegion: p.insuredRegion,
    }));
    const s = await runHisSim({
      transport,
      institutions: [{ code: HOSPITAL, region: "530100" }],
      persons: withVoucher,
      rate: 100,
      visits: 4,
      concurrency: 1, // one sign-in at a time: the code read is the last one sent
      codes: [DRUG],
      reverseShare: 0,
      now: () => NOW,
    });
    expect(s.refusals, summaryLines(s).join("\n")).toEqual([]);
    expect(s.failures).toEqual([]);
    expect(s.answers["1101"]).toEqual({ "0": 4 });
    expect(s.settled).toBe(4);
    // a fresh voucher per visit, issued through the API; at most one sign-in per person
    const after = await t.handle.db.selectFrom("e_vouchers").select("id").execute();
    expect(after.length - before.length).toBe(4);
    expect(codes.length).toBeGreaterThan(0);
    expect(codes.length).toBeLessThanOrEqual(2);
  });

  it("a self-service refusal is a visit failure, not a lookup", async () => {
    const s = await runHisSim({
      transport,
      institutions: [{ code: HOSPITAL, region: "530100" }],
      persons: [
        {
          certType: "01",
          certNo: eVoucherSource(transport, "530102190001019999", async () => "000000"),
          insuredRegion: "530100",
        },
      ],
      rate: 100,
      visits: 1,
      codes: [DRUG],
      now: () => NOW,
    });
    expect(s.answers["1101"]).toBeUndefined();
    expect(s.failures[0]).toMatch(/selfservice\/login: HTTP 4\d\d/);
  });

  it("plays a hospital of the other region too", async () => {
    const s = await runHisSim({
      transport,
      institutions: [{ code: YUXI_HOSPITAL, region: YUXI }],
      persons: persons.filter((p) => p.insuredRegion === YUXI),
      rate: 100,
      visits: 3,
      codes: [DRUG],
      reverseShare: 0,
      now: () => NOW,
    });
    expect(s.refusals).toEqual([]);
    expect(s.settled).toBe(3);
    expect(s.outOfRegion).toBe(0);
  });
});
