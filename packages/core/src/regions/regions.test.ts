import { describe, expect, it } from "vitest";
import { parsePolicy } from "../settlement/index.ts";
import { netClearing } from "./clearing.ts";
import { type FilingRequest, filingStateOn, parseFilingRules, planFiling } from "./filing.ts";
import { isOutOfRegion, unfiledPolicy } from "./out-of-region.ts";

const RULES = parseFilingRules({
  insutypes: ["310", "390"],
  retroactiveDays: 30,
  kinds: {
    resident: { maxDays: null },
    temporary: { maxDays: 90 },
    commitment: { maxDays: 365, proofDays: 60 },
  },
});

const policy = (outOfRegion?: unknown) =>
  parsePolicy({
    insutype: "310",
    med_type: "11",
    deductible: { scope: "annual", byLevel: { "1": "0.00", "2": "0.00", "3": "0.00" } },
    pool: { ratioByLevel: { "1": "0.9000", "2": "0.5000", "3": "0.7000" }, annualCap: "1000.00" },
    ...(outOfRegion ? { outOfRegion } : {}),
  });

describe("unfiled out-of-region patients", () => {
  it("are refused by a policy without a rule or with unfiled: refuse", () => {
    expect(unfiledPolicy(policy())).toBeNull();
    expect(unfiledPolicy(policy({ unfiled: "refuse" }))).toBeNull();
  });
  it("are paid at the unfiled ratio, never above the level's own", () => {
    const p = unfiledPolicy(policy({ unfiled: "ratio", unfiledRatio: "0.6000" }))!;
    expect(p.pool.ratioByLevel).toEqual({ "1": 6000n, "2": 5000n, "3": 6000n });
    expect(p.pool.annualCap).toBe(100_000n);
  });
  it("the rule is parsed strictly, naming the field", () => {
    expect(() => policy({ unfiled: "maybe" })).toThrow(
      expect.objectContaining({ details: { field: "policy.outOfRegion.unfiled" } }),
    );
    expect(() => policy({ unfiled: "ratio", unfiledRatio: "1.5" })).toThrow(
      expect.objectContaining({ code: "POLICY_RATIO_RANGE" }),
    );
  });
  it("out of region means two known, different pooling regions", () => {
    expect(isOutOfRegion("530400", "530100")).toBe(true);
    expect(isOutOfRegion("530100", "530100")).toBe(false);
    expect(isOutOfRegion(null, "530100")).toBe(false);
  });
});

describe("filing rules", () => {
  const req: FilingRequest = { kind: "temporary", insutype: "310", validFrom: "2026-05-01", validTo: null };
  it("a kind with a longest period gets all of it when no end is asked", () => {
    expect(planFiling(RULES, req, "2026-05-01")).toEqual({
      kind: "temporary",
      validFrom: "2026-05-01",
      validTo: "2026-07-29",
      commitmentDue: null,
    });
    expect(planFiling(RULES, { ...req, kind: "resident" }, "2026-05-01").validTo).toBeNull();
  });
  it("refuses what the region does not accept, by field", () => {
    const refused = (r: Partial<FilingRequest>, today = "2026-05-01") => {
      try {
        planFiling(RULES, { ...req, ...r }, today);
      } catch (e) {
        return [(e as { code: string }).code, (e as { details: { field: string } }).details.field];
      }
      return null;
    };
    expect(refused({ kind: "worker" })).toEqual(["FILING_NOT_ALLOWED", "kind"]);
    expect(refused({ kind: "holiday" })).toEqual(["FIELD_INVALID", "kind"]);
    expect(refused({ insutype: "410" })).toEqual(["FILING_NOT_ALLOWED", "insutype"]);
    expect(refused({ validFrom: "2026-03-31" })).toEqual(["FILING_PERIOD_INVALID", "validFrom"]);
    expect(refused({ validFrom: "2026-04-01" })).toBeNull();
    expect(refused({ validTo: "2026-07-30" })).toEqual(["FILING_PERIOD_INVALID", "validTo"]);
    expect(refused({ validTo: "2026-04-30" })).toEqual(["FILING_PERIOD_INVALID", "validTo"]);
    expect(refused({ validTo: "2026-02-30" })).toEqual(["DATE_INVALID", "validTo"]);
  });
  it("a commitment lapses when its documents are not in by the due day", () => {
    const p = planFiling(RULES, { ...req, kind: "commitment" }, "2026-05-01");
    expect(p.commitmentDue).toBe("2026-06-30");
    const facts = { status: "active" as const, ...p, proofReceived: false };
    expect(filingStateOn(facts, "2026-06-30")).toBe("active");
    expect(filingStateOn(facts, "2026-07-01")).toBe("lapsed");
    expect(filingStateOn({ ...facts, proofReceived: true }, "2026-07-01")).toBe("active");
    expect(filingStateOn(facts, "2026-04-30")).toBe("pending");
    expect(filingStateOn({ ...facts, status: "revoked" }, "2026-05-02")).toBe("revoked");
    expect(filingStateOn({ ...facts, proofReceived: true }, "2027-05-01")).toBe("expired");
  });
  it("rules are parsed strictly", () => {
    expect(() => parseFilingRules({ insutypes: ["310"], kinds: { holiday: {} } })).toThrow(/holiday/);
    expect(() => parseFilingRules({ insutypes: ["310"], kinds: { commitment: { maxDays: 10 } } })).toThrow(
      expect.objectContaining({
        details: expect.objectContaining({ field: "rules.kinds.commitment.proofDays" }),
      }),
    );
  });
});

describe("netting", () => {
  it("each direction is the sum of its settlements and the net their difference, reversals included", () => {
    const f = netClearing("530100", "530400", [
      { payer: "530400", payee: "530100", fundPay: 12_345n, accountPay: 100n },
      { payer: "530400", payee: "530100", fundPay: -12_345n, accountPay: -100n },
      { payer: "530400", payee: "530100", fundPay: 7_001n, accountPay: 0n },
      { payer: "530100", payee: "530400", fundPay: 2_000n, accountPay: 1n },
    ]);
    expect(f.bToA).toMatchObject({ settlements: 3, fundPay: 7_001n, accountPay: 0n, amount: 7_001n });
    expect(f.aToB.amount).toBe(2_001n);
    expect(f.net).toBe(-5_000n);
    expect(f.netPayer).toBe("530400");
    expect(() =>
      netClearing("530100", "530400", [{ payer: "530300", payee: "530100", fundPay: 1n, accountPay: 0n }]),
    ).toThrow();
  });
});
