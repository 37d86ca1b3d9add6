import { describe, expect, it } from "vitest";
import { item, kbFiles, testKb } from "./audit.fixture.ts";
import type { KbFiles } from "./kb-load.ts";
import { loadKnowledgeBase } from "./kb-load.ts";

/** The AUDIT_KB_INVALID error of loading changed files, as "file field: message". */
type Tables = Record<string, string[][]>;

function failure(change: (f: Tables) => void, spec = {}): string {
  const files = kbFiles({ items: [item("X"), item("Y")], ...spec }) as unknown as Tables;
  change(files);
  try {
    loadKnowledgeBase(files as KbFiles);
  } catch (err) {
    const e = err as { code: string; message: string; details: { file: string; field?: string } };
    expect(e.code).toBe("AUDIT_KB_INVALID");
    return `${e.details.file} ${e.details.field ?? "-"}: ${e.message}`;
  }
  return "loaded";
}

const setCell = (t: string[][], row: number, column: string, value: string) => {
  t[row]![t[0]!.indexOf(column)] = value;
};

describe("knowledge base loading (AUDIT-CONTRACT section 3)", () => {
  it("loads the fixture, and a blank cell is no restriction", () => {
    const kb = testKb({ items: [item("X")] });
    expect(kb.itemAt("X", 0)).toMatchObject({
      priceCap: null,
      levels: null,
      drugGroup: "X",
      aloneUnpayable: false,
    });
    expect(kb.paramsAt(0)).toMatchObject({ readmissionDays: 15, rxDaysMax: { "11": 7, "51": null } });
  });
  it("stops on a missing file, column, parameter or rule", () => {
    expect(failure((f) => delete f.dx_sex)).toMatch(/^dx_sex.csv -: dx_sex.csv: missing/);
    expect(failure((f) => (f.items = f.items!.map((r) => r.slice(0, -1))))).toMatch(
      /^items.csv drug_group: .*lacks columns drug_group/,
    );
    expect(failure((f) => (f.params = f.params!.filter((r) => r[0] !== "care_types")))).toMatch(
      /care_types is missing/,
    );
    expect(failure((f) => (f.rules = f.rules!.filter((r) => r[0] !== "split-admission")))).toMatch(
      /the rule split-admission is missing/,
    );
    expect(failure((f) => (f.rules = f.rules!.filter((r) => r[0] !== "split-admission")))).toMatch(
      /^rules.csv rule:/,
    );
  });
  it("stops on a bad value, naming the record and column", () => {
    expect(failure((f) => setCell(f.items!, 1, "price_cap", "1.1234567"))).toBe(
      "items.csv price_cap: items.csv: record 2, price_cap: not a decimal with at most 6 places",
    );
    expect(failure((f) => setCell(f.items!, 2, "levels", "1|4"))).toMatch(
      /record 3, levels: 4 is not one of/,
    );
    expect(failure((f) => setCell(f.items!, 1, "chrgitm_type", "15"))).toMatch(/chrgitm_type: not one of/);
    expect(failure((f) => setCell(f.items!, 1, "min_age", "-1"))).toMatch(/min_age: not an integer/);
    expect(failure((f) => setCell(f.items!, 1, "max_times", "2"))).toMatch(
      /max_times and period_days go together/,
    );
    expect(failure((f) => setCell(f.items!, 1, "requires", "NOPE"))).toMatch(
      /requires: NOPE is not in items.csv/,
    );
    expect(failure((f) => setCell(f.items!, 2, "code", "X"))).toMatch(
      /record 3, code: the code appears twice/,
    );
    expect(failure((f) => f.item_pairs!.push(["X", "NOPE", "same_day", "", ""]))).toMatch(
      /code_b: NOPE is not in items.csv/,
    );
    expect(failure((f) => f.item_pairs!.push(["X", "Y", "sometimes", "", ""]))).toMatch(
      /relation: not one of/,
    );
    expect(
      failure((f) => f.item_pairs!.push(["X", "Y", "same_day", "", ""], ["Y", "X", "included", "", ""])),
    ).toMatch(/the pair appears twice/);
    expect(failure((f) => f.dx_sex!.push(["N40", "M"]))).toMatch(/dx_sex.csv sex/);
    expect(failure((f) => f.dx_support!.push(["J96", "", "x"]))).toMatch(/support_codes: blank/);
    expect(failure((f) => setCell(f.params!, 1, "value", "ten"))).toMatch(
      /params.csv value: .*not an integer/,
    );
    expect(failure((f) => setCell(f.rules!, 1, "enabled", "yes"))).toMatch(/enabled: not one of 0, 1/);
    expect(failure((f) => setCell(f.rules!, 1, "result", "certain"))).toMatch(/result: not one of/);
    expect(failure((f) => f.rules!.push(["no-such-rule", "policy", "definite", "1"]))).toMatch(
      /no-such-rule is not a rule Yibao knows/,
    );
    expect(failure((f) => f.items!.push(["Z", "drug"]))).toMatch(/record 4 has 2 cells/);
  });
  it("accepts a disabled rule, copies family and result from rules.csv, rates severity by result", () => {
    const kb = testKb({
      rules: [{ rule: "duplicate-line", family: "policy", result: "definite", enabled: "0" }],
    });
    expect(kb.rulesAt(0).get("duplicate-line")).toMatchObject({
      family: "policy",
      result: "definite",
      enabled: false,
      severity: "high",
    });
  });
  it("requires a product rule's parameters only when the rule is enabled", () => {
    expect(
      failure(() => {}, {
        rules: [{ rule: "frequent-admissions", family: "management", result: "suspicious", enabled: "0" }],
      }),
    ).toBe("loaded");
    expect(
      failure(() => {}, {
        rules: [{ rule: "frequent-admissions", family: "management", result: "suspicious", enabled: "1" }],
      }),
    ).toMatch(/freq_admission_days is missing/);
  });
});

describe("versions (valid_from / valid_to)", () => {
  it("picks the item version in force on a day; overlapping versions are refused", () => {
    const kb = testKb({
      items: [
        item("X", { price_cap: "10.00", valid_to: "2026-06-30" }),
        item("X", { price_cap: "12.00", valid_from: "2026-07-01" }),
      ],
    });
    const day = (t: string) => Date.parse(t) / 86_400_000;
    expect(kb.itemAt("X", day("2026-06-30"))!.priceCapText).toBe("10.00");
    expect(kb.itemAt("X", day("2026-07-01"))!.priceCapText).toBe("12.00");
    expect(() =>
      testKb({ items: [item("X", { valid_to: "2026-07-01" }), item("X", { valid_from: "2026-07-01" })] }),
    ).toThrow(/the code appears twice for the same days/);
  });
  it("needs a parameter defined exactly once on every day", () => {
    const versioned = (rows: string[][]) =>
      failure((f) => {
        f.params = [
          ["key", "value", "valid_from", "valid_to"],
          ...f
            .params!.slice(1)
            .filter((r) => r[0] !== "readmission_days")
            .map((r) => [...r, "", ""]),
          ...rows,
        ];
      });
    expect(
      versioned([
        ["readmission_days", "10", "", "2026-06-30"],
        ["readmission_days", "7", "2026-07-01", ""],
      ]),
    ).toBe("loaded");
    expect(
      versioned([
        ["readmission_days", "10", "", "2026-06-29"],
        ["readmission_days", "7", "2026-07-01", ""],
      ]),
    ).toMatch(/readmission_days is not defined exactly once on every day/);
    expect(versioned([["readmission_days", "10", "", "2026-06-30"]])).toMatch(
      /readmission_days is not defined after its last valid_to/,
    );
  });
});
