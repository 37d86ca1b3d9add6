import { describe, expect, it } from "vitest";
import { auditAll, item, testKb, visit } from "./audit.fixture.ts";
import { Auditor } from "./engine.ts";
import { RULE_CATALOG } from "./rule-catalog.ts";
import { RULE_CHECKS } from "./rules/library.ts";

const kb = testKb({
  items: [item("X", { price_cap: "10.00", levels: "3" }), item("BED", { chrgitm_type: "01" })],
});
const rulesOf = (o: ReturnType<typeof auditAll>[number]) =>
  "findings" in o ? o.findings.map((f) => [f.rule, f.lines.join(",")]) : o.error.code;

describe("the audit engine", () => {
  it("has logic for every catalogued rule and nothing else", () => {
    expect([...RULE_CHECKS.keys()].sort()).toEqual(RULE_CATALOG.map((r) => r.key).sort());
    expect(RULE_CATALOG.filter((r) => r.contract)).toHaveLength(35);
    for (const r of RULE_CATALOG) expect(r.code, r.key).toMatch(/^GZ10000[123]\d{4}$/);
  });

  it("orders findings by rule key, then by cited line positions, visit-level first", () => {
    const v = visit({
      med_type: "14",
      diagnoses: ["J15.900"],
      lines: [{ code: "X", price: "11" }, { code: "ZZ" }, { code: "X", price: "12", qty: "2" }],
    });
    expect(rulesOf(auditAll(kb, [v])[0]!)).toEqual([
      ["chronic-dx-not-covered", ""],
      ["level-restricted-item", "1"],
      ["level-restricted-item", "3"],
      ["price-over-cap", "1"],
      ["price-over-cap", "3"],
      ["unknown-item", "2"],
    ]);
  });

  it("gives every finding its rule code, family, result, severity, amount and evidence", () => {
    const out = auditAll(kb, [
      visit({ institution: { level: "3" }, lines: [{ code: "X", price: "10.50", qty: "2" }] }),
    ])[0]!;
    expect(out).toEqual({
      id: expect.any(String),
      findings: [
        {
          rule: "price-over-cap",
          family: "policy",
          result: "definite",
          lines: ["1"],
          amount: "1.00",
          evidence: "price 10.50 above cap 10.00",
          code: "GZ1000010101",
          severity: "high",
        },
      ],
    });
  });

  it("reports malformed lines and keeps them out of the history", () => {
    const a = new Auditor(testKb({ items: [item("X", { max_times: "1", period_days: "30" })] }));
    const bad = visit({ id: "B", begndate: "2026-03-01", lines: [{ code: "X", qty: "-1" }] });
    expect(a.auditLine("   ")).toBeNull();
    expect(a.auditLine("{not json")).toEqual({
      id: null,
      error: { code: "bad-json", message: "not valid JSON" },
    });
    expect(a.auditLine("[1, 2]")).toMatchObject({ id: null, error: { code: "bad-json" } });
    expect(a.auditLine("null")).toMatchObject({ id: null, error: { code: "bad-json" } });
    expect(a.auditLine(JSON.stringify(bad))).toMatchObject({ id: "B", error: { code: "bad-visit" } });
    expect(a.auditLine(JSON.stringify({ ...bad, id: 7 }))).toMatchObject({
      id: null,
      error: { code: "bad-visit" },
    });
    const good = visit({ id: "G", begndate: "2026-03-02", lines: [{ code: "X" }] });
    expect(a.auditLine(JSON.stringify(good))).toMatchObject({ id: "G", findings: [] });
  });

  it("refuses a second visit with an id already seen", () => {
    const v = visit({ id: "SAME", lines: [{ code: "X" }] });
    expect(auditAll(kb, [v, v]).map((o) => ("error" in o ? o.error.code : "ok"))).toEqual([
      "ok",
      "bad-visit",
    ]);
  });

  it("keeps each person's history apart", () => {
    const kb2 = testKb({ items: [item("X")] });
    const visits = ["P1", "P2", "P1", "P2", "P1", "P2", "P1"].map((p, i) =>
      visit({ person: { psn_no: p }, begndate: `2026-03-0${i + 1}`, lines: [{ code: "X" }] }),
    );
    // max 3 outpatient visits in 7 days: only P1's 4th visit (the 7th line) is over
    expect(auditAll(kb2, visits).map((o) => ("findings" in o ? o.findings.length : -1))).toEqual([
      0, 0, 0, 0, 0, 0, 1,
    ]);
  });
});

describe("rules as versioned, scoped data (rules.csv's optional columns)", () => {
  const items = [item("X", { price_cap: "10.00" })];
  const over = (
    extra: Record<string, string>,
    v: Parameters<typeof visit>[0] = { lines: [{ code: "X", price: "11" }] },
  ) => {
    const kb = testKb({
      items,
      rules: [{ rule: "price-over-cap", family: "policy", result: "definite", enabled: "1", ...extra }],
    });
    const out = auditAll(kb, [visit(v)])[0]!;
    return "findings" in out
      ? out.findings.filter((f) => f.rule === "price-over-cap").map((f) => `${f.result}/${f.severity}`)
      : [];
  };
  const line = [{ code: "X", price: "11" }];

  it("switches a rule off with enabled 0", () => {
    expect(over({ enabled: "0" })).toEqual([]);
  });
  it("runs a rule only in its scenario, institution level and type, insurance type and stage", () => {
    expect(over({ med_types: "21|52" })).toEqual([]);
    expect(over({ med_types: "11" })).toEqual(["definite/high"]);
    expect(over({ levels: "3" })).toEqual([]);
    expect(over({ institution_types: "pharmacy" })).toEqual([]);
    expect(over({ insutypes: "390" })).toEqual([]);
    expect(over({ insutypes: "390" }, { person: { insutype: "390" }, lines: line })).toEqual([
      "definite/high",
    ]);
    expect(over({ stages: "before|during" })).toEqual([]);
    expect(over({ stages: "after" })).toEqual(["definite/high"]);
  });
  it("reads the settle column (warn/hold, blank: not at settlement) and runs only the rules asked for", () => {
    const kb = (settle: string) =>
      testKb({
        items,
        rules: [{ rule: "price-over-cap", family: "policy", result: "definite", enabled: "1", settle }],
      });
    expect(kb("hold").data.rules.get("price-over-cap")![0]!.settle).toBe("hold");
    expect(kb("warn").data.rules.get("price-over-cap")![0]!.settle).toBe("warn");
    expect(kb("").data.rules.get("price-over-cap")![0]!.settle).toBeNull();
    expect(() => kb("stop")).toThrow(/settle/);
    const only = (rules: string[]) => {
      const a = new Auditor(kb("hold"), { stage: "during", rules: new Set(rules) });
      const out = a.auditLine(JSON.stringify(visit({ lines: line })))!;
      return "findings" in out ? out.findings.map((f) => f.rule) : out.error.code;
    };
    expect(only(["price-over-cap"])).toEqual(["price-over-cap"]);
    expect(only(["sex-restricted-item"])).toEqual([]);
  });
  it("rates a finding as rules.csv says", () => {
    expect(over({ result: "suspicious" })).toEqual(["suspicious/medium"]);
    expect(over({ severity: "low" })).toEqual(["definite/low"]);
  });
  it("applies the rule version in force on the visit's begndate", () => {
    expect(over({ valid_from: "2026-03-11" })).toEqual([]);
    expect(over({ valid_to: "2026-03-10" })).toEqual(["definite/high"]);
  });
});
